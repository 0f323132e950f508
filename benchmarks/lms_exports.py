"""Figures: the LMS exports of the shipped quiz banks, scored as each LMS scores them. Prints JSON:
the contested items and the answers their keys accept, how many of those answers earn full marks
in each reading (Moodle XML, GIFT, QTI by the specification, QTI as Canvas marks it), and how
many position items carry marks or mark one choice above another.

Run from the repository root: ``python benchmarks/lms_exports.py``. The scoring is the tests'
(``tests/export/lms_scoring.py``); the files are written to a temporary folder.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.lms_scoring import export_all, figures  # noqa: E402
from treatylab.paths import DATA_DIR  # noqa: E402

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as out:
        export_all(DATA_DIR, Path(out))
        print(json.dumps(figures(DATA_DIR, Path(out)), indent=1))
