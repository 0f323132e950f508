"""Does everything agree with the activity registry? Each activity's widget class, front-end files,
data file and book page: a build fails (and the tests fail) on any disagreement, so that adding or
renaming an activity in one place and not another cannot pass unnoticed."""

from __future__ import annotations

import re
from pathlib import Path

from treatylab.content import Content
from treatylab.load import DataErrors

WIDGETS = Path(__file__).parent / "widgets"
#: A chapter's quiz cell: ``treatylab.Quiz.from_bank("data/quizzes/<file>.yaml", ...)``.
_QUIZ_CELL = re.compile(r"""Quiz\.from_bank\(\s*["']data/quizzes/([^"']+)["']""")


def registry_problems(root: Path) -> list[str]:
    """Every disagreement between the registry and the widgets, the data and the pages of ``root``."""
    from treatylab.widgets.exercise import SHARED_JS, Exercise

    content = Content.at(root / "data")
    problems: list[str] = []
    used_js = set(SHARED_JS)
    for activity in content.exercises():
        where = f"treatylab.activities: {activity.id}"
        try:
            cls = activity.widget_class()
        except (ImportError, AttributeError) as exc:
            problems.append(f"{where}: widget {activity.widget} cannot be imported ({exc})")
            continue
        if not (isinstance(cls, type) and issubclass(cls, Exercise)) or cls.activity is not activity:
            problems.append(f"{where}: {activity.widget} is not this activity's widget")
            continue
        used_js |= {f"{cls.module}.js", *cls.uses}
        for suffix in (".js", ".css"):
            if not (WIDGETS / f"{activity.module}{suffix}").is_file():
                problems.append(f"{where}: no front-end file widgets/{activity.module}{suffix}")
        if not (content.dir / activity.data.name).is_file():
            problems.append(f"{where}: no data file data/{activity.data.name}")
        page = root / f"{activity.page}.md"
        if not page.is_file():
            problems.append(f"{where}: no page {activity.page}.md")
        elif re.search(rf"\b{activity.widget_name}\(", page.read_text(encoding="utf-8")) is None:
            problems.append(
                f"{page.relative_to(root)}: makes no {activity.widget_name} "
                f"(the registry puts {activity.id} on this page)"
            )
    used_js.add("quiz.js")
    for script in sorted(WIDGETS.glob("*.js")):
        if script.name not in used_js:
            problems.append(f"src/treatylab/widgets/{script.name}: no widget of the registry uses it")
    try:
        banks = content.bank_files()
    except DataErrors:
        return problems  # validate reports the banks' errors
    for file in banks:
        chapter = Path(file.name).stem
        page = root / "chapters" / f"{chapter}.md"
        cells = _QUIZ_CELL.findall(page.read_text(encoding="utf-8")) if page.is_file() else []
        if Path(file.name).name not in cells:
            problems.append(f"chapters/{chapter}.md: shows no quiz of data/{file.name} (Quiz.from_bank)")
    return problems
