// Shared by every treatylab exercise. The Python side prepends this file and marker.js to each
// widget's own module (anywidget loads one ES module per widget, so there is nothing to import from).
// Everything from data is inserted with textContent, never parsed as HTML.

let tlSerial = 0;

/** A unique id for label/aria wiring (several widgets may share a page). */
function uid(stem) {
  tlSerial += 1;
  return `tl-${stem}-${Math.random().toString(36).slice(2, 7)}-${tlSerial}`;
}

/** Create an element: h("p", {class: "x", text: "hello"}, child, ...). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child != null && child !== false) el.append(child);
  return el;
}

/** Progress kept in localStorage under a key versioned by exercise and data version. A save the
 * browser refuses (storage full, blocked or switched off) calls `onFail` and changes nothing else. */
function progressStore(model, part = "", onFail = () => {}) {
  const key = `treatylab:${model.get("exercise_id")}:${model.get("data_version")}${part ? `:${part}` : ""}`;
  const storage = (() => {
    try {
      const s = window.localStorage;
      s.getItem(key);
      return s;
    } catch (e) {
      return null; // storage disabled (private mode, sandboxed frame): progress is not kept
    }
  })();
  return {
    key,
    /** The stored value if it passes `isValid`; anything else is discarded. */
    load(isValid) {
      if (!storage) return undefined;
      const raw = storage.getItem(key);
      if (raw == null) return undefined;
      try {
        const value = JSON.parse(raw);
        if (isValid(value)) return value;
      } catch (e) {
        /* corrupted: fall through */
      }
      storage.removeItem(key);
      return undefined;
    },
    save(value) {
      if (!storage) {
        onFail();
        return;
      }
      try {
        storage.setItem(key, JSON.stringify(value));
      } catch (e) {
        onFail(); // quota or privacy settings: keep working without persistence, and say so
      }
    },
    clear() {
      if (storage) storage.removeItem(key);
    },
  };
}

const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
/** `obj[key]` if present (even null), else `fallback`: Python's dict.get(key, fallback). */
const getOr = (obj, key, fallback) => (Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : fallback);

/**
 * What the "My work" page shows for an activity: how much is answered (`progressOf(data, answer)`,
 * the widget's own count, written answers included) and, where this edition has the key, the
 * marker's score (`correct` of `outOf`: the one score every view gives, see marker.js's score).
 */
function summarize(model, progressOf, answer) {
  const table = model.get("table");
  const { answered, total } = progressOf(model.get("data"), answer);
  const marked = hasKey(table) ? score(table, answer) : null;
  return { answered, total, correct: marked ? marked.right : null, outOf: marked ? marked.outOf : null };
}

/**
 * Wire a widget's `answer` to localStorage: restore a stored answer that the marker finds valid
 * (and send it to Python), save every change with its summary for the "My work" page.
 * Returns {reset} to clear both.
 */
function persistAnswer(model, progressOf, empty) {
  const warn = () => storageNotice(model);
  const store = progressStore(model, "", warn);
  const summary = progressStore(model, "summary", warn);
  const table = model.get("table");
  const activity = { activity: model.get("exercise_id"), data_version: model.get("data_version") };
  // An LMS adaptor (book/static/scorm-adaptor.js; nothing listens in the static book) may set
  // `answer` to the answer the LMS holds, which then wins over this browser's (null: none).
  const launch = { ...activity, answer: undefined };
  window.dispatchEvent(new CustomEvent("treatylab:mount", { detail: launch }));
  const stored = launch.answer === undefined ? store.load((v) => isValid(table, v))
    : launch.answer !== null && isValid(table, launch.answer) ? launch.answer : undefined;
  if (stored !== undefined && JSON.stringify(stored) !== JSON.stringify(model.get("answer"))) {
    model.set("answer", stored);
    model.save_changes();
  }
  const onChange = () => {
    const answer = model.get("answer");
    const counts = summarize(model, progressOf, answer);
    store.save(answer);
    summary.save({ ...counts, saved: new Date().toISOString() });
    const marks = hasKey(table) ? check(table, answer) : null;
    const detail = { ...activity, answer, table, values: partValues(table, answer), marks, ...counts };
    window.dispatchEvent(new CustomEvent("treatylab:answer", { detail }));
  };
  if (stored !== undefined) onChange();
  model.on("change:answer", onChange);
  return {
    reset() {
      store.clear();
      summary.clear();
      model.set("answer", empty());
      model.save_changes();
    },
    dispose() {
      model.off("change:answer", onChange);
    },
  };
}

const STORAGE_MESSAGE = "Your answers could not be kept in this browser: download them now.";

/**
 * Say once per activity, in one notice at the foot of the page (role="alert": read out when it
 * appears), that this browser did not keep the answers, with a button that downloads them. The
 * widget keeps working; the notice can be hidden and comes back for another activity.
 */
function storageNotice(model) {
  const id = model.get("exercise_id");
  let notice = document.getElementById("tl-storage-notice");
  if (notice && notice.querySelector(`[data-activity="${CSS.escape(id)}"]`)) return;
  if (!notice) {
    notice = h("div", { id: "tl-storage-notice", class: "tl-widget tl-storage-notice", role: "alert" },
      h("p", { class: "tl-storage-message", text: STORAGE_MESSAGE }));
    const buttons = h("div", { class: "tl-toolbar" });
    const hide = h("button", { type: "button", class: "tl-button", text: "Hide this message" });
    hide.addEventListener("click", () => { notice.hidden = true; });
    notice.append(buttons, hide);
    document.body.append(notice);
  }
  const title = model.get("data")?.title;
  const button = h("button", { type: "button", class: "tl-button tl-primary", "data-activity": id,
    text: title ? `Download my answers: ${title}` : "Download my answers" });
  button.addEventListener("click", () => {
    downloadFile(`${id}-answers.json`, "application/json", JSON.stringify(handIn(model), null, 2) + "\n");
  });
  notice.querySelector(".tl-toolbar").append(button);
  notice.hidden = false;
}

/** Save `text` as a file the browser downloads (a blob URL: no network, works from file://). */
function downloadFile(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The hand-in record: the shape of the notebook's hand-in cell and of to_dict() (without marks). */
function handIn(model) {
  return { exercise: model.get("exercise_id"), data_version: model.get("data_version"), answer: model.get("answer") };
}

/** "Download my answers": saves the hand-in record as JSON and says so in `status`. */
function downloadButton(model, status) {
  const button = h("button", { type: "button", class: "tl-button tl-download", text: "Download my answers" });
  button.addEventListener("click", () => {
    const name = `${model.get("exercise_id")}-answers.json`;
    downloadFile(name, "application/json", JSON.stringify(handIn(model), null, 2) + "\n");
    status.textContent = `Your answers were saved as ${name}. Hand in that file as your instructor asks.`;
  });
  return button;
}

/** A polite live region for status messages (screen readers announce its changes). */
function statusRegion(extraClass = "") {
  return h("p", { class: `tl-status ${extraClass}`.trim(), role: "status", "aria-live": "polite" });
}

/**
 * The standard toolbar: a primary action, a reset button and "Download my answers". Without a key
 * (the assignment edition) the primary action has nothing to show, so it says what it does:
 * "Record my answers" (unless the widget names a key-free action, `noKeyLabel`).
 */
function toolbar(primaryLabel, onPrimary, onReset, model, status, noKeyLabel = "Record my answers") {
  const label = hasKey(model.get("table")) ? primaryLabel : noKeyLabel;
  const primary = h("button", { type: "button", class: "tl-button tl-primary", text: label });
  primary.addEventListener("click", onPrimary);
  const reset = h("button", { type: "button", class: "tl-button tl-reset", text: "Reset" });
  reset.addEventListener("click", onReset);
  return h("div", { class: "tl-toolbar" }, primary, reset, downloadButton(model, status));
}

/** "✓ Correct." / "✗ Not quite." as text, so feedback never relies on colour alone. */
function verdict(ok) {
  return h("strong", { class: ok ? "tl-ok" : "tl-no", text: ok ? "✓ Correct. " : "✗ Not quite. " });
}

/** A source citation line for feedback. */
function sourceNote(source) {
  return h("span", { class: "tl-fb-source", text: ` (Source: ${source})` });
}

/** Shown instead of feedback in the assignment edition, whose pages carry no answer key. */
const NO_KEY_MESSAGE = "Your answers are recorded in this browser. This edition carries no answer key: hand them in " +
  "(Download my answers) and your instructor will give feedback.";

/**
 * A counter under a text box with a length limit: "120 of 600 characters". Nothing is cut: a
 * longer text (typed or pasted) is kept whole, and the counter says by how much it is over, so the
 * student can shorten it before handing it in. Returns update(text), to call on every change.
 */
function lengthCounter(area, limit) {
  const counter = h("p", { class: "tl-help tl-count", id: uid("count"), "aria-live": "polite" });
  area.setAttribute("aria-describedby", [area.getAttribute("aria-describedby"), counter.id].filter(Boolean).join(" "));
  area.after(counter);
  return (text) => {
    const n = (text || "").length;
    const over = n - limit;
    counter.textContent = over > 0
      ? `${n} of ${limit} characters: ${over} too many. Shorten it: a longer answer is cut to ${limit} when it is marked.`
      : `${n} of ${limit} characters.`;
    counter.classList.toggle("tl-over", over > 0);
    if (over > 0) area.setAttribute("aria-invalid", "true");
    else area.removeAttribute("aria-invalid");
  };
}

/**
 * Where the student was in a widget (which part is shown, whether feedback was asked for), kept in
 * localStorage beside the answer so that a page opened again comes back as it was left. `defaults`
 * gives the shape; a stored value of another shape is dropped. Cleared by the widget's Reset.
 */
function viewState(model, defaults) {
  const store = progressStore(model, "view");
  const fits = (v) => isPlainObject(v) && Object.keys(defaults).every((k) => typeof v[k] === typeof defaults[k]);
  let state = { ...defaults, ...(store.load(fits) || {}) };
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...patch };
      store.save(state);
    },
    clear() {
      state = { ...defaults };
      store.clear();
    },
  };
}
