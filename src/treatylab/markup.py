"""The banks' mini-markup — ``**strong**``, ``*emphasis*`` and MyST roles such as ``{term}`veto``` —
read once, here, for every consumer: the quiz widget (segments it renders as elements, never as
HTML), the LMS exports (escaped HTML) and the report (plain text)."""

from __future__ import annotations

import html
import re

#: ``{role}`text``` or ``{role}`text <target>```: the text is what a reader sees.
_ROLE = re.compile(r"\{[\w-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`")
_EMPHASIS = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")

Segment = tuple[str | None, str]


def segments(text: str) -> list[Segment]:
    """``text`` as ``(style, text)`` runs: style ``"strong"``, ``"em"`` or ``None`` (roles shown as
    their text)."""
    out: list[Segment] = []
    for part in _EMPHASIS.split(_ROLE.sub(r"\1", text)):
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            out.append(("strong", part[2:-2]))
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            out.append(("em", part[1:-1]))
        elif part:
            out.append((None, part))
    return out


def to_html(text: str) -> str:
    """``text`` as safe HTML: every run escaped, strong and emphasis as tags."""
    return "".join(
        f"<{style}>{html.escape(run, quote=False)}</{style}>" if style else html.escape(run, quote=False)
        for style, run in segments(text)
    )


def plain(text: str) -> str:
    """``text`` as plain text: ``{term}`veto``` -> ``veto``, ``**not**`` -> ``not``."""
    return "".join(run for _, run in segments(text)).strip()
