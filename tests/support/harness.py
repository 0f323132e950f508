"""Render one widget's ES module in a bare page with a stand-in model, to probe it with any data.

The stand-in implements the part of anywidget's model contract our widgets use (get, set, on, off,
save_changes), so the same ESM that runs in the book and in JupyterLab runs here unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>widget harness</title><style>{css}</style></head>
<body><div id="root"></div>
<script type="application/json" id="state">{state}</script>
<script type="application/json" id="esm">{esm}</script>
<script type="module">
const state = JSON.parse(document.getElementById("state").textContent);
const esm = JSON.parse(document.getElementById("esm").textContent);
const listeners = {{}};
const model = {{
  get: (k) => state[k],
  set: (k, v) => {{ state[k] = v; (listeners["change:" + k] || []).forEach((f) => f()); }},
  on: (e, f) => {{ (listeners[e] ||= []).push(f); }},
  off: (e, f) => {{ listeners[e] = (listeners[e] || []).filter((g) => g !== f); }},
  save_changes: () => {{ window.__saved = (window.__saved || 0) + 1; }},
  send: () => {{}},
}};
window.__state = state;
const mod = await import(URL.createObjectURL(new Blob([esm], {{ type: "text/javascript" }})));
mod.default.render({{ model, el: document.getElementById("root") }});
document.body.dataset.rendered = "yes";
</script></body></html>
"""


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script> element (no closing tag can appear)."""
    return json.dumps(value).replace("</", "<\\/").replace("<!--", "<\\!--")


def write_harness(widget, path: Path) -> Path:
    """Write a page rendering ``widget`` (its current state) to ``path``."""
    state = {k: v for k, v in widget.get_state().items() if not k.startswith("_")}
    path.write_text(
        PAGE.format(
            css=widget._css.replace("</", "<\\/"), state=_script_json(state), esm=_script_json(widget._esm)
        ),
        encoding="utf-8",
    )
    return path
