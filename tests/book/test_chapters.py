"""The chapters: length, glossary use, citations, facts from data/, and quotations that match sources."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests.support.data import content
from tests.support.sources import normalise, source_paragraphs
from treatylab.build import INSTRUCTOR_PAGES
from treatylab.models import UNVERIFIED
from treatylab.paths import DATA_DIR, REPO_ROOT, SHARED_SOURCES_DIR

CHAPTERS = sorted((REPO_ROOT / "chapters").glob("0[1-6]-*.md"))
ALL_PAGES = sorted((REPO_ROOT / "chapters").glob("*.md")) + sorted((REPO_ROOT / "exercises").glob("*.md"))
SEED = REPO_ROOT.parent / "shared" / "seed" / "charap-radchenko-2024-foreign-affairs.txt"

ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<body>[^`]*)`")
DATA_DIRECTIVE = re.compile(r":::\{(treaty-quote|draft-passage|timeline)\}[^\n]*\n(?::[^\n]*\n)*:::")


def prose(text: str) -> str:
    """The chapter's own prose: data-driven blocks removed, roles reduced to their visible words."""
    text = DATA_DIRECTIVE.sub(" ", text)

    def visible(match: re.Match[str]) -> str:
        role, body = match["role"], match["body"]
        if role.startswith("cite"):
            return " "
        if role == "fact":
            return " N "
        body = re.sub(r".*<(.*)>", r"\1", body) if role not in ("treaty", "draft") else body.split(":", 1)[-1]
        return body

    text = ROLE.sub(visible, text)
    return re.sub(r"^:::.*$|^:class:.*$", " ", text, flags=re.M)


def word_count(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][\w'’-]*", prose(text)))


def built_page(html_dir: Path, source: Path) -> str:
    return (html_dir / source.relative_to(REPO_ROOT).with_suffix(".html")).read_text()


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_2000_to_4000_words_of_prose(chapter):
    assert 2000 <= word_count(chapter.read_text()) <= 4000


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_the_teaching_apparatus(chapter):
    text = chapter.read_text()
    for part in ("Learning objectives", "## Summary", "## Discussion questions", "## Further reading"):
        assert part in text, f"{chapter.name}: missing {part!r}"
    assert "{term}" in text and "{cite:" in text


def glossary_terms() -> list[str]:
    body = (REPO_ROOT / "chapters" / "glossary.md").read_text().split(":::{glossary}")[1]
    return re.findall(r"^([A-Z][^\n]*)\n  ", body, flags=re.M)


def test_glossary_has_at_least_30_terms():
    assert len(glossary_terms()) >= 30


def test_every_glossary_term_is_used_in_the_book():
    used = set()
    for page in ALL_PAGES:
        if page.name != "glossary.md":
            for match in ROLE.finditer(page.read_text()):
                if match["role"] == "term":
                    used.add(re.sub(r".*<(.*)>", r"\1", match["body"]).lower())
    assert [t for t in glossary_terms() if t.lower() not in used] == []


def test_every_cite_key_is_in_the_bibliography():
    keys = content().bibliography_keys()
    cited = {
        key.strip()
        for page in ALL_PAGES
        for match in ROLE.finditer(page.read_text())
        if match["role"].startswith("cite")
        for key in match["body"].split(",")
    }
    assert cited and cited <= keys


# Numbers the prose may write out: single digits (chapter, paragraph and list numbers), the year
# that names the whole episode, and article and paragraph numbers of the treaties.
ALLOWED_NUMBER = re.compile(
    r"(?:Articles?|Art\.|¶|paragraphs?|Chapter)\s+[\d()]+(?:\s*(?:and|to|–)\s*[\d()]+)?|\b2022\b|\b\d\b"
    r"|Article\s+2\(4\)|27\(3\)|\b\d(?:–\d)\b"
    r"|Exercise\s+\d[a-z]\b"  # an exercise's own number, such as 8b
)


# The teaching guide's figures are course design (minutes, sessions) and the instructor guide's are
# the tools' (SCORM versions, field limits, points), not facts about the talks.
FACT_PAGES = [p for p in ALL_PAGES if p.stem not in ("teaching-guide", "answer-keys", "instructor-guide")]


@pytest.mark.parametrize("page", FACT_PAGES, ids=lambda p: p.stem)
def test_numbers_and_dates_in_prose_come_from_data(page):
    """A date or figure typed into the prose (rather than {fact}) could disagree with data/."""
    text = re.sub(r"\{doc\}`[^`]*`", " ", page.read_text())  # page names are not facts
    text = prose(text)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)  # code cells
    text = re.sub(r"^---\n.*?\n---\n", " ", text, flags=re.S)  # front matter
    text = re.sub(r"\{[\w-]+\}`[^`]*`|`[^`]*`", " ", text)
    text = ALLOWED_NUMBER.sub(" ", text)
    offenders = re.findall(r".{0,30}\d+.{0,30}", text)
    assert offenders == [], f"{page.name}: numbers not taken from data/facts.yaml: {offenders}"


def test_every_fact_used_renders_its_value(built_book):
    facts = content().facts
    for page in ALL_PAGES:
        if page.relative_to(REPO_ROOT).with_suffix("").as_posix() in INSTRUCTOR_PAGES:
            continue  # instructor edition only: tests/book/test_editions.py checks its facts
        ids = {m["body"].strip() for m in ROLE.finditer(page.read_text()) if m["role"] == "fact"}
        if not ids:
            continue
        rendered = html.unescape(built_page(built_book, page)).replace("’", "'")
        for fact_id in ids:
            value = facts.get(fact_id).display().replace("’", "'")
            assert f'<span class="tl-fact">{value}</span>' in rendered, f"{page.name}: {fact_id}"


@pytest.mark.skipif(not SHARED_SOURCES_DIR.is_dir(), reason="primary sources not found")
def test_treaty_quotations_in_the_built_book_match_the_sources(built_book):
    """A verified block quotation is a verified paragraph of its source; a flagged one is a paragraph
    still to verify and carries the flag; a phrase in running prose is from a verified paragraph."""
    paragraphs = dict(p for d in content().clauses.documents for p in source_paragraphs(d.source_file))
    verified = {text for text, ok in paragraphs.items() if ok}
    quotes, phrases = 0, 0
    for page in built_book.rglob("*.html"):
        text_of_page = page.read_text()
        for kind, block, rest in re.findall(
            r'<blockquote class="tl-treaty-quote (tl-verified|tl-unverified)">\s*<div>\s*<p>(.*?)</p>(.*?)'
            r"</blockquote>",
            text_of_page,
            flags=re.S,
        ):
            quotes += 1
            text = normalise(html.unescape(re.sub(r"<[^>]+>", "", block)))
            if kind == "tl-verified":
                assert text in verified, f"{page.name}: quotation not verbatim from a verified source"
            else:
                assert paragraphs.get(text) is False, f"{page.name}: flagged quotation not in a source"
                assert UNVERIFIED in html.unescape(rest), f"{page.name}: flagged quotation without its flag"
        for span in re.findall(r'<span class="tl-treaty-phrase">“(.*?)”</span>', text_of_page, flags=re.S):
            phrases += 1
            phrase = normalise(html.unescape(span))
            assert any(phrase in p for p in verified), f"{page.name}: {phrase!r} not in a source"
    assert quotes >= 8 and phrases >= 5


@pytest.mark.skipif(not SEED.is_file(), reason="seed article not found")
def test_draft_russian_text_is_exactly_as_published():
    seed = re.sub(r"\*+", "", SEED.read_text())
    seed = normalise(seed)
    for draft in content().drafts.drafts:
        assert normalise(draft.title_ru) in seed
        for passage in draft.passages:
            assert normalise(passage.russian()) in seed, passage.id
            assert passage.english() != passage.russian()


@pytest.mark.skipif(not SHARED_SOURCES_DIR.is_dir(), reason="primary sources not found")
def test_appendix_copies_of_the_sources_are_identical():
    copies = sorted((DATA_DIR / "sources").glob("*.md"))
    # The primary texts are the files the sources' README lists in its table; the other files there
    # (later-accounts.md, guarantees-2025-26.md) are research notes, not texts to reprint.
    readme = (SHARED_SOURCES_DIR / "README.md").read_text()
    primary = re.findall(r"^\| `([^`]+\.md)` \|", readme, flags=re.M)
    assert primary, "the sources' README lists no primary text in its table"
    assert [c.name for c in copies] == sorted(primary)
    for copy in copies:
        assert copy.read_text() == (SHARED_SOURCES_DIR / copy.name).read_text(), copy.name


def test_chronology_page_lists_every_event_with_its_date(built_book):
    page = html.unescape((built_book / "chapters" / "chronology.html").read_text()).replace("’", "'")
    for event in content().timeline.events:
        assert event.when() in page, event.id


def test_marked_draft_text_is_labelled_in_words(built_book):
    page = (built_book / "chapters" / "04-april-drafts.html").read_text()
    marked = re.findall(r'<span class="tl-pos tl-pos-([\w-]+)"><span class="tl-pos-tag">\[([^:]+): ', page)
    assert ("ru-position", "Russian position") in marked
    assert ("ua-position", "Ukrainian position") in marked
    assert 'lang="ru"' in page


#: The chapter that quotes each document's verified clauses in full.
QUOTED_IN = {
    "budapest-1994": "01-assurances-and-guarantees",
    "north-atlantic-treaty-1949": "01-assurances-and-guarantees",
    "un-charter-1945": "01-assurances-and-guarantees",
    "berlin-statement-2025": "08-guarantees-2025-26",
    "paris-declaration-2026": "08-guarantees-2025-26",
}


def test_clause_quotes_cover_every_verified_clause_in_its_chapter(built_book):
    clauses = content().clauses
    assert set(QUOTED_IN) == {d.id for d in clauses.documents}
    for clause in clauses.clauses:
        if clause.verification == "verified":
            page = built_page(built_book, REPO_ROOT / "chapters" / f"{QUOTED_IN[clause.document]}.md")
            assert normalise(clause.text)[:60] in normalise(html.unescape(page)), clause.id


def _published_article_5() -> tuple[str, str]:
    """The source's Russian original of draft Article 5 and its English rendering, marks included."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    russian = next(line for line in lines if line.startswith("Государства-гаранты и Украина соглашаются"))
    english = next(line for line in lines if line.startswith("The guarantor-states and Ukraine agree"))
    return russian, english


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed not found")
def test_draft_marks_follow_the_published_russian_and_record_the_english():
    russian, english = _published_article_5()
    bold_ru = [normalise(x) for x in re.findall(r"\*\*(.+?)\*\*", russian)]
    italic_ru = [normalise(x) for x in re.findall(r"(?<!\*)\*([^*]+)\*(?!\*)", russian)]
    segments = content().drafts.get("draft-2022-04-15").passage("article-5").segments
    assert [normalise(s.ru) for s in segments if s.mark == "ua-position"] == bold_ru
    assert [normalise(s.ru) for s in segments if s.mark == "ru-position"] == italic_ru
    # The English rendering marks more in bold: every such run is either bold in the Russian too, or
    # recorded as `english_mark` (and so shown, and accepted, as the English reading).
    bold_en = re.findall(r"\*\*(.+?)\*\*", english)
    marked_in_english = [s for s in segments if s.mark == "ua-position" or s.english_mark == "ua-position"]
    assert len(bold_en) == len(marked_in_english) == 3
