"""Run by the venv's Python (tests/test_wheel.py), never imported by the tests: executes every
notebook of the unpacked archive with nbclient, with a scripted answer, and writes what a student
would hand in. ``python wheel_driver.py PLAN.json``; prints a JSON report on stdout."""

import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import treatylab
import treatylab.paths

PROBE = """\
import json, sys, treatylab, treatylab.paths
from treatylab.widgets.exercise import _LATEST
widget = _LATEST[{activity!r}]()
widget.answer = json.loads({answer!r})
try:
    marks = widget.check()
except treatylab.paths.NeedsKeys as exc:
    marks = "needs keys: " + str(exc)
handin = widget.handin_record() if isinstance(marks, str) else widget.to_dict()
found = {{"file": treatylab.__file__, "path": sys.path, "marks": marks, "handin": handin}}
print("PROBE " + json.dumps(found))"""


def main() -> None:
    plan = json.loads(Path(sys.argv[1]).read_text())
    handin = Path(plan["handin"])
    handin.mkdir(parents=True, exist_ok=True)
    report = {"file": treatylab.__file__, "installed": treatylab.paths.INSTALLED, "notebooks": {}}
    for stem, (activity, answer) in plan["notebooks"].items():
        notebook = nbformat.read(f"{stem}.ipynb", as_version=4)
        probe = nbformat.v4.new_code_cell(PROBE.format(activity=activity, answer=json.dumps(answer)))
        tagged = [i for i, c in enumerate(notebook.cells) if "submission" in c.metadata.get("tags", [])]
        notebook.cells.insert(tagged[0] if tagged else len(notebook.cells), probe)
        NotebookClient(
            notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": "."}}
        ).execute()
        errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.output_type == "error"]
        text = "".join(o.get("text", "") for o in probe.outputs if o.output_type == "stream")
        found = json.loads(text.split("PROBE ", 1)[1]) if "PROBE " in text else {}
        report["notebooks"][stem] = {"errors": [f"{e.ename}: {e.evalue}" for e in errors], **found}
        if tagged:  # the assignment edition: the executed notebook itself is handed in
            nbformat.write(notebook, handin / f"{stem}.ipynb")
        elif found:
            (handin / f"{stem}.json").write_text(json.dumps(found["handin"]))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
