"""Own words, aligned: each sentence of the book set beside the article passage most like it.

The ten-word test (``overlap.py``) catches copying and the chain test (``paraphrase.py``) a sentence
that keeps a long run of the article's content words in order. Neither sees a sentence that keeps an
article sentence's thought, clause for clause, in swapped words, nor a paragraph that walks through
the article's sentences in their order. This check vectorises every sentence with scikit-learn
(TF-IDF over stemmed content words, the weights learnt from the article's own sentences, so that a
word the article uses everywhere counts for little; a word of the book's own that the article never
uses weighs as the article's rarest word, against the match) and pairs each sentence of the book with
the article passage most like it: one of the article's sentences, or two neighbouring ones (a sentence
of the book may run two of the article's together). Similarity is the mean of two cosines: of what is
said (the content words) and of how it is put (runs of three words, small words included, names and
numbers masked, weighted by the article's own use of them), so that a sentence that rebuilds one of
the article's, clause by clause, with a few words swapped scores high on both. It flags

(a) a pair whose similarity reaches ``THRESHOLD`` (and that shares at least ``MIN_SHARED`` content
    words: two short texts that share one word are not alike), and
(b) a run of ``RUN`` or more consecutive sentences of the book whose partners (each at least
    ``RUN_FLOOR`` alike) follow one another in the article, in order, at most ``RUN_STEP`` sentences
    apart (``RUN_SKIP`` sentences of the book's own may stand between them): the paragraph that
    follows the article sentence by sentence.

Left out of the comparison: quoted passages (a quotation is marked, attributed and allowed), proper
names (a sentence about Putin and Kyiv shares those words with the article because the history does),
numbers, month names and small words. Both limits are calibrated on the nineteen close paraphrases of
the third reading (``fixtures/close_paraphrases.yaml``; see ``test_sentence_alignment.py``).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfTransformer

from tests.support.overlap import words
from tests.support.paraphrase import stem

#: A sentence this alike to an article passage is a close paraphrase. The weakest of the nineteen
#: calibration cases scores 0.189 (C4, a sentence that keeps the article's clauses and swaps their
#: words); the limit sits just under it.
THRESHOLD = 0.185
#: Distinct content words a pair must share before its similarity counts.
MIN_SHARED = 2
#: A pair that shares no phrasing at all counts only if its content words alone are this alike: a
#: short sentence that happens to use three of an article sentence's topic words is not a paraphrase
#: of it, one that repeats most of its content is.
CONTENT_ALONE = 0.5
#: A pair sharing fewer than this many content words counts only if its content alone is alike
#: (``CONTENT_ALONE``) or it keeps the article's phrasing: at least ``PHRASED_RUNS`` runs of words
#: in common and a phrasing cosine of ``PHRASED``. Two shared topic words and one shared turn of
#: phrase are what any two sentences on the same history have (measured on the chapter of 2025-26,
#: which owes nothing to the article: 23 such pairs reached the threshold before this rule, 2 after).
SHARED_ENOUGH = 3
PHRASED_RUNS = 3
PHRASED = 0.27
#: This many consecutive sentences matching article sentences in order follow the article's order.
RUN = 3
#: How alike a sentence must be to its partner to count towards a run.
RUN_FLOOR = 0.1
#: How far apart (in article sentences) two neighbouring partners of a run may be.
RUN_STEP = 2
#: Words in a row that make up one unit of phrasing.
PHRASE = 3
#: Sentences of the book, unlike any of the article's, that a run may pass over (one sentence of
#: the book's own inserted into the article's sequence does not end it).
RUN_SKIP = 1
#: Article passages need this many distinct content words to be compared at all (a heading has fewer).
MIN_WORDS = 4
#: A sentence of the book is compared only with this many distinct content words: in a shorter one
#: (an answer option, a label) two or three shared topic words make the cosine spike, and copying at
#: that length is the ten-word and chain tests' business.
MIN_WORDS_BOOK = 4

_MONTHS = (
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec"
)
_EXTRA_STOP = "also said says say according would could might like per one two three mr ms"
STOP = frozenset(ENGLISH_STOP_WORDS) | frozenset(_MONTHS.split()) | frozenset(_EXTRA_STOP.split())

#: The terms of art every account of these talks uses, read as names (left out of the content words,
#: masked in the phrasing): a sentence is not the article's for saying "the permanent members of the
#: Security Council" or "security guarantees", which the history itself is made of.
DOMAIN_TERMS = re.compile(
    r"\b(?:the\s+)?(?:UN\s+|United Nations\s+)?Security Council\b|\bpermanent members?\b"
    r"|\bsecurity guarantees?\b|\b(?:(?:last|first|second|third)\s+)?round of (?:the )?talks\b"
    r"|\bforeign minister\b|\bdraft (?:treaty|framework)\b",
    re.I,
)

#: Quoted passages (typographic, straight or Russian quotes): left out, the sentence kept.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
#: A sentence ends at . ! ? or … followed by space and a capital, a quote, a bracket or a digit.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?…][”\"’)])|(?<=[.!?…]))\s+(?=[“\"‘(\[A-Z0-9*_])")
_ABBREVIATION = re.compile(r"\b(?:U\.S|U\.K|U\.N|Mr|Ms|Dr|St|No|cf|e\.g|i\.e|vs|c)\.$")
#: A capitalised word after a lower-case word or a comma: a name, wherever the sentence comes from.
_NAME_INSIDE = re.compile(r"(?<=[a-z,;’')]\s)([A-Z][A-Za-z’'-]+)")


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, blocks (¶) first so that no sentence spans two."""
    out: list[str] = []
    for block in text.split("¶"):
        current = ""
        for piece in _SENTENCE_END.split(" ".join(block.split())):
            current = f"{current} {piece}" if current else piece
            if not _ABBREVIATION.search(current):
                out.append(current)
                current = ""
        if current:
            out.append(current)
    return [s for s in out if s.strip()]


def unquote(sentence: str) -> str:
    """The sentence without its quoted passages (they are the speaker's words, not the book's)."""
    return _QUOTED.sub(" ", sentence)


def proper_names(text: str) -> frozenset[str]:
    """Words the article writes with a capital inside its sentences and never without: names of
    people, places, states and bodies (Putin, Kyiv, Ukrainian, NATO), which any sentence about the
    same history shares with it."""
    capital = {w.lower() for w in _NAME_INSIDE.findall(text)}
    capital |= {w.lower() for w in re.findall(r"\b[A-Z]{2,}\b", text)}
    lower = set(re.findall(r"\b[a-z][a-z]+\b", text))
    return frozenset(capital - lower)


@dataclass(frozen=True)
class Pair:
    """One sentence of the book and its closest article passage (sentences ``start``..``end``)."""

    sentence: str
    article: str
    start: int
    end: int
    score: float
    #: Whether the pair shares phrasing, or content enough on its own (``CONTENT_ALONE``), to count
    #: as a close paraphrase; a run in the article's order needs only the partner.
    phrased: bool = True

    def __str__(self) -> str:
        return f"{self.score:.2f}\n    book:    {self.sentence}\n    article: {self.article}"


@dataclass(frozen=True)
class Hit:
    """A flagged pair (kind "pair") or run of pairs in the article's order (kind "run")."""

    kind: str
    pairs: tuple[Pair, ...]

    def __str__(self) -> str:
        if self.kind == "pair":
            return f"close paraphrase, similarity {self.pairs[0]}"
        body = "\n".join(f"  {p}" for p in self.pairs)
        return f"{len(self.pairs)} sentences in the article's order:\n{body}"


class Aligner:
    """The article's passages, vectorised once; ``align`` pairs a text's sentences with them."""

    def __init__(self, article: str):
        self.names = proper_names(article)
        plain = sentences(article)
        units = [(s, i, i) for i, s in enumerate(plain)]
        units += [(f"{a} {b}", i, i + 1) for i, (a, b) in enumerate(itertools.pairwise(plain))]
        self.units = [u for u in units if len(set(self.tokens(u[0]))) >= MIN_WORDS]
        texts = [u[0] for u in self.units]
        self._content = _Space(self.tokens, texts, own_words_count=True)
        self._phrasing = _Space(self.phrases, texts, own_words_count=False)

    def tokens(self, sentence: str) -> list[str]:
        """Content words, stemmed; no quotations, names, terms of art, numbers or small words."""
        text = DOMAIN_TERMS.sub(" ", unquote(sentence))
        names = self.names | {w.lower() for w in _NAME_INSIDE.findall(text)}
        return [
            stem(w)
            for w in words(text)
            if w not in STOP and w.split("'")[0] not in STOP
            if w.split("'")[0] not in names and not w[0].isdigit() and len(w) > 1
        ]

    def phrases(self, sentence: str) -> list[str]:
        """Runs of ``PHRASE`` words (small words kept, names, terms of art and numbers masked): how
        it is put."""
        text = DOMAIN_TERMS.sub(" Tterm ", unquote(sentence))
        names = self.names | {w.lower() for w in _NAME_INSIDE.findall(text)}
        masked = ["_" if w.split("'")[0] in names or w[0].isdigit() else stem(w) for w in words(text)]
        runs = [" ".join(masked[i : i + PHRASE]) for i in range(len(masked) - PHRASE + 1)]
        return [r for r in runs if r.split().count("_") < PHRASE]

    def align(self, text: str) -> list[Pair]:
        """Each sentence of ``text`` with enough content words, paired with its closest passage."""
        mine = [s for s in sentences(text) if len(set(self.tokens(s))) >= MIN_WORDS_BOOK]
        if not mine:
            return []
        content, phrasing = self._content.similarity(mine), self._phrasing.similarity(mine)
        shared, runs = self._content.shared(mine), self._phrasing.shared(mine)
        scores = (content + phrasing) / 2
        scores[shared < MIN_SHARED] = 0.0
        best = scores.argmax(axis=1)
        rows = range(len(mine))
        c, p, n, r = content[rows, best], phrasing[rows, best], shared[rows, best], runs[rows, best]
        alike = (
            ((n >= SHARED_ENOUGH) & (p > 0)) | (c >= CONTENT_ALONE) | ((r >= PHRASED_RUNS) & (p >= PHRASED))
        )
        return [
            Pair(s, self.units[j][0], self.units[j][1], self.units[j][2], float(scores[i, j]), bool(a))
            for i, (s, j, a) in enumerate(zip(mine, best, alike, strict=True))
        ]

    def hits(self, text: str) -> list[Hit]:
        """The close pairs (a) and the runs in the article's order (b) of ``text``."""
        pairs = self.align(text)
        found = [Hit("pair", (p,)) for p in pairs if p.phrased and p.score >= THRESHOLD]
        run: list[Pair] = []
        skipped = 0
        for pair in [*pairs, None]:
            if pair is not None and pair.score >= RUN_FLOOR:
                if run and run[-1].start < pair.start <= run[-1].end + RUN_STEP:
                    run.append(pair)
                    skipped = 0
                    continue
                if len(run) >= RUN:
                    found.append(Hit("run", tuple(run)))
                run, skipped = [pair], 0
                continue
            if pair is not None and run and skipped < RUN_SKIP:
                skipped += 1
                continue
            if len(run) >= RUN:
                found.append(Hit("run", tuple(run)))
            run, skipped = [], 0
        return found


class _Space:
    """One TF-IDF space over the article's passages (scikit-learn), with the weights learnt from
    them. With ``own_words_count``, a feature the article never has weighs in a text's length as the
    article's rarest (a sentence in its own words is not like the article however few of the
    article's words it uses); without it, only the article's features are compared."""

    def __init__(self, analyse, texts: list[str], own_words_count: bool):
        self.analyse = analyse
        self.own_words_count = own_words_count
        self.counts = CountVectorizer(analyzer=analyse).fit(texts)
        self.idf = TfidfTransformer().fit(self.counts.transform(texts)).idf_
        self.matrix, self.present = self._vectors(texts)

    def _vectors(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        counts = self.counts.transform(texts).toarray()
        weighted = counts * self.idf
        squares = (weighted**2).sum(axis=1)
        if self.own_words_count:
            vocab = self.counts.vocabulary_
            own = np.array([sum(f not in vocab for f in self.analyse(t)) for t in texts], float)
            squares += (own * self.idf.max()) ** 2
        norms = np.sqrt(squares)
        norms[norms == 0] = 1.0
        return weighted / norms[:, None], (counts > 0).astype(int)

    def similarity(self, texts: list[str]) -> np.ndarray:
        """Cosine of each text with each of the article's passages."""
        return self._vectors(texts)[0] @ self.matrix.T

    def shared(self, texts: list[str]) -> np.ndarray:
        """How many distinct features each text shares with each passage."""
        return self._vectors(texts)[1] @ self.present.T
