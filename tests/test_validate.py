"""`python -m treatylab validate`: broken data is reported as path:line: field: message, exit 1."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import run
from treatylab.paths import DATA_DIR
from treatylab.validate import validate_data_dir


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    shutil.copy(DATA_DIR.parent / "references.bib", tmp_path)  # sources are checked against it
    return target


def run_validate(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return run("validate", "--data-dir", str(data_dir))


def line_number(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def reported(messages: list[str], path: Path, line: int, where: str, ending: str) -> bool:
    """Whether a message names ``path``, ``line`` and an entry of ``where`` (a list in the file, as
    ``facts``), and ends with ``ending``."""
    return any(m.startswith(f"{path}:{line}: {where}[") and m.endswith(ending) for m in messages)


def test_shipped_data_validates():
    proc = run_validate(DATA_DIR)
    assert proc.returncode == 0, proc.stderr
    assert validate_data_dir(DATA_DIR) == []


def test_unknown_field_names_file_line_and_field(data_copy):
    path = data_copy / "clauses.yaml"
    text = path.read_text().replace("  - id: budapest-2\n", "  - id: budapest-2\n    colour: red\n")
    path.write_text(text)
    proc = run_validate(data_copy)
    assert proc.returncode == 1
    line = line_number(text, "colour: red")
    assert f"{path}:{line}: clauses[1].colour: unknown field" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_text_names_file_line_and_field(data_copy):
    path = data_copy / "clauses.yaml"
    original = path.read_text()
    start = original.index("  - id: nato-4\n")
    text_start = original.index("    text: >-\n", start)
    text_end = original.index("    coding:\n", text_start)
    text = original[:text_start] + original[text_end:]
    path.write_text(text)
    proc = run_validate(data_copy)
    assert proc.returncode == 1
    line = line_number(text, "- id: nato-4")
    assert f"{path}:{line}: clauses[6].text: missing (required field)" in proc.stderr


def test_wrong_type_and_bad_date_are_reported_together(data_copy):
    path = data_copy / "clauses.yaml"
    text = path.read_text().replace("date: 1994-12-05", "date: sometime in 1994", 1)
    text = text.replace("        present: false\n", "        present: perhaps\n", 1)
    path.write_text(text)
    errors = [str(e) for e in validate_data_dir(data_copy)]
    assert any(f":{line_number(text, 'sometime in 1994')}: documents[0].date:" in e for e in errors)
    assert any(
        f":{line_number(text, 'present: perhaps')}: clauses[0].coding.commits-to-act.present:" in e
        for e in errors
    )


def test_unknown_document_and_duplicate_id_are_reported(data_copy):
    path = data_copy / "clauses.yaml"
    text = path.read_text().replace(
        "  - id: budapest-3\n    document: budapest-1994\n",
        "  - id: budapest-2\n    document: budapest-1995\n",
    )
    path.write_text(text)
    messages = [str(e) for e in validate_data_dir(data_copy)]
    id_line = line_number(text, "document: budapest-1995") - 1
    assert f"{path}:{id_line}: clauses[2].id: duplicate id 'budapest-2'" in messages
    assert (
        f"{path}:{id_line + 1}: clauses[2].document: unknown document 'budapest-1995' "
        "(known: berlin-statement-2025, budapest-1994, north-atlantic-treaty-1949, paris-declaration-2026, "
        "un-charter-1945)"
    ) in messages


def test_invalid_yaml_names_the_line(data_copy):
    path = data_copy / "clauses.yaml"
    lines = path.read_text().splitlines()
    lines[20] = "  : [unclosed"
    path.write_text("\n".join(lines) + "\n")
    proc = run_validate(data_copy)
    assert proc.returncode == 1
    assert f"{path}:" in proc.stderr and "invalid YAML" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_yaml_file_without_a_model_is_not_silently_ignored(data_copy):
    (data_copy / "notes.yaml").write_text("hello: world\n")
    proc = run_validate(data_copy)
    assert proc.returncode == 1
    assert "notes.yaml:1: no model reads this file" in proc.stderr


@pytest.mark.parametrize("command", [[], ["build"], ["validate"]])
def test_every_command_has_help(command):
    proc = subprocess.run(
        [sys.executable, "-m", "treatylab", *command, "--help"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("usage: python -m treatylab")


def test_the_installed_command_names_itself_in_its_usage():
    from treatylab.cli import program_name

    assert program_name("/home/ana/.venv/bin/treatylab") == "treatylab"
    assert program_name(r"C:\venv\Scripts\treatylab.exe".replace("\\", "/")) == "treatylab"
    assert program_name("/usr/lib/python3/site-packages/treatylab/__main__.py") == "python -m treatylab"


def test_unknown_source_key_is_reported(data_copy):
    path = data_copy / "facts.yaml"
    text = path.read_text().replace("source: north-atlantic-treaty-1949", "source: nato-1949", 1)
    path.write_text(text)
    messages = [str(e) for e in validate_data_dir(data_copy)]
    line = line_number(text, "source: nato-1949")
    ending = ".source: unknown source 'nato-1949': not a key in references.bib"
    assert reported(messages, path, line, "facts", ending)


def test_a_report_is_cited_only_for_wording_still_to_verify(data_copy):
    path = data_copy / "clauses.yaml"
    text = path.read_text().replace("reported_by: liga-2025-12-15-berlin", "reported_by: liga-berlin")
    verified = "    paragraph: commitment on a multinational force\n    verification: verified\n"
    text = text.replace(verified, verified + "    reported_by: liga-2025-12-15-berlin\n")
    path.write_text(text)
    messages = [str(e) for e in validate_data_dir(data_copy)]
    unknown = line_number(text, "reported_by: liga-berlin")
    ending = ".reported_by: unknown source 'liga-berlin': not a key in references.bib"
    assert reported(messages, path, unknown, "clauses", ending)
    on_verified = line_number(text, "reported_by: liga-2025-12-15-berlin")
    ending = (
        ".reported_by: a verified clause is cited to its document; reported_by is for wording still to verify"
    )
    assert reported(messages, path, on_verified, "clauses", ending)


def test_timeline_out_of_order_is_reported(data_copy):
    path = data_copy / "timeline.yaml"
    text = path.read_text().replace("date: 2022-03-03", "date: 2022-02-01", 1)
    path.write_text(text)
    messages = [str(e) for e in validate_data_dir(data_copy)]
    line = line_number(text, "date: 2022-02-01")
    assert (
        f"{path}:{line}: events[2].date: 2022-02-01 is earlier than the event before it; "
        "list events in date order"
    ) in messages


def test_outcome_map_names_only_known_exercises_and_quiz_items(data_copy):
    path = data_copy / "outcomes.yaml"
    text = path.read_text().replace("exercises: [force_levels]", "exercises: [force]")
    text = text.replace("q6-match-lessons]", "q6-nonexistent]")
    path.write_text(text)
    messages = [str(e) for e in validate_data_dir(data_copy)]
    line = line_number(text, "exercises: [force]")
    assert any(
        m.startswith(f"{path}:{line}: outcomes[6].exercises[0]: unknown exercise 'force'") for m in messages
    )
    line = line_number(text, "q6-nonexistent")
    assert f"{path}:{line}: outcomes[6].items[6]: unknown quiz item 'q6-nonexistent'" in messages
