// The "My work" page: every exercise and quiz of the book with this browser's progress, and one
// button that downloads all of it as a single "my-work" bundle for `python -m treatylab grade`.
//
// It reads what the widgets save in localStorage (common.js): the answer under
// "treatylab:<activity>:<data version>" and its summary under "...:summary". Only the data
// versions this build of the book uses are read, so answers given against older data are named,
// not handed in. Everything is inserted as text, never as HTML.
(function () {
  "use strict";

  function storage() {
    try {
      const s = window.localStorage;
      s.getItem("treatylab:probe");
      return s;
    } catch (e) {
      return null; // storage disabled: nothing was saved, and nothing can be read
    }
  }

  function readJSON(store, key) {
    const raw = store && store.getItem(key);
    if (raw == null) return undefined;
    try {
      return JSON.parse(raw);
    } catch (e) {
      return undefined;
    }
  }

  function storedKeys(store) {
    const keys = [];
    for (let i = 0; store && i < store.length; i += 1) keys.push(store.key(i));
    return keys;
  }

  const isCount = (n) => Number.isInteger(n) && n >= 0;

  function mount(root) {
    const manifest = JSON.parse(root.querySelector(".tl-my-work-data").textContent);
    const message = root.querySelector(".tl-my-work-message");
    const button = root.querySelector(".tl-my-work-download");
    const store = storage();

    /** Each activity with its stored answer and summary (current data version only). */
    function collect() {
      const keys = storedKeys(store);
      return manifest.activities.map((a) => {
        const base = `treatylab:${a.activity}:${a.version}`;
        const answer = readJSON(store, base);
        const summary = readJSON(store, `${base}:summary`);
        const stale = keys.some((k) => k.startsWith(`treatylab:${a.activity}:`) && !k.startsWith(base));
        return { ...a, answer, summary, stale };
      });
    }

    function describe(entry) {
      const s = entry.summary;
      if (entry.answer === undefined) return { status: "Not started", score: "—" };
      if (!s || !isCount(s.answered) || !isCount(s.total)) return { status: "Started (open it to update)", score: "—" };
      const status = s.answered === 0 ? "Not started"
        : s.answered >= s.total ? `Done (${s.answered} of ${s.total})` : `In progress (${s.answered} of ${s.total})`;
      // The marker's score (widgets/marker.js: only marked parts count), saved with the summary;
      // a summary saved by an older page has none until the activity is opened again.
      const score = manifest.edition === "assignment" ? "From your instructor"
        : isCount(s.correct) && isCount(s.outOf) ? `${s.correct} of ${s.outOf} correct`
          : isCount(s.correct) ? "Open it to update" : "—";
      return { status, score };
    }

    function refresh() {
      for (const entry of collect()) {
        const row = root.querySelector(`tr[data-activity="${CSS.escape(entry.activity)}"]`);
        if (!row) continue;
        const { status, score } = describe(entry);
        const cell = row.querySelector(".tl-my-work-status");
        cell.textContent = status;
        if (entry.stale) {
          const note = document.createElement("span");
          note.className = "tl-my-work-stale";
          note.textContent = " Earlier answers, given before this activity changed, are not included.";
          cell.append(note);
        }
        row.dataset.status = status.split(" ")[0].toLowerCase();
        row.querySelector(".tl-my-work-score").textContent = score;
      }
    }

    button.addEventListener("click", () => {
      const done = collect().filter((e) => e.answer !== undefined);
      if (!done.length) {
        message.textContent = store
          ? "Nothing to hand in yet: no exercise or quiz has answers saved in this browser."
          : "This browser does not let the book save anything (private mode or storage switched off).";
        return;
      }
      const bundle = {
        treatylab: "my-work",
        format: 1,
        edition: manifest.edition,
        saved: new Date().toISOString(),
        activities: done.map((e) => ({ exercise: e.activity, data_version: e.version, answer: e.answer })),
      };
      const url = URL.createObjectURL(new Blob([JSON.stringify(bundle, null, 2) + "\n"], { type: "application/json" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = "my-work.json";
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      message.textContent = `Saved my-work.json with ${done.length} of ${manifest.activities.length} activities. Hand in that file as your instructor asks.`;
    });

    window.addEventListener("storage", refresh); // another tab answered something
    refresh();
  }

  function mountAll() {
    document.querySelectorAll(".tl-my-work").forEach(mount);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
