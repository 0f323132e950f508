"""A small GIFT reader, enough to read our exports back (no maintained GIFT parser is on PyPI).

Handles: comments, $CATEGORY, ::title::, [html] prefix, answer blocks with =/~ answers, %weights%,
#feedback, numeric blocks ({# ... }), matching (=left -> right) and general feedback (####),
and the backslash escapes of ~ = # { } : \\.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ESCAPED = re.compile(r"\\(.)")


def unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: "\n" if m[1] == "n" else m[1], text).strip()


def _split(text: str, separators: str) -> list[tuple[str, str]]:
    """Split ``text`` at unescaped separator characters, keeping which one started each part."""
    parts, current, mark, i = [], "", "", 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            current += text[i : i + 2]
            i += 2
            continue
        if ch in separators:
            parts.append((mark, current))
            current, mark = "", ch
        else:
            current += ch
        i += 1
    parts.append((mark, current))
    return [(m, p) for m, p in parts if m or p.strip()]


def _find_unescaped(text: str, target: str, start: int = 0) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(target, i):
            return i
        i += 1
    return -1


@dataclass
class Answer:
    mark: str  # "=" or "~"
    weight: float | None
    text: str
    feedback: str = ""


@dataclass
class Question:
    category: str
    title: str
    prompt: str
    numeric: bool = False
    answers: list[Answer] = field(default_factory=list)
    general_feedback: str = ""


def parse(source: str) -> list[Question]:
    lines = [line for line in source.splitlines() if not line.lstrip().startswith("//")]
    text = "\n".join(lines)
    category = ""
    questions = []
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if not block:
            continue
        if block.startswith("$CATEGORY:"):
            category = block.split(":", 1)[1].strip()
            continue
        title_end = _find_unescaped(block, "::", 2)
        title = unescape(block[2:title_end])
        rest = block[title_end + 2 :]
        open_at = _find_unescaped(rest, "{")
        close_at = len(rest) - 1 - rest[::-1].index("}")
        prompt = unescape(rest[:open_at].removeprefix("[html]"))
        body = rest[open_at + 1 : close_at].strip()
        question = Question(category, title, prompt)
        general = _find_unescaped(body, "####")
        if general >= 0:
            question.general_feedback = unescape(body[general + 4 :])
            body = body[:general]
        if body.startswith("#"):
            question.numeric = True
            body = body[1:]
        for mark, part in _split(body, "=~"):
            pieces = _split(part, "#")
            answer_text = pieces[0][1]
            feedback = pieces[1][1] if len(pieces) > 1 else ""
            weight = None
            m = re.match(r"\s*%(-?[\d.]+)%", answer_text)
            if m:
                weight = float(m[1])
                answer_text = answer_text[m.end() :]
            question.answers.append(Answer(mark, weight, unescape(answer_text), unescape(feedback)))
        questions.append(question)
    return questions
