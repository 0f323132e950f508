"""A GIFT reader that follows Moodle's GIFT import (``qformat_gift::readquestion``), to read our
exports back as Moodle would and score them.

No GIFT parser on PyPI is sound for this (checked December 2026): ``pygiftparser`` (1.1, last
released 2017) reads weights and Moodle's single/multiple rule but leaves GIFT's escapes in answer
texts (``\\:`` stays) and brings in Markdown rendering; ``pygiftparserrgmf`` (0.0.5) reads only
whole-number weights and takes ``####`` general feedback for the last answer's feedback;
``gift-to-moodlexml`` needs Python 3.14.

Moodle's rules, as this reader applies them: questions are separated by blank lines; ``//``
lines are comments; the backslash escapes ``\\~ \\= \\# \\{ \\} \\: \\n \\\\``; ``::name::``; a
``[html]`` prefix; the answer block runs from the first ``{`` to the first ``}``; ``####`` starts
the general feedback. The question type: no block, description; an empty block, essay; ``#``
first, numerical; any ``~``, multiple choice (single-answer if any answer starts with ``=``,
else multiple-answer); ``=`` and ``->``, matching. A choice answer's fraction: ``=`` 1, a weight
``%w%`` (Moodle's pattern ``%-*d{1,2}.?d*%``) w/100, otherwise 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ESCAPED = re.compile(r"\\(.)")
#: Moodle's pattern for an answer weight (``$giftanswerweightregex``).
_WEIGHT = re.compile(r"^%(-*[0-9]{1,2}\.?[0-9]*)%")


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


def _find_unescaped(text: str, target: str, start: int = 0, last: bool = False) -> int:
    found, i = -1, start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(target, i):
            if not last:
                return i
            found = i
        i += 1
    return found


def _has_unescaped(text: str, target: str) -> bool:
    return _find_unescaped(text, target) >= 0


@dataclass
class Answer:
    mark: str  # "=" or "~"
    weight: float | None  # the %w% weight, percent
    text: str
    feedback: str = ""

    @property
    def fraction(self) -> float:
        """The fraction Moodle gives the answer: its weight, else 1 for ``=`` and 0 for ``~`` (in a
        choice question Moodle reads no weight after ``=``)."""
        if self.weight is not None:
            return self.weight / 100
        return 1.0 if self.mark == "=" else 0.0


@dataclass
class Question:
    category: str
    title: str
    prompt: str
    #: Moodle's question type: description, essay, numerical, multichoice, match, shortanswer.
    qtype: str = ""
    #: For multichoice: one answer (radio buttons) or several (check boxes).
    single: bool = True
    answers: list[Answer] = field(default_factory=list)
    general_feedback: str = ""
    #: The ``//`` comment lines just before the question.
    comments: list[str] = field(default_factory=list)

    @property
    def numeric(self) -> bool:
        return self.qtype == "numerical"


def _answers(body: str, separators: str, choice: bool = False) -> list[Answer]:
    """The answers; in a choice question Moodle reads a weight only after ``~`` (``=`` is 100 %)."""
    out = []
    for mark, part in _split(body, separators):
        pieces = _split(part, "#")
        answer_text = pieces[0][1]
        feedback = pieces[1][1] if len(pieces) > 1 else ""
        weight = None
        m = None if choice and mark == "=" else _WEIGHT.match(answer_text.strip())
        if m:
            weight = float(m[1].replace("--", ""))
            answer_text = answer_text.strip()[m.end() :]
        out.append(Answer(mark, weight, unescape(answer_text), unescape(feedback)))
    return out


def parse(source: str) -> list[Question]:
    category = ""
    questions = []
    for block in re.split(r"\n\s*\n", source):
        lines = block.strip().splitlines()
        comments = [line.strip()[2:].strip() for line in lines if line.strip().startswith("//")]
        block = "\n".join(line for line in lines if not line.strip().startswith("//")).strip()
        if not block:
            continue
        if block.startswith("$CATEGORY:"):
            category = block.split(":", 1)[1].strip()
            continue
        title = ""
        if block.startswith("::"):
            title_end = _find_unescaped(block, "::", 2)
            title = unescape(block[2:title_end])
            block = block[title_end + 2 :].strip()
        open_at, close_at = _find_unescaped(block, "{"), _find_unescaped(block, "}")
        if open_at < 0 and close_at < 0:
            questions.append(Question(category, title, unescape(block), "description", comments=comments))
            continue
        prompt = unescape(block[:open_at].removeprefix("[html]"))
        body = block[open_at + 1 : close_at].strip()
        question = Question(category, title, prompt, comments=comments)
        general = _find_unescaped(body, "####", last=True)
        if general >= 0:
            question.general_feedback = unescape(body[general + 4 :])
            body = body[:general].strip()
        if body == "":
            question.qtype = "essay"
        elif body.startswith("#"):
            question.qtype = "numerical"
            question.answers = _answers(body[1:], "=~")
        elif _has_unescaped(body, "~"):
            question.qtype = "multichoice"
            question.single = _has_unescaped(body, "=")
            question.answers = _answers(body, "=~", choice=True)
        elif _has_unescaped(body, "=") and "->" in body:
            question.qtype = "match"
            question.answers = _answers(body, "=")
        else:
            question.qtype = "shortanswer"
            question.answers = _answers(body, "=~")
        questions.append(question)
    return questions
