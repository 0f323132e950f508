// Shared by every treatylab exercise. The Python side prepends this file to each widget's own
// module (anywidget loads one ES module per widget, so there is nothing to import from).
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

/** Progress kept in localStorage under a key versioned by exercise and data version. */
function progressStore(model) {
  const key = `treatylab:${model.get("exercise_id")}:${model.get("data_version")}`;
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
      if (!storage) return;
      try {
        storage.setItem(key, JSON.stringify(value));
      } catch (e) {
        /* quota or privacy settings: keep working without persistence */
      }
    },
    clear() {
      if (storage) storage.removeItem(key);
    },
  };
}

const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Wire a widget's `answer` to localStorage: restore a valid stored answer (and send it to Python),
 * save every change. Returns {reset} to clear both.
 */
function persistAnswer(model, isValid, empty) {
  const store = progressStore(model);
  const stored = store.load(isValid);
  if (stored !== undefined && JSON.stringify(stored) !== JSON.stringify(model.get("answer"))) {
    model.set("answer", stored);
    model.save_changes();
  }
  const onChange = () => store.save(model.get("answer"));
  model.on("change:answer", onChange);
  return {
    reset() {
      store.clear();
      model.set("answer", empty());
      model.save_changes();
    },
    dispose() {
      model.off("change:answer", onChange);
    },
  };
}

/** A polite live region for status messages (screen readers announce its changes). */
function statusRegion(extraClass = "") {
  return h("p", { class: `tl-status ${extraClass}`.trim(), role: "status", "aria-live": "polite" });
}

/** The standard toolbar: a primary action and a reset button. */
function toolbar(primaryLabel, onPrimary, onReset) {
  const primary = h("button", { type: "button", class: "tl-button tl-primary", text: primaryLabel });
  primary.addEventListener("click", onPrimary);
  const reset = h("button", { type: "button", class: "tl-button tl-reset", text: "Reset" });
  reset.addEventListener("click", onReset);
  return h("div", { class: "tl-toolbar" }, primary, reset);
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
const NO_KEY_MESSAGE = "Your answers are recorded. This edition carries no answer key: your instructor will give feedback.";
