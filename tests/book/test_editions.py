"""The three editions: the assignment edition carries no key anywhere; the instructor edition adds
keys, teaching notes and the teaching guide; the student edition has neither."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.support.data import content, key_tables
from treatylab.activities import EXERCISES
from treatylab.activities.veto import veto_outcomes
from treatylab.build import INSTRUCTOR_PAGES
from treatylab.formats import problems
from treatylab.notebooks import ARCHIVE_NAME, WHEEL_NAME
from treatylab.packaging import DOWNLOADS
from treatylab.paths import REPO_ROOT

#: Shorter strings (like "Yes.") could occur in the prose by coincidence.
MIN_KEY_LENGTH = 36


@pytest.fixture(scope="module")
def assignment(built_edition) -> Path:
    return built_edition("assignment")


@pytest.fixture(scope="module")
def instructor(built_edition) -> Path:
    return built_edition("instructor")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def answer_keys() -> set[str]:
    """Every piece of text that gives an answer away: every string in the key half of every key
    table, and, read from the data independently of the tables, quiz feedback, reference codings
    and the veto simulator's outcome explanations."""
    keys: set[str] = set()
    for table in key_tables().values():
        for entry in table.key.values():
            keys |= {a["reason"] for a in entry.get("accept", []) if "reason" in a}
            feedback = {k: v for k, v in entry.get("feedback", {}).items() if k != "source"}
            # a position's stances: what each holder says is feedback; who they are is not a secret
            for stance in feedback.pop("stances", []):
                keys |= {stance["view"], stance["evidence"]}
            keys |= set(_strings(feedback))
        # feedback on the activity as a whole (exercise 9's readings): what each holder says
        for holders in table.feedback.get("readings", {}).values():
            keys |= {x for h in holders for x in (h["view"], h["evidence"])}
    for bank in content().banks():
        for item in content().resolved_items(bank):
            keys |= {o["feedback"] for o in item.get("options", []) if "feedback" in o}
            if item["type"] == "short":  # the model answer and rubric are the instructor's only
                keys |= {item["model_answer"], *(r["descriptor"] for r in item["rubric"])}
            keys |= {x["feedback"] for x in item.get("items", [])}
            keys |= {p["feedback"] for p in item.get("pairs", [])}
            if item["type"] == "numeric":
                keys |= {item["feedback_correct"], *(d["feedback"] for d in item["distractors"])}
    for clause in content().clauses.clauses:
        keys |= {c.reason for c in clause.coding.values()}
    for name in ("comparator", "renderings", "renderings_paris"):
        for coding in content().data(name).coding.values():
            keys |= {c.reason for c in coding.values()}
    keys |= {o["why"] for o in veto_outcomes(content().data("veto")).values()}
    return {k for k in keys if len(k) >= MIN_KEY_LENGTH}


def widget_tables(page: Path) -> list[dict[str, Any]]:
    """The key tables in a built page's saved widget state."""
    text = page.read_text(encoding="utf-8")
    start = text.index('<script type="application/vnd.jupyter.widget-state+json">')
    state = json.loads(text[text.index(">", start) + 1 : text.index("</script>", start)])["state"]
    return [e["state"]["table"] for e in state.values() if "table" in e.get("state", {})]


def forms(text: str) -> set[str]:
    """The ways a string can appear in the output: as is, JSON-escaped, HTML-escaped."""
    return {text, json.dumps(text)[1:-1], html.escape(text), html.escape(text, quote=False)}


def test_assignment_edition_contains_no_answer_key_anywhere(assignment):
    keys = answer_keys()
    assert len(keys) > 200
    leaks = []
    output = assignment.parent  # html/ and jupyter_execute/ (the executed notebooks)
    suffixes = {".html", ".js", ".json", ".ipynb", ".md", ".txt"}
    files = [f for f in output.rglob("*") if f.is_file() and f.suffix in suffixes]
    assert any(f.suffix == ".ipynb" for f in files) and (assignment / "searchindex.js").is_file()
    assert (assignment / "_sources" / "exercises" / "02-clause-comparator.md").is_file()  # download
    for path in files:
        text = path.read_text(errors="ignore")
        leaks += [f"{path.relative_to(output)}: {k[:60]}" for k in keys if any(v in text for v in forms(k))]
    assert leaks == []
    tables = widget_tables(assignment / "exercises" / "02-clause-comparator.html")
    assert tables and all(t["key"] == {} and t["answer"]["parts"] for t in tables)


def archive_texts(name: str, data: bytes) -> Iterator[tuple[str, str]]:
    """Every file of a zip archive (a wheel is one) as text, archives inside it opened too."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            content = archive.read(member)
            if member.endswith((".zip", ".whl")):
                yield from archive_texts(f"{name}/{member}", content)
            else:
                yield f"{name}/{member}", content.decode("utf-8", errors="ignore")


def test_assignment_wheel_and_archive_contain_no_answer_key(assignment):
    """The wheel and the notebooks archive of the assignment edition: no key in any file of
    either, no data/ in the wheel (only the public tables), and the archive's wheel is the site's."""
    keys = answer_keys()
    downloads = assignment / DOWNLOADS
    wheel, archive = downloads / WHEEL_NAME, downloads / ARCHIVE_NAME
    files = [f for path in (wheel, archive) for f in archive_texts(path.name, path.read_bytes())]
    names = [name for name, _ in files]
    assert f"{WHEEL_NAME}/treatylab/_packaged/public.json" in names
    assert not any("/_packaged/data/" in n or n.endswith((".yaml", ".bib")) for n in names)
    notebooks = sum(n.endswith(".ipynb") for n in names)
    assert notebooks == 3 * len(EXERCISES)  # the archive's, the wheel's, and its wheel's
    leaks = [f"{name}: {k[:60]}" for name, text in files for k in keys if any(v in text for v in forms(k))]
    assert leaks == []
    info = json.loads(dict(files)[f"{WHEEL_NAME}/treatylab/_packaged/wheel.json"])
    assert info == {"edition": "assignment", "keys": False, "version": info["version"]}
    public = json.loads(dict(files)[f"{WHEEL_NAME}/treatylab/_packaged/public.json"])
    assert all(entry["table"]["key"] == {} for entry in public.values())
    with zipfile.ZipFile(archive) as z:
        assert z.read(f"{ARCHIVE_NAME.removesuffix('.zip')}/{WHEEL_NAME}") == wheel.read_bytes()


def test_instructor_edition_has_keys_notes_and_the_teaching_guide(instructor):
    guide = (instructor / "chapters" / "teaching-guide.html").read_text()
    assert "Role-play: the Istanbul round" in guide and "Assessment rubrics" in guide
    keys = html.unescape((instructor / "chapters" / "answer-keys.html").read_text()).replace("’", "'")
    reason = content().data("comparator").coding["draft-15-art5"]["delegation"].reason
    assert reason in keys
    for activity in content().activities():  # every exercise and quiz, each with its parts' keys
        assert activity.title in keys, activity.id
        table, parts = content().key(activity.id), content().describe(activity.id)
        keyed = [p for p in table.marked_items() if table.key[p].get("accept")]
        assert keyed == [] or any(parts[p].prompt.replace("’", "'") in keys for p in keyed), activity.id
    assert "Teaching note" in (instructor / "chapters" / "04-april-drafts.html").read_text()
    facts = content().facts
    for page in INSTRUCTOR_PAGES:  # facts named in the instructor-only pages render their values
        source = (REPO_ROOT / f"{page}.md").read_text()
        rendered = html.unescape((instructor / f"{page}.html").read_text()).replace("’", "'")
        for fact_id in set(re.findall(r"\{fact\}`([^`]+)`", source)):
            value = facts.get(fact_id.strip()).display().replace("’", "'")
            assert f'<span class="tl-fact">{value}</span>' in rendered, (page, fact_id)


def test_student_edition_has_no_teaching_guide_or_notes(built_book):
    assert not (built_book / "chapters" / "teaching-guide.html").exists()
    assert not (built_book / "chapters" / "answer-keys.html").exists()
    assert "Teaching note" not in (built_book / "chapters" / "04-april-drafts.html").read_text()


@pytest.mark.browser
def test_assignment_widgets_record_answers_without_feedback(assignment, open_page):
    page, log = open_page(assignment / "exercises" / "06-reading-the-brackets.html")
    root = page.locator(".tl-brackets")
    root.wait_for(timeout=15_000)
    root.locator("select").first.select_option("agreed")
    root.get_by_role("button", name="Record my answers and show the draft's legend").click()
    assert root.get_by_role("status").inner_text().startswith("Your answers are recorded in this browser.")
    assert "Download my answers" in root.get_by_role("status").inner_text()  # how to hand them in
    assert "✓" not in root.inner_text() and "✗" not in root.inner_text()
    assert log.problems == []


@pytest.mark.browser
def test_assignment_edition_downloads_carry_no_key(assignment, open_page):
    """Every file a student can download from the assignment edition: no key, no marks."""
    page, log = open_page(assignment / "exercises" / "06-reading-the-brackets.html")
    root = page.locator(".tl-brackets")
    root.wait_for(timeout=15_000)
    root.locator("select").first.select_option("agreed")
    assert root.get_by_role("button", name="Record my answers and show the draft's legend").count() == 1
    texts = []
    with page.expect_download() as download:
        root.get_by_role("button", name="Download my answers").click()
    texts.append(Path(download.value.path()).read_text())
    page.goto((assignment / "chapters" / "01-assurances-and-guarantees.html").as_uri())
    quiz = page.locator(".tl-quiz")
    quiz.wait_for(timeout=15_000)
    quiz.locator('.tl-quiz-item[data-item="q1-assurance-definition"] input[value="b"]').check()
    # Without a key the buttons say what they do: record the answer (nothing is shown).
    assert quiz.get_by_role("button", name="Record my answer").count() > 0
    assert quiz.get_by_role("button", name="Check", exact=True).count() == 0
    assert "shows no answer key" in quiz.locator(".tl-quiz-about").inner_text()
    for name in ("Download results (JSON, to hand in)", "CSV copy for my records"):
        with page.expect_download() as download:
            quiz.get_by_role("button", name=name).click()
        texts.append(Path(download.value.path()).read_text())
    results = json.loads(texts[1])
    assert problems("handin", json.loads(texts[0])) == [] and problems("quiz-results", results) == []
    assert "score" not in results and all("correct" not in row for row in results["items"])
    assert "correct" not in texts[2].splitlines()[0]
    page.goto((assignment / "chapters" / "my-work.html").as_uri())
    score = page.locator('tr[data-activity="brackets"] .tl-my-work-score')
    # Waited for: Chromium may pass the first page's last storage write on to this one a moment after
    # it loads (the page then refreshes on the "storage" event).
    expect(score).to_have_text("From your instructor")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download all my work").click()
    texts.append(Path(download.value.path()).read_text())
    assert len(json.loads(texts[-1])["activities"]) == 2
    assert problems("my-work", json.loads(texts[-1])) == []
    keys = answer_keys()
    leaks = [k[:60] for text in texts for k in keys if any(v in text for v in forms(k))]
    assert leaks == []
    assert log.problems == []
