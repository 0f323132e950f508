"""ReadingBrackets: tag each phrase of the 15 April 2022 Article 5 as agreed, or whose position it is."""

from __future__ import annotations

from typing import Any

from treatylab.keys import BRACKETS_DRAFT, BRACKETS_PASSAGE
from treatylab.load import load_drafts
from treatylab.widgets.exercise import Exercise

TAG_LABELS = {
    "agreed": "Agreed text",
    "ru-position": "Russian position, not accepted by Ukraine",
    "ua-position": "Ukrainian position, not accepted by Russia",
}


def brackets_payload() -> dict[str, Any]:
    draft = load_drafts().get(BRACKETS_DRAFT)
    passage = draft.passage(BRACKETS_PASSAGE)
    legend = [e.model_dump() for e in draft.legend if e.mark in TAG_LABELS]
    return {
        "title": f"{passage.heading_en} of the draft {draft.title_en} ({draft.date.day} {draft.date:%B %Y})",
        "segments": [{"ru": s.ru, "en": s.en} for s in passage.segments],
        "tags": TAG_LABELS,
        "legend": legend,
        "source": "Draft of 15 April 2022, as published by Charap and Radchenko (2024); translation ours",
    }


class ReadingBrackets(Exercise):
    """``answer`` is ``{segment index (as text): tag}``; ``check()`` marks each tagged phrase."""

    module = "brackets"
    activity = "brackets"

    @classmethod
    def payload(cls) -> dict[str, Any]:
        return brackets_payload()

    def __init__(self, **kwargs: Any) -> None:
        data, key = self.parts()
        super().__init__(data=data, key=key, **kwargs)
