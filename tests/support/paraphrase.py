"""Close paraphrase at the level of the sentence: how much of one of the article's sentences a sentence
of the book follows, word for word in order, once the small words are set aside.

The ten-word test (``overlap.py``) catches copying; it misses a sentence that keeps the article's
sentence and swaps a word here and there ("did not seem to them like a negotiation that was going to
succeed" → "did not look to them like a negotiation that would succeed"). This check keeps only the
content words of both sentences (stop words removed, simple endings cut), and looks for the longest
chain of the article's content words that the book's sentence repeats in the same order, where two
neighbouring words of the chain may be up to ``GAP`` content words apart in either sentence (a few
words changed or inserted). A chain of ``THRESHOLD`` or more words is flagged.

Quotations in quotation marks are exempt, as in the ten-word test: they are replaced by a break, and
no chain runs across one.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import ClassVar

from tests.support.overlap import _Prose, unquoted, words

#: Content words a chain may skip between two of its words, in the book's or the article's sentence.
GAP = 2
#: Chains this long or longer are close paraphrase. Calibrated on the cases named in issue 20 (all
#: score 6 or more before they were rewritten), with everything in the book rewritten to stay below.
THRESHOLD = 6

_STOP_TEXT = """
    a about above after again against all also although am an and any are as at be because been
    before being below between both but by can could did do does doing down during each even ever
    every few for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just least less let like may me might more most much must my myself no
    nor not now of off on once one only or other others our ours ourselves out over own per quite
    rather same shall she should since so some such than that the their theirs them themselves then
    there these they this those though through thus to too under until up upon us very was we were
    what when where whether which while who whom whose why will with within without would yet you your
    yours yourself s t d ll m re ve n't don't isn't wasn't weren't won't
    mr ms dr according said says say also however instead already still again
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
_ENDINGS = ("ing", "ed", "es", "s", "ly")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\s+[—–]\s+")
#: A fact from data/ as written in a data text; its value is data, not prose, so it is left out.
_FACT = re.compile(r"\{fact:[^}]*\}")


def stem(word: str) -> str:
    """A crude stem, so that "negotiations"/"negotiation" and "attacked"/"attack" compare equal."""
    word = word.split("'")[0]
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def content_words(text: str) -> list[str]:
    return [stem(w) for w in words(text) if w not in STOP_WORDS and w.split("'")[0] not in STOP_WORDS]


def sentences(text: str) -> list[str]:
    """Sentences (and clauses set off by a dash), split at breaks (¶) first so none spans two blocks."""
    out = []
    for block in text.split("¶"):
        out += [s.strip() for s in _SENTENCE_END.split(block) if s and s.strip()]
    return out


def longest_chain(book: list[str], article: list[str], gap: int = GAP) -> list[str]:
    """The longest run of ``article``'s words that ``book`` repeats in order, neighbours at most
    ``gap`` words apart in each (a dynamic programme over the matching positions)."""
    where: dict[str, list[int]] = {}
    for j, word in enumerate(article):
        where.setdefault(word, []).append(j)
    best: dict[tuple[int, int], int] = {}
    back: dict[tuple[int, int], tuple[int, int] | None] = {}
    top, end = 0, None
    for i, word in enumerate(book):
        for j in where.get(word, ()):
            score, prev = 1, None
            for di in range(1, gap + 2):
                for dj in range(1, gap + 2):
                    cell = (i - di, j - dj)
                    if cell in best and best[cell] + 1 > score:
                        score, prev = best[cell] + 1, cell
            best[(i, j)], back[(i, j)] = score, prev
            if score > top:
                top, end = score, (i, j)
    chain = []
    while end is not None:
        chain.append(article[end[1]])
        end = back[end]
    return chain[::-1]


@dataclass(frozen=True)
class Hit:
    sentence: str
    article: str
    chain: tuple[str, ...]

    def __str__(self) -> str:
        chain = " ".join(self.chain)
        return f"{len(self.chain)} words [{chain}]\n    book:    {self.sentence}\n    article: {self.article}"


class Article:
    """The article's sentences as content words; each is also paired with the next, so that a
    sentence of the book that runs two of the article's together is compared with both at once."""

    def __init__(self, text: str):
        text = re.sub(r"\n\s*\n", " ¶ ", text)  # the article's paragraphs are its blocks
        plain = [s for s in sentences(text) if content_words(s)]
        self.units = [(s, content_words(s)) for s in plain]
        self.units += [
            (f"{a} {b}", content_words(a) + content_words(b)) for a, b in itertools.pairwise(plain)
        ]
        self.vocab = [set(cw) for _, cw in self.units]

    def closest(self, sentence: str) -> Hit | None:
        """The article sentence this one follows most closely, with the chain (None if no words)."""
        best: Hit | None = None
        for part in unquoted(sentence).split("¶"):
            mine = content_words(part)
            if len(mine) < THRESHOLD:
                continue
            have = set(mine)
            for (text, theirs), vocab in zip(self.units, self.vocab, strict=True):
                if len(have & vocab) < THRESHOLD:
                    continue
                chain = longest_chain(mine, theirs)
                if best is None or len(chain) > len(best.chain):
                    best = Hit(sentence.strip(), text, tuple(chain))
        return best

    def paraphrases(self, text: str, threshold: int = THRESHOLD) -> list[Hit]:
        """Every sentence of ``text`` (outside quotations) whose chain reaches ``threshold``."""
        hits = []
        for sentence in sentences(unquoted_blocks(text)):
            hit = self.closest(sentence)
            if hit is not None and len(hit.chain) >= threshold:
                hits.append(hit)
        return hits


def unquoted_blocks(text: str) -> str:
    """Quotations become breaks before the text is cut into sentences (a quote may hold a full stop);
    facts named in a data text are left out."""
    return unquoted(_FACT.sub(" ", text))


class SentenceProse(_Prose):
    """A built page's prose as for the ten-word test, without the draft treaty's own text (our
    translation of the Russian draft and the article's translation render the same document, so their
    likeness is not paraphrase of the article's prose) and without the values of facts from data/
    (a list of guarantors or a date is data the book must show, not the article's wording)."""

    SKIP_CLASSES: ClassVar[set[str]] = {"tl-draft-text", "tl-fact"}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        if classes & self.SKIP_CLASSES:
            self.skipping.append(tag)
            if tag in self.BLOCKS:
                self.parts.append(" ¶ ")
            return
        super().handle_starttag(tag, attrs)


def page_sentences_prose(html: str) -> str:
    parser = SentenceProse()
    parser.feed(html)
    return "".join(parser.parts)
