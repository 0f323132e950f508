"""ReadingBrackets: tag each phrase of the 15 April 2022 Article 5 as agreed, or whose position it is."""

from __future__ import annotations

from typing import Any

from treatylab.load import load_drafts
from treatylab.marking import BRACKETS_DRAFT, BRACKETS_PASSAGE, exercise_key, segment_tags
from treatylab.widgets.exercise import Exercise

TAGS = {
    "agreed": "Agreed text",
    "ru-position": "Russian position, not accepted by Ukraine",
    "ua-position": "Ukrainian position, not accepted by Russia",
}
REASONS = {
    "agreed": "Unmarked in the draft: both delegations had accepted this wording.",
    "ru-position": "Marked as a Russian position the Ukrainian side had not agreed to.",
    "ua-position": "Marked as a Ukrainian position the Russian side had not agreed to.",
}
MARK_IN_WORDS = {
    "ru-position": "a Russian position that Ukraine had not accepted",
    "ua-position": "a Ukrainian position that Russia had not accepted",
}
#: Phrases the Russian original leaves unmarked but the source's English rendering marks.
DISPUTED_REASON = (
    "Unmarked in the Russian original as published, so agreed on that reading; but the article's own "
    "English rendering marks it as {english}. The publication does not let us tell which is right, so "
    "either answer counts (chapter 4 explains)."
)


def brackets_payload() -> dict[str, Any]:
    draft = load_drafts().get(BRACKETS_DRAFT)
    passage = draft.passage(BRACKETS_PASSAGE)
    legend = [e.model_dump() for e in draft.legend if e.mark in TAGS]
    return {
        "title": f"{passage.heading_en} of the draft {draft.title_en} ({draft.date.day} {draft.date:%B %Y})",
        "segments": [
            {
                "ru": s.ru,
                "en": s.en,
                "tag": s.mark or "agreed",
                "accepted": list(segment_tags(s.mark, s.english_mark)),
                "reason": DISPUTED_REASON.format(english=MARK_IN_WORDS[s.english_mark])
                if s.english_mark and not s.mark
                else REASONS[s.mark or "agreed"],
            }
            for s in passage.segments
        ],
        "tags": TAGS,
        "legend": legend,
        "source": "Draft of 15 April 2022, as published by Charap and Radchenko (2024); translation ours",
    }


class ReadingBrackets(Exercise):
    """``answer`` is ``{segment index (as text): tag}``; ``check()`` marks each tagged phrase."""

    module = "brackets"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(data=brackets_payload(), key=exercise_key("brackets"), **kwargs)

    @staticmethod
    def without_keys(data: dict[str, Any]) -> dict[str, Any]:
        segments = [
            {k: v for k, v in s.items() if k not in ("tag", "accepted", "reason")} for s in data["segments"]
        ]
        return {**data, "segments": segments}
