// The SCORM adaptor: reports an activity page's exercise or quiz to the LMS that launched it.
//
// Silent unless a SCORM runtime is found. The SCORM 2004 API (API_1484_11) and the SCORM 1.2 API
// (API) are looked for as the standards' discovery algorithm does it — this window and up its
// parents (at most 7 levels), then the opener's window and its parents — and an object counts only if
// it has the version's functions (some LMSs put one 1.2 object under both names). The version the
// package was exported as (the launch's `tl-scorm` parameter) is tried first, then the other. In the
// static book nothing is found and this script does nothing more.
//
// Which activity the LMS launched. The manifest launches each SCO with item parameters
// (`?tl-activity=ID&tl-scorm=VERSION`). Every page carries the book's sidebar, so a learner can move
// on inside the SCO's frame to another activity's page, which the LMS would record under the launched
// SCO (Moodle's 1.2 player), or refuse (a second Initialize). So a page reports only for the
// activity its launch names; it reports nothing, and says why, when:
//   - it was reached from another page of this package (the referrer, or a launch parameter seen
//     earlier in this tab) and is not the launched activity (remembered in sessionStorage), or
//   - the record it was given already holds another activity's answer (suspend_data names it).
// A page without a launch parameter that was not reached from inside the package was launched by an
// LMS that drops item parameters (or from an older package): it reports for itself.
//
// How it talks to the widgets: common.js's persistAnswer dispatches two window events.
// "treatylab:mount" (synchronously, before a widget restores its answer): the answer to start from
//   goes into `detail.answer` — the LMS's copy (suspend_data), or none (`null`: in an LMS its record
//   is the learner's work, not what an earlier user of this browser left in localStorage), unless
//   this browser holds a newer copy made by the same learner (one the LMS refused or never received):
//   then `detail.answer` is left alone, the widget loads the browser's copy and it is sent.
// "treatylab:answer" (on every change): detail {activity, data_version, answer, table, values,
//   marks, answered, total, correct, outOf}; this script computes suspend_data (the answer, its
//   parts' interaction numbers and the time it last changed), the score (the marker's: `correct` of
//   `outOf`, only where the edition has the key), completion and success status, and one
//   interaction per answered part and per written answer (the veto simulator's explanation, a field
//   of its answer, as much as a quiz's short answer).
//
// Calls: only values that differ from what the LMS last accepted are sent, once no change has come
// for QUIET_MS (at most FLUSH_MS after the first: typing is one change, not one per key), and
// committed once; a hidden page sends at once, and pagehide sends and terminates (Terminate saves
// what was set, without a Commit before it). An exception thrown by the LMS (by any of its five
// functions, or by a value it returns), or a refused write ("false"), is caught and said once on the
// page; a refused value is sent again with the next change.
//
// Newer copies win. Each change is noted in this browser ({learner, saved}, beside the widget's own
// copy) before anything is sent, and the note is cleared only once the LMS has accepted that answer
// whole. At the next launch the browser's copy is kept (and sent) when its note is the same
// learner's and newer than the LMS's copy, or as new and the LMS's copy was shortened to fit
// ("cut"): a refused save, an exception, a page closed before its changes were sent, or a
// shortened text never lets the LMS's older or lesser copy replace the browser's.
//
// Limits: SCORM 1.2's suspend_data holds 4,096 characters (2004: 64,000). An answer that would not
// fit has its free texts (written answers, reasons) shortened, longest first, until it fits; the full
// text stays in this browser, the page says so, and suspend_data records which texts were cut
// ("cut"). Interaction responses longer than the field allows (1.2: 255 characters, 2004: 4,000) are
// shortened (ending in "…"), and the page says so: the interaction report then shows the start of a
// written answer, and the whole text is in suspend_data. In 1.2, a choice or an order is written as strict 1.2 allows: each option
// as one character, 0-9 then a-z, by its place in the key's list of options (36 at most; more, and
// the part is a fill-in of the identifiers).
(function () {
  "use strict";
  var script = document.currentScript;
  var wanted = ((script && script.dataset.activities) || "").split(" ").filter(Boolean);
  if (!wanted.length) return;
  var QUIET_MS = 1000; // changes are sent once none has come for this long...
  var FLUSH_MS = 5000; // ...or this long after the first unsent one
  var FUNCTIONS = {
    "2004": ["Initialize", "Terminate", "GetValue", "SetValue", "Commit"],
    "1.2": ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit"],
  };
  var NAMES = { "2004": "API_1484_11", "1.2": "API" };
  var packageRoot = (function () {
    try {
      return new URL("../", script.src).href; // the adaptor is in _static/, at the package root
    } catch (e) {
      return "";
    }
  })();
  var query = (function () {
    try {
      return new URLSearchParams(window.location.search);
    } catch (e) {
      return { get: function () { return null; } };
    }
  })();
  var memory = sessionMemory();
  var remembered = memory.read();

  // --- finding the LMS ------------------------------------------------------------------------------

  var foundBroken = false;
  function usable(value, version) {
    return Boolean(value) && FUNCTIONS[version].every(function (f) { return typeof value[f] === "function"; });
  }
  function scan(win, version) {
    for (var depth = 0; win && depth <= 7; depth += 1) {
      try {
        var value = win[NAMES[version]];
        if (usable(value, version)) return value;
        if (value) foundBroken = true;
        if (!win.parent || win.parent === win) return null;
        win = win.parent;
      } catch (e) {
        return null; // a frame of another origin (or a getter that throws): the standard stops there
      }
    }
    return null;
  }
  function find(version) {
    var api = scan(window, version);
    try {
      if (!api && window.opener) api = scan(window.opener, version);
    } catch (e) {
      /* the opener is of another origin */
    }
    return api;
  }
  var preferred = query.get("tl-scorm") || (remembered && remembered.version) || "2004";
  if (!FUNCTIONS[preferred]) preferred = "2004";
  var order = [preferred, preferred === "2004" ? "1.2" : "2004"];
  var version = null;
  var api = null;
  for (var i = 0; i < order.length && !api; i += 1) {
    api = find(order[i]);
    if (api) version = order[i];
  }
  if (!api) {
    if (foundBroken) {
      say("broken", "Your course's system offers a SCORM connection this page cannot use, so your " +
        "answers are not recorded there. They are kept in this browser: download them to hand them in.");
    }
    return;
  }
  var v2004 = version === "2004";

  // --- which activity the LMS launched ----------------------------------------------------------

  var here = wanted[0];
  var named = query.get("tl-activity");
  var fromInside = (function () {
    try {
      var ref = document.referrer;
      return Boolean(ref && packageRoot && ref.indexOf(packageRoot) === 0);
    } catch (e) {
      return false;
    }
  })();
  var launched = null; // the activity this page reports, or null: another activity's SCO
  if (named) {
    launched = wanted.indexOf(named) >= 0 ? named : null;
    memory.write({ activity: named, params: true, version: version });
  } else if (fromInside || (remembered && remembered.params)) {
    launched = remembered && wanted.indexOf(remembered.activity) >= 0 ? remembered.activity : null;
  } else {
    launched = here;
    memory.write({ activity: here, params: false, version: version });
  }
  var OTHER = "This page is not the activity your course opened: open it from the course menu for " +
    "your answer to be recorded. What you do here is kept in this browser only.";
  if (!launched) {
    say("other", OTHER);
    return;
  }

  // --- the LMS, every call guarded ----------------------------------------------------------------

  var calls = v2004
    ? { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit", finish: "Terminate" }
    : { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish" };
  var problemSaid = false;
  function call(name, args) {
    try {
      return api[calls[name]].apply(api, args);
    } catch (e) {
      trouble(calls[name] + " failed (" + ((e && e.message) || e) + ")");
      return undefined;
    }
  }
  function ok(result) {
    return result === "true" || result === true;
  }
  function trouble(what) {
    if (problemSaid) return;
    problemSaid = true;
    say("refused", "Your course's system did not accept your answers (" + what + "), so they may not " +
      "be recorded there. They are kept in this browser: reopen the activity from the course later, " +
      "or download your answers to hand them in.");
  }
  var lms = {
    init: function () { return ok(call("init", [""])); },
    get: function (k) {
      var value = call("get", [k]);
      try {
        return value === undefined || value === null ? "" : String(value);
      } catch (e) {
        trouble(calls.get + " failed (" + ((e && e.message) || e) + ")"); // a value that cannot be read
        return "";
      }
    },
    set: function (k, v) { return ok(call("set", [k, v])); },
    commit: function () { return ok(call("commit", [""])); },
    finish: function () { return ok(call("finish", [""])); },
  };
  var SUSPEND_MAX = v2004 ? 64000 : 4096;
  var RESPONSE_MAX = v2004 ? 4000 : 255;
  var STATUS = v2004 ? "cmi.completion_status" : "cmi.core.lesson_status";
  var started = Date.now();

  if (!lms.init()) {
    say("refused", "Your course's system did not open a record for this page (it may allow one page " +
      "per launch), so your answers are not recorded there. They are kept in this browser: open the " +
      "activity again from the course menu.");
    return;
  }
  var done = false;
  var suspended = lms.get("cmi.suspend_data");
  var saved = (function () {
    try {
      var value = JSON.parse(suspended || "null");
      return value && typeof value === "object" ? value : null;
    } catch (e) {
      return null;
    }
  })();
  if (saved && typeof saved.activity === "string" && saved.activity !== launched) {
    // The LMS gave this page another activity's record (a player that lets a page navigated to
    // inside the SCO's frame initialise again): write nothing into it.
    say("other", OTHER);
    done = true;
    lms.finish();
    return;
  }
  if (!saved || saved.activity !== launched) saved = null;

  var sent = {}; // element -> the value the LMS last accepted
  var pending = {}; // element -> the value to send with the next commit
  var timer = null;
  var written = {}; // interaction number of each part already reported (kept in suspend_data)
  var lastAnswer = null; // the answer (JSON) the LMS holds, as far as this page knows
  var lastSaved = 0; // when that answer last changed (ms), kept with it in suspend_data
  var active = null; // the activity this SCO reports, once its widget mounts
  var learner = null;
  var passing; // the LMS's passing score, read once when first needed

  sent["cmi.suspend_data"] = suspended;
  put(v2004 ? "cmi.exit" : "cmi.core.exit", "suspend");
  // A record without this activity's answer is a new attempt; one with it gets its status from the
  // answer as soon as the widget restores it. These go with the first change, or when the page is
  // left (before any other page of the frame can open the record).
  if (!saved) put(STATUS, "incomplete");

  function put(k, v) {
    var value = String(v);
    if (sent[k] === value) delete pending[k];
    else pending[k] = value;
  }
  var firstUnsent = 0;
  function schedule() {
    if (done) return;
    if (timer === null) firstUnsent = Date.now();
    else clearTimeout(timer);
    timer = setTimeout(flush, Math.max(0, Math.min(QUIET_MS, firstUnsent + FLUSH_MS - Date.now())));
  }
  function flush(last) {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    var keys = Object.keys(pending);
    if (!keys.length) return;
    var failed = false;
    keys.forEach(function (k) {
      var value = pending[k];
      delete pending[k];
      if (lms.set(k, value)) sent[k] = value;
      else {
        failed = true;
        trouble("it refused " + k);
        if (!(k in pending)) pending[k] = value; // sent again with the next change
      }
    });
    if (last !== true && !lms.commit()) {
      failed = true;
      trouble("it refused to save");
    }
    // The note stays while the LMS may hold an older or shortened copy (see "Newer copies win").
    if (note && keys.indexOf("cmi.suspend_data") >= 0) {
      if (failed || suspendCut || suspendUnsent) keepNote();
      else note.clear();
    }
  }
  /** Note in this browser that its copy (made at lastSaved) is one the LMS may not hold whole. */
  function keepNote() {
    if (note) note.write({ learner: learnerId(), saved: lastSaved, cut: suspendCut || suspendUnsent });
  }
  function learnerId() {
    if (learner === null) learner = lms.get(v2004 ? "cmi.learner_id" : "cmi.core.student_id");
    return learner;
  }

  /** This browser's note that its copy of the answer (the widget's own key) is one the LMS did not
   * take: {learner, saved}. */
  function localNote(activity, dataVersion) {
    var key = "treatylab-scorm:" + activity + ":" + dataVersion;
    var store = null;
    try {
      store = window.localStorage;
    } catch (e) {
      store = null;
    }
    return {
      read: function () {
        try {
          var note = JSON.parse(store.getItem(key) || "null");
          var answer = store.getItem("treatylab:" + activity + ":" + dataVersion);
          return note && typeof note.saved === "number" && answer !== null ? note : null;
        } catch (e) {
          return null;
        }
      },
      write: function (value) {
        try {
          store.setItem(key, JSON.stringify(value));
        } catch (e) {
          /* storage full or disabled: the LMS copy is all there is */
        }
      },
      clear: function () {
        try {
          store.removeItem(key);
        } catch (e) {
          /* nothing to clear */
        }
      },
    };
  }
  var note = null;

  window.addEventListener("treatylab:mount", function (event) {
    var d = event.detail;
    if (d.activity !== launched || active) return;
    active = d.activity;
    note = localNote(d.activity, d.data_version);
    var mine = saved && saved.version === d.data_version ? saved : null;
    if (mine && mine.parts && typeof mine.parts === "object") written = mine.parts;
    lastAnswer = mine ? JSON.stringify(mine.answer) : null;
    lastSaved = mine && typeof mine.saved === "number" ? mine.saved : 0;
    if (!mine) {
      // Claim the record for this activity at once, so that a page of another activity that the
      // LMS would let into it (see above) finds it taken.
      put("cmi.suspend_data", JSON.stringify({ activity: active, version: d.data_version, saved: 0, parts: {}, answer: null }));
    }
    var local = note.read();
    var newer = local && (local.saved > lastSaved || (local.cut === true && local.saved >= lastSaved));
    if (newer && local.learner === learnerId()) {
      // This browser's copy is newer than the LMS's, or the same one whole where the LMS holds it
      // shortened: the widget loads it, and it is sent.
      return;
    }
    d.answer = mine ? mine.answer : null;
    if (mine) sayKept();
  });

  window.addEventListener("treatylab:answer", function (event) {
    var d = event.detail;
    if (d.activity !== active || done) return;
    var text = JSON.stringify(d.answer);
    var changed = text !== lastAnswer;
    if (changed) {
      lastAnswer = text;
      lastSaved = Math.max(Date.now(), lastSaved + 1); // always later than the copy it replaces
    }
    var values = withWritten(d);
    Object.keys(values).forEach(function (part) {
      if (!(part in written)) written[part] = Object.keys(written).length;
    });
    var state = fit({ activity: d.activity, version: d.data_version, saved: lastSaved, parts: written, answer: d.answer });
    var data = JSON.stringify(state.data);
    suspendUnsent = data.length > SUSPEND_MAX; // even shortened it does not fit: the LMS keeps its last
    if (!suspendUnsent) put("cmi.suspend_data", data);
    suspendCut = state.cut.length > 0 || suspendUnsent;
    if (changed) keepNote(); // before anything is sent: a page closed meanwhile loses nothing
    sayCut(suspendCut);
    report(d, values);
    schedule();
    sayKept();
  });

  function leave() {
    if (done) return;
    var seconds = Math.round((Date.now() - started) / 1000);
    put(v2004 ? "cmi.session_time" : "cmi.core.session_time", v2004 ? "PT" + seconds + "S" : clock(seconds));
    flush(true); // Terminate (LMSFinish) saves what was set: no Commit before it
    done = true;
    if (!lms.finish()) {
      trouble("it refused to close the session");
      if (lastAnswer !== null) keepNote(); // what was set may not have been saved
    }
  }
  window.addEventListener("pagehide", leave);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush(false);
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

  function sayResponseCut(show) {
    if (!show) return unsay("cut-response");
    say("cut-response", "Your course's system keeps at most " + RESPONSE_MAX.toLocaleString("en") + " characters " +
      "of each answer in its report of your responses, so a longer written answer appears there shortened. " +
      "The whole text is saved with your work in the course, and kept in this browser.");
  }

  function sayCut(show) {
    if (!show) return unsay("cut");
    say("cut", "Your written answers are longer than your course's system can keep: it has received " +
      "them shortened. The full text is kept in this browser; download your answers to hand it in.");
  }

  /** Inside an LMS, "kept in this browser" (the quiz's introduction) is not the whole story. */
  function sayKept() {
    var els = document.querySelectorAll(".tl-kept-note");
    for (var n = 0; n < els.length; n += 1) {
      if (els[n].dataset.lms) continue;
      els[n].dataset.lms = "true";
      (els[n].querySelector("p") || els[n]).textContent = "Your answers are sent to your course's system as you go, and a copy is " +
        "kept in this browser.";
    }
  }

  function identifier(text) {
    return String(text).replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 250) || "_";
  }

  var responseCut = false; // a response was shortened in this change (said on the page)
  var suspendCut = false; // the saved work itself had to be shortened (sayCut says so instead)
  var suspendUnsent = false; // the saved work did not fit even shortened: not sent at all
  function shorten(text) {
    if (text.length <= RESPONSE_MAX) return text;
    responseCut = true;
    return text.slice(0, RESPONSE_MAX - 1) + "…";
  }

  /** The parts' values and, beside them, the answer's written fields (the veto simulator's
   * explanation): every written answer is reported as an interaction, as a quiz's short answer is. */
  function withWritten(d) {
    var out = {};
    Object.keys(d.values).forEach(function (part) { out[part] = d.values[part]; });
    var fields = d.table.answer.fields || {};
    Object.keys(fields).forEach(function (name) {
      var text = d.answer && d.answer[name];
      if (fields[name].unmarked === "written" && typeof text === "string" && text.trim()) out[name] = text;
    });
    return out;
  }

  /** Strict SCORM 1.2 choice and sequencing responses: one character per option, by its place. */
  var CHARS = "0123456789abcdefghijklmnopqrstuvwxyz";
  function letters(values, options) {
    if (!Array.isArray(options) || options.length > CHARS.length) return null;
    var out = [];
    for (var n = 0; n < values.length; n += 1) {
      var at = options.indexOf(values[n]);
      if (at < 0) return null;
      out.push(CHARS[at]);
    }
    return out.join(",");
  }

  /** The interaction type and learner response of one part's value, for this SCORM version. */
  function describe(spec, value, order) {
    if (order || spec.type === "number") return ["numeric", String(value)];
    if (spec.type === "choice" && typeof value === "boolean") {
      return ["true-false", v2004 ? String(value) : value ? "t" : "f"];
    }
    var list = spec.type === "choice" ? [value] : value;
    if (spec.type === "choice" || spec.type === "choices" || spec.type === "permutation") {
      var type = spec.type === "permutation" ? "sequencing" : "choice";
      if (v2004) return [type, list.map(identifier).join("[,]")];
      var strict = letters(list, spec.type === "permutation" ? spec.of : spec.options);
      return strict === null ? ["fill-in", shorten(list.map(identifier).join(","))] : [type, strict];
    }
    if (spec.type === "text") return [v2004 ? "long-fill-in" : "fill-in", shorten(value)];
    return [v2004 ? "other" : "performance", shorten(JSON.stringify(value))];
  }

  function report(d, values) {
    var parts = d.table.answer.parts;
    var fields = d.table.answer.fields || {};
    var keyed = d.marks !== null && d.correct !== null && d.correct !== undefined;
    var flat = {};
    (function walk(marks, prefix) {
      Object.keys(marks || {}).forEach(function (k) {
        var path = prefix ? prefix + "/" + k : k;
        if (marks[k] && typeof marks[k] === "object") walk(marks[k], path);
        else flat[path] = Boolean(marks[k]);
      });
    })(d.marks, "");
    responseCut = false;
    Object.keys(written).forEach(function (part) {
      if (!(part in values)) return; // cleared since (an LMS cannot delete an interaction)
      var n = "cmi.interactions." + written[part] + ".";
      var isPart = Object.prototype.hasOwnProperty.call(parts, part);
      var kind = describe(isPart ? parts[part] : fields[part], values[part], isPart && d.table.answer.order);
      put(n + "id", identifier(d.activity + "." + part));
      put(n + "type", kind[0]);
      put(n + (v2004 ? "learner_response" : "student_response"), kind[1]);
      if (part in flat) put(n + "result", flat[part] ? "correct" : v2004 ? "incorrect" : "wrong");
    });
    sayResponseCut(responseCut && !suspendCut);
    // The score is the marker's (widgets/marker.js's score, as every other view gives it).
    var max = keyed ? d.outOf : 0;
    var correct = keyed ? d.correct : 0;
    var finished = d.total > 0 && d.answered >= d.total;
    var scaled = keyed && max > 0 ? correct / max : null;
    if (scaled !== null && finished && passing === undefined) {
      var given = parseFloat(lms.get(v2004 ? "cmi.scaled_passing_score" : "cmi.student_data.mastery_score"));
      passing = isNaN(given) ? null : v2004 ? given : given / 100;
    }
    if (v2004) {
      if (scaled !== null) {
        put("cmi.score.max", max);
        put("cmi.score.raw", correct);
        put("cmi.score.scaled", Math.round(scaled * 10000) / 10000);
      }
      put(STATUS, finished ? "completed" : "incomplete");
      var success = scaled === null || !finished || passing === null || passing === undefined ? "unknown"
        : scaled >= passing ? "passed" : "failed";
      if (success !== "unknown" || "cmi.success_status" in sent) put("cmi.success_status", success);
    } else {
      if (scaled !== null) {
        put("cmi.core.score.max", 100);
        put("cmi.core.score.raw", Math.round(scaled * 10000) / 100);
      }
      var lesson = !finished ? "incomplete" : scaled === null || passing === null || passing === undefined
        ? "completed" : scaled >= passing ? "passed" : "failed";
      put(STATUS, lesson);
    }
  }

  // --- the page ------------------------------------------------------------------------------------

  /** Remember, for this tab and package, which activity the LMS launched (and how it says so). */
  function sessionMemory() {
    var key = "treatylab-scorm-launch:" + packageRoot;
    return {
      read: function () {
        try {
          var value = JSON.parse(window.sessionStorage.getItem(key) || "null");
          return value && typeof value.activity === "string" ? value : null;
        } catch (e) {
          return null;
        }
      },
      write: function (value) {
        try {
          window.sessionStorage.setItem(key, JSON.stringify(value));
        } catch (e) {
          /* storage disabled: the referrer alone decides */
        }
      },
    };
  }

  /** Show `text` (once per kind) in a notice at the top of the page, announced to screen readers. */
  function say(kind, text) {
    whenReady(function () {
      var box = document.querySelector(".tl-scorm-note");
      if (!box) {
        box = document.createElement("div");
        box.className = "tl-scorm-note";
        box.setAttribute("role", "status");
        (document.querySelector("main") || document.body).prepend(box);
      }
      if (box.querySelector('[data-kind="' + kind + '"]')) return;
      var p = document.createElement("p");
      p.dataset.kind = kind;
      p.textContent = text;
      box.append(p);
    });
  }
  function unsay(kind) {
    var box = document.querySelector(".tl-scorm-note");
    if (!box) return;
    var p = box.querySelector('[data-kind="' + kind + '"]');
    if (p) p.remove();
    if (!box.children.length) box.remove();
  }
  function whenReady(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }
})();
