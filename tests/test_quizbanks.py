"""Quiz banks: counts, item-writing rules, and every validation error named by file and line."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from tests.support.cli import run
from tests.support.data import content
from treatylab.paths import DATA_DIR
from treatylab.quizbank import stats
from treatylab.validate import validate_data_dir

BANKS = sorted((DATA_DIR / "quizzes").glob("*.yaml"))


def test_banks_meet_the_minimum_counts():
    figures = stats(content().banks())
    assert figures["total"] >= 90
    quizzed = {
        p.stem for p in (DATA_DIR.parent / "chapters").glob("*.md") if "Quiz.from_bank(" in p.read_text()
    }
    assert set(figures["by_chapter"]) == quizzed  # each chapter's quiz has its bank
    # Six chapters and the dated chapter 8 of at least 15 items, and the dated epilogue with a shorter
    # quiz (issue 31).
    assert len(quizzed) == 8 and figures["by_chapter"]["07-epilogue"] >= 3
    assert min(n for chapter, n in figures["by_chapter"].items() if chapter != "07-epilogue") >= 15
    assert min(figures["by_type"][t] for t in ("single", "multiple", "matching")) >= 10
    assert figures["by_type"]["numeric"] <= 4  # reasoning over recall (issue 19)
    assert figures["by_type"]["position"] >= 2 and figures["by_type"]["short"] >= 2


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
    for bank in content().banks():
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


# --- assessment that fits a contested subject (issue 19) -----------------------------------------


def items_by_id() -> dict:
    return {item.id: item for bank in content().banks() for item in bank.items}


def test_at_most_four_numeric_items_and_no_day_counts():
    numeric = [i for i in items_by_id().values() if i.type == "numeric"]
    assert len(numeric) <= 4
    assert not [i.id for i in numeric if i.answer.days_between], "day counts are recall, not reasoning"


def test_every_outcome_is_measured_by_at_least_two_reasoning_items():
    items = items_by_id()
    for outcome in content().outcomes.outcomes:
        reasoning = [i for i in outcome.items if items[i].measures == "reasoning"]
        assert len(reasoning) >= 2, (outcome.id, reasoning)


#: Banks whose marked items were rebalanced towards reasoning in issue 31 (chapters 1-4 are being
#: rebalanced on another branch; widen this to every bank once both are merged).
REASONING_BANKS = ("05-why-the-talks-failed", "06-lessons", "07-epilogue")


@pytest.mark.parametrize("chapter", REASONING_BANKS)
def test_at_least_half_of_the_marked_items_are_reasoning_items(chapter):
    marked = [i for i in items_by_id().values() if i.chapter == chapter and i.type != "position"]
    reasoning = [i.id for i in marked if i.measures == "reasoning"]
    assert 2 * len(reasoning) >= len(marked), (chapter, len(reasoning), len(marked))


def test_the_epilogue_is_assessed_with_a_position_and_an_outcome():
    items = [i for i in items_by_id().values() if i.chapter == "07-epilogue"]
    assert len(items) >= 3 and any(i.type == "position" for i in items)
    outcome_items = {i for o in content().outcomes.outcomes for i in o.items}
    assert {i.id for i in items} <= outcome_items


def test_positions_and_written_items_where_the_subject_is_contested():
    by_chapter: dict[str, set[str]] = {}
    for item in items_by_id().values():
        by_chapter.setdefault(item.chapter, set()).add(item.type)
    for chapter in ("05-why-the-talks-failed", "06-lessons"):
        assert {"short", "position"} <= by_chapter[chapter], chapter


def test_every_stance_names_its_holder_and_a_bibliography_source():
    bib = set(re.findall(r"^@\w+\{([^,]+),", (DATA_DIR.parent / "references.bib").read_text(), re.M))
    positions = [i for i in items_by_id().values() if i.type == "position"]
    assert positions
    for item in positions:
        assert len(item.stances) >= 2 and len({s.holder for s in item.stances}) >= 2, item.id
        for stance in item.stances:
            assert stance.source in bib, (item.id, stance.holder, stance.source)
            assert stance.holder.lower() not in ("this book", "the book", "some", "observers"), item.id
    holders = " ".join(s.holder for s in items_by_id()["q5-weigh-position"].stances)
    for name in ("Charap", "Putin", "Arakhamia", "Johnson", "New York Times", "Hendrickson", "Umland"):
        assert name in holders, name


def test_written_items_have_a_model_answer_and_a_full_rubric():
    for item in items_by_id().values():
        if item.type == "short":
            assert item.model_answer and [r.mark for r in item.rubric] == [0, 1, 2], item.id
            assert all(r.descriptor for r in item.rubric), item.id


def test_also_accepted_answers_are_valid_answers_with_a_reason():
    for item in items_by_id().values():
        for alt in getattr(item, "also_accepted", []):
            assert alt.reason, item.id
            if item.type == "ordering":
                assert sorted(alt.answer) == sorted(item.order) and alt.answer != item.order, item.id
            elif item.type == "multiple":
                assert set(alt.answer) <= {o.id for o in item.options}, item.id
                assert set(alt.answer) != set(item.answer), item.id
            else:
                assert alt.answer in {o.id for o in item.options} and alt.answer != item.answer, item.id


REMOVED_RECALL_ITEMS = (
    "q2-distance", "q4-tanks-russia", "q1-unsc-members", "q6-consultation-days", "q2-days-to-talks",
    "q5-days-johnson", "q5-days-danilov", "q6-days-talks", "q5-order-weight",
)  # fmt: skip


def test_the_recall_items_named_in_issue_19_are_gone():
    assert not set(REMOVED_RECALL_ITEMS) & set(items_by_id())


def test_each_quiz_case_of_issue_19_is_resolved():
    items = items_by_id()
    # Orderings whose criterion was unstated now state it, or accept the other defensible order.
    for item_id in ("q1-order-strength", "q3-order-strength"):
        assert "criterion" in items[item_id].prompt.lower(), item_id
    design = items["q6-order-design"]
    assert [a.answer for a in design.also_accepted] == [["consensus", "seek", "individual"]]
    assert "who attacks" in design.also_accepted[0].reason
    # The veto insertion is accepted either way, with its reason.
    serious = items["q5-russia-serious"]
    assert any("insertion" in a.answer for a in serious.also_accepted)
    # Chapter 6's lessons are matched as the chapter attributes them, not as settled rules.
    rights = " ".join(p.right for p in items["q6-match-lessons"].pairs)
    assert "to test" in rights and "leaves open" in rights and "Charap and Radchenko" in rights
    # No item keys "what this book concludes" or "what the chapter finds".
    for item in items.values():
        assert not re.search(r"this book conclude|the chapter finds", item.prompt, re.I), item.id
    for item_id in ("q6-tension", "q6-guarantors-table", "q6-ideas"):
        assert items[item_id].measures == "reasoning", item_id
    assert items["q6-form-content"].type == "short"


def test_each_exercise_case_of_issue_19_is_resolved():
    clauses = content().clauses
    # The clause viewer asks about the response, so the promise to seek is coded on what it seeks.
    feature = next(f for f in clauses.features if f.id == "blockable")
    assert "response" in feature.question
    assert "asking itself cannot be blocked" in clauses.clause("budapest-4").coding["blockable"].reason
    six = clauses.clause("budapest-6").coding["blockable"]
    assert not six.present and "any party can ask" not in six.reason.lower()
    # The comparator keys the agreed core of the 15 April Article 5 and accepts the insertion.
    cell = content().data("comparator").coding["draft-15-art5"]["delegation"]
    assert cell.answer == "each-decides" and cell.also_accepted == ["all-must-agree"]
    # The veto rule's label says what its keyed outcome assumes.
    rule = next(r for r in content().data("veto").rules if r.id == "individual")
    assert "bound" in rule.label and "decides for itself" not in rule.label


def test_the_causes_exercise_is_balanced_as_chapter_5_is():
    causes = content().data("causes")
    relations: dict[str, Counter] = {e.id: Counter() for e in causes.explanations}
    for card in causes.evidence:
        for explanation, relation in card.bears_on.items():
            relations[explanation][relation] += 1
    for explanation, counts in relations.items():
        assert counts["supports"] and counts["undercuts"], explanation
    cards = {c.id: c for c in causes.evidence}
    # Balance by selection (issue 31): the Western-pressure explanation has evidence on each side from
    # sources other than the book's main source, which calls the strong form of the claim baseless.
    for relation in ("supports", "undercuts"):
        on_pressure = [c for c in cards.values() if c.bears_on.get("western-pressure") == relation]
        others = [c.id for c in on_pressure if not c.source.startswith("Charap and Radchenko")]
        assert len(others) >= 3, (relation, others)
    # Codings the third reading found contrary to chapter 5's own reasoning (K5-K8).
    assert cards["issues-unresolved"].bears_on.get("no-deal-close") == "supports"
    assert "veto-demand" not in cards["issues-unresolved"].bears_on
    assert "doubts-constant" not in cards
    assert cards["hendrickson-visit"].bears_on.get("reluctant-guarantors") == "supports"
    assert cards["western-support-resolve"].bears_on.get("military-balance") == "supports"
    for card in ("drafting-continued", "arakhamia-remark", "johnson-visit", "veto-insertion"):
        assert len(cards[card].bears_on) >= 2, card
    never = next(e for e in causes.explanations if e.id == "never-serious")
    assert "both" in never.claim and "both parties" in never.advanced_by
