"""Exercise 6: reading the brackets. Tag each phrase of Article 5 of the draft of 15 April 2022 as
agreed text, or as whose position it is."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from treatylab.activities.unit import Activity, Part, labels
from treatylab.keys import accept, choice, data_version
from treatylab.load import Checker, DataError, DataErrors, DataFile, Loc
from treatylab.marker import KeyTable
from treatylab.models import BracketsExercise, Passage, Segment

if TYPE_CHECKING:
    from treatylab.content import Content

TAGS = ("agreed", "ru-position", "ua-position")


def check(path: Path, brackets: BracketsExercise, lines: dict[Loc, int], content: Content) -> list[DataError]:
    """The passage exists; every tag once; every mark the passage uses is a tag with its words."""
    checker = Checker(path, lines)
    checker.unique_ids("tags", [t.id for t in brackets.tags])
    try:
        passage = content.drafts.get(brackets.draft).passage(brackets.passage)
    except KeyError as exc:
        checker.error(("passage",), str(exc.args[0]))
        return checker.errors
    except DataErrors:
        return checker.errors  # drafts.yaml reports its own errors
    tags = {t.id: t for t in brackets.tags}
    for segment in passage.segments:
        for mark in (segment.mark, segment.english_mark):
            if mark and mark not in tags:
                checker.error(("tags",), f"the passage marks a phrase {mark!r}, which is not a tag here")
            elif mark and not tags[mark].in_words:
                checker.error(
                    ("tags", list(tags).index(mark), "in_words"), f"the mark {mark!r} needs `in_words`"
                )
    return checker.errors


def _passage(brackets: BracketsExercise, content: Content) -> Passage:
    return content.drafts.get(brackets.draft).passage(brackets.passage)


def segment_tags(mark: str | None, english_mark: str | None) -> tuple[str, ...]:
    """The accepted tags of a draft phrase: its mark in the Russian original ("agreed" when
    unmarked), and the English rendering's mark where that differs."""
    tags = (mark or "agreed",)
    return (*tags, english_mark) if english_mark and english_mark not in tags else tags


def _reasons(brackets: BracketsExercise, segment: Segment) -> tuple[str, str]:
    """(the reason shown for the phrase, the reason an alternative tag is accepted)."""
    if len(segment_tags(segment.mark, segment.english_mark)) == 1:
        return brackets.tag(segment.mark or "agreed").reason, ""
    english = brackets.tag(segment.english_mark or "").in_words or ""
    disputed = brackets.disputed.format(english=english)
    reason = disputed if not segment.mark else brackets.tag(segment.mark).reason
    return reason, disputed


def payload(brackets: BracketsExercise, content: Content) -> dict[str, Any]:
    draft = content.drafts.get(brackets.draft)
    passage = _passage(brackets, content)
    return {
        "title": f"{passage.heading_en} of the draft {draft.title_en} ({draft.date.day} {draft.date:%B %Y})",
        "segments": [{"ru": s.ru, "en": s.en} for s in passage.segments],
        "tags": {t.id: t.label for t in brackets.tags},
        "legend": [e.model_dump() for e in draft.legend if e.mark in TAGS],
        "source": brackets.source,
    }


def key(brackets: BracketsExercise, content: Content) -> KeyTable:
    """``{phrase index (as text): tag}``; where the source marks a phrase differently in its Russian
    original and its English rendering, either reading is accepted."""
    draft = content.drafts.get(brackets.draft)
    specs, table = {}, {}
    for i, s in enumerate(_passage(brackets, content).segments):
        tags = segment_tags(s.mark, s.english_mark)
        reason, disputed = _reasons(brackets, s)
        specs[str(i)] = choice(TAGS)
        table[str(i)] = {
            "rule": "equal",
            "accept": accept(*tags, reasons={1: disputed} if len(tags) > 1 else {}),
            "feedback": {"reason": reason},
        }
    answer = {"at": None, "parts": specs, "nouns": {"answer": "{phrase index: tag}", "part": "phrase"}}
    return KeyTable("brackets", data_version(brackets, draft), True, answer, table)


def describe(brackets: BracketsExercise, content: Content) -> dict[str, Part]:
    tags = labels((t.id, t.label) for t in brackets.tags)
    return {
        str(i): Part(f"Phrase {i + 1}: «{s.ru.strip()}» ({s.en.strip()})", tags, _reasons(brackets, s)[0])
        for i, s in enumerate(_passage(brackets, content).segments)
    }


ACTIVITY = Activity(
    id="brackets",
    kind="exercise",
    title="Exercise 6: Reading the brackets",
    page="exercises/06-reading-the-brackets",
    data=DataFile("exercises/brackets.yaml", BracketsExercise, check),
    build_payload=payload,
    build_key=key,
    build_description=describe,
    widget="treatylab.widgets.brackets:ReadingBrackets",
    module="brackets",
)
