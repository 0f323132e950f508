"""A corpus of hostile hand-ins, generated (never checked in: some cases are megabytes): what a
student could put in a folder, by mistake or on purpose, and what ``grade`` says about it.

Each case writes one student's folder and names the line ``grade`` prints for it: a reason in
words, never a traceback, and never at the cost of another student's marks. The cases are those of
issue 33 (a 990-deep array, a 4,000-digit number, notebooks with outputs of the wrong type, a
200 KB choice, links, control characters in names, ...) and others found while writing them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from treatylab.marker import KeyTable

QUIZ = "quiz-01-assurances-and-guarantees"
NOTEBOOK = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


@dataclass(frozen=True)
class Case:
    """One hostile student folder: ``build(folder, keys, corpus)`` writes it (``corpus``: the whole
    class's folder, for links); ``says`` is in what ``grade`` prints about it (escaped as printed)."""

    name: str
    build: Callable[[Path, dict[str, KeyTable], Path], None]
    says: str
    #: True when the rest of the folder is still graded (the bad part is one answer).
    graded: bool = False


def _write(path: Path, data: bytes | str | object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    elif not isinstance(data, bytes):
        data = json.dumps(data).encode()
    path.write_bytes(data)
    return path


def _handin(keys: dict[str, KeyTable], activity: str, answer: object) -> dict[str, object]:
    return {"exercise": activity, "data_version": keys[activity].version, "answer": answer}


def _raw(keys: dict[str, KeyTable], activity: str, answer_json: str) -> str:
    """A hand-in whose answer is given as JSON text (for what Python's json cannot write)."""
    return (
        f'{{"exercise": "{activity}", "data_version": "{keys[activity].version}", "answer": {answer_json}}}'
    )


def _notebook(cell: dict[str, object] | None = None, **top: object) -> dict[str, object]:
    base = {"cell_type": "code", "id": "a1", "metadata": {"tags": ["submission"]}, "source": "x"}
    cells = [] if cell is None else [{**base, "execution_count": 1, "outputs": [], **cell}]
    return {**NOTEBOOK, "cells": cells, **top}


def _stream(text: object) -> dict[str, object]:
    return {"outputs": [{"output_type": "stream", "name": "stdout", "text": text}]}


def _veto(keys: dict[str, KeyTable], **answer: object) -> dict[str, object]:
    return _handin(keys, "veto", {"predictions": {"individual:russia": "no"}, "explanation": "x", **answer})


def _file(name: str, data: Callable[[dict[str, KeyTable]], object]) -> Callable[[Path, dict, Path], None]:
    return lambda folder, keys, corpus: _write(folder / name, data(keys))


def _fifo(folder: Path, keys: dict, corpus: Path) -> None:
    folder.mkdir(parents=True)
    os.mkfifo(folder / "pipe.json")


def _sparse(folder: Path, keys: dict, corpus: Path) -> None:
    folder.mkdir(parents=True)
    with (folder / "huge.json").open("wb") as handle:
        handle.truncate(6 * 2**20)


def _link_to_other(folder: Path, keys: dict, corpus: Path) -> None:
    folder.mkdir(parents=True)
    target = next(p for p in sorted(corpus.glob("good-*/*.json")))
    (folder / "borrowed.json").symlink_to(target)


def _link_outside(folder: Path, keys: dict, corpus: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "passwd.json").symlink_to("/etc/passwd")


def _folder_link(folder: Path, keys: dict, corpus: Path) -> None:
    folder.symlink_to("/usr/share", target_is_directory=True)


def _hard_link(folder: Path, keys: dict, corpus: Path) -> None:
    folder.mkdir(parents=True)
    target = next(p for p in sorted(corpus.glob("good-*/*.json")))
    os.link(target, folder / "copied.json")


def _odd_name(name: bytes) -> Callable[[Path, dict, Path], None]:
    def build(folder: Path, keys: dict, corpus: Path) -> None:
        folder.mkdir(parents=True)
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(b"{")

    return build


def _deep_folders(folder: Path, keys: dict, corpus: Path) -> None:
    deep = folder.joinpath(*["d"] * 200)
    _write(deep / "veto.json", _veto(keys))


def _many_copies(folder: Path, keys: dict, corpus: Path) -> None:
    _write(folder / "my-work.json", {"treatylab": "my-work", "activities": [_veto(keys)] * 2000})


def _nested(depth: int, leaf: str = '"no"') -> str:
    return "[" * depth + leaf + "]" * depth


CASES: list[Case] = [
    Case(
        "deep-array-990",
        _file(
            "veto.json",
            lambda k: _raw(k, "veto", '{"predictions": {"individual:russia": ' + _nested(990) + "}}"),
        ),
        "nested more than 64 levels deep",
    ),
    Case(
        "deep-array-200000", _file("veto.json", lambda k: _nested(200_000)), "nested more than 64 levels deep"
    ),
    Case(
        "deep-63-in-an-answer",
        _file(
            "veto.json",
            lambda k: _raw(k, "veto", '{"predictions": {"individual:russia": ' + _nested(60) + "}}"),
        ),
        "individual:russia: not marked",
        graded=True,
    ),
    Case(
        "int-4000-digits",
        _file(
            "force.json",
            lambda k: _raw(k, "force_levels", '{"army": {"value": ' + "9" * 4000 + ', "favours": "russia"}}'),
        ),
        "army: not marked: answer['army']['value']: expected a number, got inf",
        graded=True,
    ),
    Case(
        "int-10e309",
        _file(
            "force.json",
            lambda k: _raw(k, "force_levels", '{"army": {"value": 1' + "0" * 309 + ', "favours": "russia"}}'),
        ),
        "expected a number, got inf",
        graded=True,
    ),
    Case(
        "int-5000-digits-in-a-choice",
        _file(
            "veto.json",
            lambda k: _raw(k, "veto", '{"predictions": {"individual:russia": -' + "7" * 5000 + "}}"),
        ),
        "individual:russia: not marked",
        graded=True,
    ),
    Case(
        "float-1e400",
        _file("quiz.json", lambda k: _raw(k, QUIZ, '{"responses": {"q1-unsc-votes": 1e400}}')),
        "q1-unsc-votes: not marked",
        graded=True,
    ),
    Case(
        "nan",
        _file("quiz.json", lambda k: _raw(k, QUIZ, '{"responses": {"q1-unsc-votes": NaN}}')),
        "NaN is not a JSON value",
    ),
    Case(
        "notebook-output-a-number",
        _file("n.ipynb", lambda k: _notebook(_stream(5))),
        "not a valid notebook: $.cells[0].outputs[0].text: must be valid exactly by one definition",
    ),
    Case(
        "notebook-outputs-a-number",
        _file("n.ipynb", lambda k: _notebook({"outputs": 5})),
        "not a valid notebook: $.cells[0].outputs: must be array (got 5)",
    ),
    Case(
        "notebook-metadata-a-list",
        _file("n.ipynb", lambda k: _notebook({"metadata": []})),
        "not a valid notebook: $.cells[0].metadata: must be object (got [])",
    ),
    Case(
        "notebook-tags-a-number",
        _file("n.ipynb", lambda k: _notebook({"metadata": {"tags": 5}})),
        "not a valid notebook: $.cells[0].metadata.tags: must be array (got 5)",
    ),
    Case(
        "notebook-format-3", _file("n.ipynb", lambda k: {**NOTEBOOK, "nbformat": 3}), "a notebook in format 3"
    ),
    Case(
        "notebook-format-text",
        _file("n.ipynb", lambda k: {**NOTEBOOK, "nbformat": "4"}),
        "not a Jupyter notebook (no nbformat version)",
    ),
    Case(
        "notebook-cells-an-object",
        _file("n.ipynb", lambda k: {**NOTEBOOK, "cells": {}}),
        "not a valid notebook: $.cells",
    ),
    Case(
        "notebook-handin-not-json",
        _file("n.ipynb", lambda k: _notebook(_stream("hello"))),
        "malformed or truncated JSON",
    ),
    Case(
        "notebook-handin-deep",
        _file("n.ipynb", lambda k: _notebook(_stream(_nested(500)))),
        "nested more than 64 levels deep",
    ),
    Case("notebook-not-run", _file("n.ipynb", lambda k: _notebook({})), "the hand-in cell was not run"),
    Case("notebook-no-handin-cell", _file("n.ipynb", lambda k: NOTEBOOK), "no hand-in cell"),
    Case(
        "choice-200kb",
        _file(
            "quiz.json", lambda k: _handin(k, QUIZ, {"responses": {"q1-assurance-definition": "b" * 200_000}})
        ),
        "longer than any answer an item allows",
        graded=True,
    ),
    Case("written-140k", _file("veto.json", lambda k: _veto(k, explanation="w" * 140_000)), "", graded=True),
    Case(
        "short-140k",
        _file(
            "quiz.json",
            lambda k: _handin(
                k, "quiz-05-why-the-talks-failed", {"responses": {"q5-arakhamia-written": "s" * 140_000}}
            ),
        ),
        "",
        graded=True,
    ),
    Case(
        "lone-surrogates",
        _file(
            "veto.json",
            lambda k: _raw(
                k, "veto", '{"predictions": {"individual:russia": "\\udcff"}, "explanation": "a\\ud800b"}'
            ),
        ),
        "is not an option",
        graded=True,
    ),
    Case(
        "formula-text",
        _file("veto.json", lambda k: _veto(k, explanation='=HYPERLINK("x";"y");@SUM(1)\t-2+3')),
        "",
        graded=True,
    ),
    Case("utf16-bom", _file("veto.json", lambda k: json.dumps(_veto(k)).encode("utf-16")), "", graded=True),
    Case(
        "utf8-bom",
        _file("veto.json", lambda k: b"\xef\xbb\xbf" + json.dumps(_veto(k)).encode()),
        "",
        graded=True,
    ),
    Case(
        "latin-1",
        _file(
            "veto.json",
            lambda k: (
                json.dumps(_veto(k, explanation="é"))
                .replace("é", "\\u00e9")
                .encode()
                .replace(b"\\u00e9", b"\xe9")
            ),
        ),
        "not UTF-8 text",
    ),
    Case("binary", _file("veto.json", lambda k: PNG), "not UTF-8 text"),
    Case("empty", _file("veto.json", lambda k: b""), "empty file"),
    Case("whitespace", _file("veto.json", lambda k: b"  \n "), "malformed or truncated JSON"),
    Case("top-level-array", _file("veto.json", lambda k: [1, 2]), "the file is not a JSON object"),
    Case("top-level-null", _file("veto.json", lambda k: None), "the file is not a JSON object"),
    Case(
        "bundle-empty",
        _file("my-work.json", lambda k: {"treatylab": "my-work", "activities": []}),
        "holds no activity",
    ),
    Case(
        "bundle-activities-an-object",
        _file("my-work.json", lambda k: {"treatylab": "my-work", "activities": {}}),
        "needs a list of 'activities'",
    ),
    Case(
        "bundle-entries-numbers",
        _file("my-work.json", lambda k: {"treatylab": "my-work", "activities": [1, 2]}),
        "activities[0] is not a JSON object",
    ),
    Case("bundle-2000-copies", _many_copies, "veto was handed in again in", graded=True),
    Case(
        "quiz-100000-rows",
        _file(
            "quiz.json",
            lambda k: {
                "quiz": QUIZ[5:],
                "data_version": k[QUIZ].version,
                "items": [{"item": "x", "response": None}] * 100_000,
            },
        ),
        "",
        graded=True,
    ),
    Case("answer-a-list", _file("veto.json", lambda k: _handin(k, "veto", [])), "$.answer: must be object"),
    Case(
        "grid-row-a-list",
        _file("c.json", lambda k: _handin(k, "comparator", {"nato-5": []})),
        "nato-5: not marked",
        graded=True,
    ),
    Case(
        "order-with-repeats",
        _file("t.json", lambda k: _handin(k, "timeline_order", {"order": ["round-1"] * 3})),
        "must list every",
    ),
    Case(
        "unknown-activity-100k",
        _file("x.json", lambda k: {"exercise": "x" * 100_000, "data_version": "0" * 12, "answer": {}}),
        "unknown activity 'xxxx",
    ),
    Case(
        "data-version-100k",
        _file("x.json", lambda k: {"exercise": "veto", "data_version": "v" * 100_000, "answer": {}}),
        "$.data_version: must match pattern",
    ),
    Case(
        "stale", _file("x.json", lambda k: {**_veto(k), "data_version": "0123456789ab"}), "stale data_version"
    ),
    Case("upper-case-suffix", _file("VETO.JSON", lambda k: _veto(k)), "", graded=True),
    Case(
        "not-a-handin",
        _file("notes.txt", lambda k: "hello"),
        "not a notebook (.ipynb) or an answers file (.json)",
    ),
    Case("oversize-sparse", _sparse, "is over the 5 MB limit (not read)"),
    Case("fifo", _fifo, "not a regular file (a device, pipe or socket): not read"),
    Case("link-to-another-student", _link_to_other, "borrowed.json: skipped: a symbolic link: not followed"),
    Case("link-outside", _link_outside, "passwd.json: skipped: a symbolic link: not followed"),
    Case(
        "folder-link-outside",
        _folder_link,
        "hostile-folder-link-outside: skipped: a symbolic link: not followed",
    ),
    Case("hard-link-to-another-student", _hard_link, "copied.json: skipped: the same file as good-"),
    Case("escape-sequence-name", _odd_name(b"\x1b[2J\x1b[31mred.json"), "\\x1b[2J\\x1b[31mred.json: skipped"),
    Case("newline-name", _odd_name(b"a\nb.json"), "a\\nb.json: skipped"),
    Case("undecodable-name", _odd_name(b"\xff\xfe.json"), "\\xff\\xfe.json: skipped"),
    Case("right-to-left-name", _odd_name("evil\u202enosj.json".encode()), "evil\\u202enosj.json: skipped"),
    Case("deep-folders", _deep_folders, "", graded=True),
    Case(
        "notebook-cells-without-ids",  # format 4.5 wants ids; nbformat fills them in, and so does grade
        _file(
            "n.ipynb",
            lambda k: {
                **_notebook({**_stream(json.dumps(_veto(k)))}),
                "cells": [
                    {
                        k2: v
                        for k2, v in _notebook(_stream(json.dumps(_veto(k))))["cells"][0].items()
                        if k2 != "id"
                    }
                ],
            },
        ),
        "",
        graded=True,
    ),
]
