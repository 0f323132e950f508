// The SCORM adaptor: reports an activity page's exercise or quiz to the LMS that launched it.
//
// Silent unless a SCORM runtime is found: the SCORM 2004 API (window.API_1484_11) or the SCORM 1.2
// API (window.API), looked for as the standards' discovery algorithm does it — this window and up
// its parents (at most 7 levels), then the opener's window and its parents. In the static book
// nothing is found and this script does nothing more.
//
// How it talks to the widgets: common.js's persistAnswer dispatches two window events.
// "treatylab:mount" (synchronously, before a widget restores its answer): if the LMS's
//   suspend_data holds an answer to this activity and data version, it goes into `detail.answer`
//   and the widget starts from it (validated by the widget, as a stored answer is); otherwise
//   `detail.answer = null` — in an LMS its record is the learner's work, not what an earlier user
//   of this browser left in localStorage.
// "treatylab:answer" (on every change): detail {activity, data_version, answer, table, values,
//   marks, answered, total}; this script stores the answer in suspend_data, the score (only where
//   the edition has the key), completion and success status, and one interaction per answered
//   part, then commits. On pagehide it terminates.
//
// Limits: SCORM 1.2's suspend_data holds 4,096 characters (2004: 64,000). An answer that would
// not fit has its free texts (written answers, reasons) shortened, longest first, until it fits;
// the full text stays in this browser, the page says so, and suspend_data records which texts
// were cut ("cut"). Interaction responses longer than the field allows (1.2: 255 characters,
// 2004: 4,000) are shortened the same way.
(function () {
  "use strict";
  var script = document.currentScript;
  var wanted = ((script && script.dataset.activities) || "").split(" ").filter(Boolean);

  function scan(win, name) {
    for (var depth = 0; win && depth <= 7; depth += 1) {
      try {
        if (win[name]) return win[name];
        if (!win.parent || win.parent === win) return null;
        win = win.parent;
      } catch (e) {
        return null; // a frame of another origin: the standard stops there too
      }
    }
    return null;
  }

  function find(name) {
    var api = scan(window, name);
    try {
      if (!api && window.opener) api = scan(window.opener, name);
    } catch (e) {
      /* the opener is of another origin */
    }
    return api;
  }

  var api2004 = find("API_1484_11");
  var api12 = api2004 ? null : find("API");
  if (!wanted.length || !(api2004 || api12)) return;

  // The two versions' calls and data model, behind one small interface.
  var v2004 = Boolean(api2004);
  var lms = v2004
    ? {
        init: function () { return api2004.Initialize("") === "true"; },
        get: function (k) { return api2004.GetValue(k); },
        set: function (k, v) { return api2004.SetValue(k, String(v)) === "true"; },
        commit: function () { return api2004.Commit(""); },
        finish: function () { return api2004.Terminate(""); },
      }
    : {
        init: function () { return api12.LMSInitialize("") === "true"; },
        get: function (k) { return api12.LMSGetValue(k); },
        set: function (k, v) { return api12.LMSSetValue(k, String(v)) === "true"; },
        commit: function () { return api12.LMSCommit(""); },
        finish: function () { return api12.LMSFinish(""); },
      };
  var SUSPEND_MAX = v2004 ? 64000 : 4096;
  var RESPONSE_MAX = v2004 ? 4000 : 255;
  var started = Date.now();
  var active = null; // the activity this SCO reports: the first of `wanted` whose widget mounts
  var written = {}; // interaction index of each part already reported (kept in suspend_data)
  var done = false;

  if (!lms.init()) return;
  lms.set(v2004 ? "cmi.exit" : "cmi.core.exit", "suspend");
  var status = lms.get(v2004 ? "cmi.completion_status" : "cmi.core.lesson_status");
  if (status === "not attempted" || status === "unknown" || status === "") {
    lms.set(v2004 ? "cmi.completion_status" : "cmi.core.lesson_status", "incomplete");
  }
  lms.commit();

  var saved = (function () {
    try {
      var value = JSON.parse(lms.get("cmi.suspend_data") || "null");
      return value && typeof value === "object" ? value : null;
    } catch (e) {
      return null;
    }
  })();

  window.addEventListener("treatylab:mount", function (event) {
    var d = event.detail;
    if (wanted.indexOf(d.activity) < 0 || (active && active !== d.activity)) return;
    active = d.activity;
    var mine = saved && saved.activity === d.activity && saved.version === d.data_version;
    d.answer = mine ? saved.answer : null;
    if (mine && saved.parts && typeof saved.parts === "object") written = saved.parts;
  });

  window.addEventListener("treatylab:answer", function (event) {
    var d = event.detail;
    if (d.activity !== active || done) return;
    var partIds = Object.keys(d.table.answer.parts);
    Object.keys(d.values).forEach(function (part) {
      if (!(part in written)) written[part] = Object.keys(written).length;
    });
    var state = fit({ activity: d.activity, version: d.data_version, parts: written, answer: d.answer });
    var text = JSON.stringify(state.data);
    if (text.length <= SUSPEND_MAX) lms.set("cmi.suspend_data", text);
    notice(state.cut.length > 0 || text.length > SUSPEND_MAX);
    report(d, partIds);
    lms.commit();
  });

  window.addEventListener("pagehide", function () {
    if (done) return;
    done = true;
    var seconds = Math.round((Date.now() - started) / 1000);
    lms.set(v2004 ? "cmi.session_time" : "cmi.core.session_time", v2004 ? "PT" + seconds + "S" : clock(seconds));
    lms.commit();
    lms.finish();
  });

  function clock(seconds) {
    var pad = function (n, w) { return String(n).padStart(w, "0"); };
    return pad(Math.floor(seconds / 3600), 4) + ":" + pad(Math.floor(seconds / 60) % 60, 2) + ":" + pad(seconds % 60, 2);
  }

  /** The answer's free texts: [holder object, key, path], where `path` names it. */
  function texts(value, path, out) {
    if (Array.isArray(value)) return out;
    if (value && typeof value === "object") {
      Object.keys(value).forEach(function (k) {
        if (typeof value[k] === "string" && value[k].length > 40) out.push([value, k, path.concat(k).join("/")]);
        else texts(value[k], path.concat(k), out);
      });
    }
    return out;
  }

  /** `data` (a fresh copy) with its longest texts shortened until it fits in suspend_data. */
  function fit(data) {
    var copy = JSON.parse(JSON.stringify(data));
    var cut = [];
    var budget = SUSPEND_MAX - 200; // room for the list of cut texts
    var all = texts(copy.answer, [], []);
    while (JSON.stringify(copy).length > budget && all.length) {
      all.sort(function (a, b) { return b[0][b[1]].length - a[0][a[1]].length; });
      var longest = all[0];
      var over = JSON.stringify(copy).length - budget;
      var keep = Math.max(0, longest[0][longest[1]].length - over - 1);
      longest[0][longest[1]] = longest[0][longest[1]].slice(0, keep) + "…";
      if (cut.indexOf(longest[2]) < 0) cut.push(longest[2]);
      if (keep === 0) all.shift();
    }
    if (cut.length) copy.cut = cut;
    return { data: copy, cut: cut };
  }

  /** Tell the learner (once) that the LMS keeps a shortened copy of their texts. */
  function notice(show) {
    var el = document.querySelector(".tl-scorm-note");
    if (!show) {
      if (el) el.remove();
      return;
    }
    if (el) return;
    el = document.createElement("p");
    el.className = "tl-scorm-note";
    el.setAttribute("role", "status");
    el.textContent = "Your written answers are longer than your course's system can keep: it has " +
      "received them shortened. The full text is kept in this browser; download your answers to hand it in.";
    var main = document.querySelector("main") || document.body;
    main.prepend(el);
  }

  function identifier(text) {
    return String(text).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 250) || "_";
  }

  function shorten(text) {
    return text.length <= RESPONSE_MAX ? text : text.slice(0, RESPONSE_MAX - 1) + "…";
  }

  /** The interaction type and learner response of one part's value, for this SCORM version. */
  function describe(spec, value, order) {
    var sep = v2004 ? "[,]" : ",";
    if (order || spec.type === "number") return ["numeric", String(value)];
    if (spec.type === "choice" && typeof value === "boolean") {
      return ["true-false", v2004 ? String(value) : value ? "t" : "f"];
    }
    if (spec.type === "choice") return ["choice", identifier(value)];
    if (spec.type === "choices") return ["choice", value.map(identifier).join(sep)];
    if (spec.type === "permutation") return ["sequencing", value.map(identifier).join(sep)];
    if (spec.type === "text") return [v2004 ? "long-fill-in" : "fill-in", shorten(value)];
    return [v2004 ? "other" : "performance", shorten(JSON.stringify(value))];
  }

  function report(d, partIds) {
    var parts = d.table.answer.parts;
    var keyed = d.marks !== null;
    var flat = {};
    (function walk(marks, prefix) {
      Object.keys(marks || {}).forEach(function (k) {
        var path = prefix ? prefix + "/" + k : k;
        if (marks[k] && typeof marks[k] === "object") walk(marks[k], path);
        else flat[path] = Boolean(marks[k]);
      });
    })(d.marks, "");
    Object.keys(written).forEach(function (part) {
      if (!(part in d.values)) return; // cleared since (an LMS cannot delete an interaction)
      var n = "cmi.interactions." + written[part] + ".";
      var kind = describe(parts[part], d.values[part], d.table.answer.order);
      lms.set(n + "id", identifier(d.activity + "." + part));
      lms.set(n + "type", kind[0]);
      lms.set(n + (v2004 ? "learner_response" : "student_response"), kind[1]);
      if (part in flat) lms.set(n + "result", flat[part] ? "correct" : v2004 ? "incorrect" : "wrong");
    });
    // The score: of every marked part where each one is expected, else of those answered.
    var marked = partIds.filter(function (p) { return !parts[p].unmarked; });
    var max = d.table.complete ? marked.length : Object.keys(flat).length;
    var correct = Object.keys(flat).filter(function (p) { return flat[p]; }).length;
    var finished = d.total > 0 && d.answered >= d.total;
    var scaled = keyed && max > 0 ? correct / max : null;
    if (v2004) {
      if (scaled !== null) {
        lms.set("cmi.score.min", 0);
        lms.set("cmi.score.max", max);
        lms.set("cmi.score.raw", correct);
        lms.set("cmi.score.scaled", Math.round(scaled * 10000) / 10000);
      }
      lms.set("cmi.completion_status", finished ? "completed" : "incomplete");
      var passing = parseFloat(lms.get("cmi.scaled_passing_score"));
      var success = scaled === null || !finished || isNaN(passing) ? "unknown" : scaled >= passing ? "passed" : "failed";
      lms.set("cmi.success_status", success);
    } else {
      if (scaled !== null) {
        lms.set("cmi.core.score.min", 0);
        lms.set("cmi.core.score.max", 100);
        lms.set("cmi.core.score.raw", Math.round(scaled * 10000) / 100);
      }
      var mastery = parseFloat(lms.get("cmi.student_data.mastery_score"));
      var lesson = !finished ? "incomplete" : scaled === null || isNaN(mastery) ? "completed"
        : scaled * 100 >= mastery ? "passed" : "failed";
      lms.set("cmi.core.lesson_status", lesson);
    }
  }
})();
