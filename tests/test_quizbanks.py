"""Quiz banks: counts, item-writing rules, and every validation error named by file and line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from treatylab.paths import DATA_DIR
from treatylab.quizbank import load_banks, stats
from treatylab.validate import validate_data_dir

BANKS = sorted((DATA_DIR / "quizzes").glob("*.yaml"))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "treatylab", *args], capture_output=True, text=True, check=False
    )


def test_banks_meet_the_minimum_counts():
    figures = stats(load_banks())
    assert figures["total"] >= 90
    assert len(figures["by_chapter"]) == 6 and min(figures["by_chapter"].values()) >= 15
    assert min(figures["by_type"][t] for t in ("single", "multiple", "matching")) >= 10


def test_stats_json_has_exactly_the_documented_shape_and_counts():
    proc = run("stats", "--json")
    assert proc.returncode == 0, proc.stderr
    figures = json.loads(proc.stdout)
    assert list(figures) == ["total", "by_chapter", "by_type"]
    raw = [yaml.safe_load(p.read_text()) for p in BANKS]  # counted independently of the models
    assert figures["total"] == sum(len(b["items"]) for b in raw)
    assert figures["by_chapter"] == {b["chapter"]: len(b["items"]) for b in raw}
    assert figures["by_type"] == dict(Counter(i["type"] for b in raw for i in b["items"])) | {
        t: figures["by_type"][t] for t in figures["by_type"]
    }
    assert list(figures["by_type"]) == [
        "single", "multiple", "numeric", "ordering", "matching", "position", "short"
    ]  # fmt: skip


def test_stats_without_json_prints_a_readable_table():
    proc = run("stats")
    assert proc.returncode == 0
    assert "04-april-drafts" in proc.stdout and "matching" in proc.stdout and "total" in proc.stdout


def test_every_option_and_item_has_feedback_and_a_difficulty():
    for bank in load_banks():
        for item in bank.items:
            assert item.difficulty in ("easy", "medium", "hard")
            if item.type in ("single", "multiple"):
                assert all(o.feedback for o in item.options)
            elif item.type == "ordering":
                assert all(x.feedback for x in item.items)
            elif item.type == "matching":
                assert all(p.feedback for p in item.pairs)


# --- each validation error names the file, the line and the field ---------------------------------


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    shutil.copytree(DATA_DIR, tmp_path / "data")
    shutil.copy(DATA_DIR.parent / "references.bib", tmp_path)
    shutil.copytree(DATA_DIR.parent / "chapters", tmp_path / "chapters")
    return tmp_path / "data"


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_text()
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text)
    return text


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def errors_for(data_dir: Path) -> list[str]:
    return [str(e) for e in validate_data_dir(data_dir)]


CH1 = "quizzes/01-assurances-and-guarantees.yaml"
CH2 = "quizzes/02-road-to-istanbul.yaml"


def test_duplicate_item_id_across_banks_names_file_and_line(data_copy):
    path = data_copy / CH2
    text = edit(path, "  - id: q2-heads\n", "  - id: q1-guarantee-core\n")
    line = line_of(text, "  - id: q1-guarantee-core")
    assert (
        f"{path}:{line}: items[1].id: duplicate id 'q1-guarantee-core' "
        "(also in 01-assurances-and-guarantees.yaml)"
    ) in errors_for(data_copy)
    assert run("validate", "--data-dir", str(data_copy)).returncode == 1


def test_unknown_field_names_file_and_line(data_copy):
    path = data_copy / CH1
    text = edit(path, "    difficulty: easy\n", "    difficulty: easy\n    dificulty: hard\n")
    line = line_of(text, "dificulty: hard")
    assert any(
        e.startswith(f"{path}:{line}: items[0].dificulty: unknown field") for e in errors_for(data_copy)
    )


def test_key_not_among_options_names_file_and_line(data_copy):
    path = data_copy / CH1
    text = edit(path, "    answer: b\n", "    answer: z\n")
    line = line_of(text, "answer: z")
    assert f"{path}:{line}: items[0].answer: key 'z' is not among the options (a, b, c, d)" in errors_for(
        data_copy
    )


def test_ordering_that_is_not_a_permutation_names_file_and_line(data_copy):
    path = data_copy / CH1
    text = edit(path, "    order: [restraint, seek, assist]\n", "    order: [restraint, seek, seek]\n")
    line = line_of(text, "order: [restraint, seek, seek]")
    assert any(
        e.startswith(f"{path}:{line}: items[10].order: the order") and "not a permutation" in e
        for e in errors_for(data_copy)
    )


def test_numeric_answer_outside_its_own_range_names_file_and_line(data_copy):
    path = data_copy / CH1
    text = edit(path, "    min: 1\n    max: 15\n", "    min: 1\n    max: 5\n")
    line = line_of(text, "answer: {fact: unsc-votes-needed}")
    assert any(
        e.startswith(f"{path}:{line}: items[8].answer: the answer 9") and "outside the item's own range" in e
        for e in errors_for(data_copy)
    )


def test_distractor_within_tolerance_is_refused(data_copy):
    path = data_copy / CH1
    text = edit(path, "      - value: 7\n", "      - value: 9\n")
    line = line_of(text, "      - value: 9")
    assert any(
        e.startswith(f"{path}:{line}: items[8].distractors[0].value: 9 is within the tolerance")
        for e in errors_for(data_copy)
    )


def test_unknown_source_names_file_and_line(data_copy):
    path = data_copy / CH1
    text = edit(path, "    source: budapest-4\n", "    source: budapest-44\n")
    line = line_of(text, "source: budapest-44")
    assert (
        f"{path}:{line}: items[2].source: unknown source 'budapest-44': not a bibliography key, clause id "
        "or chapter page" in errors_for(data_copy)
    )


def test_all_of_the_above_is_refused(data_copy):
    path = data_copy / CH1
    text = edit(
        path,
        "        text: A Security Council resolution authorising force\n",
        "        text: All of the above\n",
    )
    line = line_of(text, "All of the above")
    assert any(
        e.startswith(f"{path}:{line}: items[0].options[3].text:") and "all/none of the above" in e
        for e in errors_for(data_copy)
    )


def test_negative_stem_without_emphasis_is_refused(data_copy):
    path = data_copy / CH2
    text = edit(
        path, "prompt: Who headed Ukraine's delegation?", "prompt: Who did not head Ukraine's delegation?"
    )
    line = line_of(text, "Who did not head")
    assert any(
        e.startswith(f"{path}:{line}: items[1].prompt:") and "emphasise the negative" in e
        for e in errors_for(data_copy)
    )


def test_numeric_answer_must_come_from_data(data_copy):
    path = data_copy / CH1
    text = edit(path, "    answer: {fact: unsc-votes-needed}\n", "    answer: {fact: no-such-fact}\n")
    line = line_of(text, "no-such-fact")
    assert any(
        e.startswith(f"{path}:{line}: items[8].answer:") and "no-such-fact" in e
        for e in errors_for(data_copy)
    )


def test_wrong_type_tag_is_reported(data_copy):
    path = data_copy / CH1
    text = edit(path, "    type: single\n", "    type: essay\n")
    line = line_of(text, "type: essay")
    assert any(
        e.startswith(f"{path}:{line}: items[0].type: Input tag 'essay'") for e in errors_for(data_copy)
    )
