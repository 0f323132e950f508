"""Which page of the book holds which activity: the widget each exercise page creates and the quiz
bank each chapter loads, read from the pages' sources. The "My work" page, the teaching guide's
outcome map, the class report and the tests all ask here."""

from __future__ import annotations

import re
from pathlib import Path

from treatylab.marking import QUIZ_PREFIX

_WIDGET = re.compile(r"^\w+ = (\w+)\(", re.M)
_QUIZ = re.compile(r"Quiz\.from_bank\(\s*[\"']data/quizzes/([\w-]+)\.yaml[\"']")
_TITLE = re.compile(r"^# (.+)$", re.M)


def _widget_modules() -> dict[str, str]:
    from treatylab import widgets

    return {name: getattr(widgets, name).module for name in widgets.__all__}


def activities(srcdir: Path, docnames: list[str]) -> list[dict[str, str]]:
    """Every activity on the given pages, in page order: id, kind, page and title."""
    modules = _widget_modules()
    found = []
    for docname in docnames:
        path = srcdir / f"{docname}.md"
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        title = _TITLE.search(text)
        for chapter in _QUIZ.findall(text):
            found.append({"activity": f"{QUIZ_PREFIX}{chapter}", "kind": "Quiz", "docname": docname})
        for widget in _WIDGET.findall(text):
            if widget in modules and widget != "Quiz":
                title_text = title[1].strip() if title else docname
                found.append(
                    {"activity": modules[widget], "kind": "Exercise", "docname": docname, "title": title_text}
                )
    return found


def exercise_pages(srcdir: Path) -> list[str]:
    """The exercise pages' docnames (``exercises/01-clause-viewer``, ...)."""
    return [f"exercises/{p.stem}" for p in sorted((srcdir / "exercises").glob("*.md"))]
