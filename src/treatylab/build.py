"""Build the book: validate data, then run jupyter-book with every warning treated as an error."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from treatylab.editions import ENV_VAR, check_edition
from treatylab.paths import REPO_ROOT
from treatylab.validate import validate_data_dir

#: Pages only the instructor edition contains (added to the "For instructors" part of the toc).
INSTRUCTOR_PAGES = ("chapters/teaching-guide", "chapters/answer-keys")

#: Everything a build reads. When none of it changed since the last successful build, the build
#: is skipped (Sphinx would only re-check it all, which costs seconds).
SOURCE_GLOBS = (
    "_config.yml",
    "_toc.yml",
    "references.bib",
    "requirements.txt",
    "chapters/**/*",
    "exercises/**/*",
    "data/**/*",
    "src/treatylab/**/*",
)
#: What executed notebooks depend on beyond their own text and the package modules their kernels
#: import (:func:`kernel_files`): the data they load and the widgets' front-end files embedded in
#: their saved state. jupyter-cache keys only on the notebook's code, so when any of these change the
#: execution cache is dropped and every page rebuilt; editing the command line or the report does not.
EXECUTION_GLOBS = (
    "data/**/*",
    "src/treatylab/widgets/*.js",
    "src/treatylab/widgets/*.css",
    "requirements.txt",
)
#: A treatylab module a page's code cell imports.
_PAGE_IMPORT = re.compile(r"^\s*(?:from|import)\s+(treatylab[\w.]*)", re.M)
#: A class named by reference, as the registry names widgets (``treatylab.widgets.veto:VetoSimulator``).
_REFERENCE = re.compile(r"^treatylab[\w.]*:\w+$")
STAMP = ".treatylab-build-stamp{suffix}.json"

# "path:line: WARNING: message" or "WARNING: message" as Sphinx prints them (possibly coloured).
# Sphinx writes "WARNING: ..." / "ERROR: ..." (a space after the colon). Python logging lines from
# the kernel machinery, such as "ERROR:tornado.general:..." at kernel shutdown, are not build
# problems: counting them made builds fail at random.
_PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL|SEVERE): ")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_JUPYTER_BOOK = "import sys; from jupyter_book.cli.main import main; sys.exit(main())"


@dataclass
class BuildResult:
    """What a build produced: its exit status and every warning or error Sphinx reported."""

    returncode: int
    problems: list[str] = field(default_factory=list)
    html_dir: Path = REPO_ROOT / "_build" / "html"

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.problems


def sources_digest(root: Path, globs: tuple[str, ...] = SOURCE_GLOBS) -> str:
    """A hash of every file matching ``globs`` (names and contents)."""
    digest = hashlib.sha256()
    files = {p for pattern in globs for p in root.glob(pattern) if p.is_file()}
    for path in sorted(files):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def kernel_files(root: Path) -> list[Path]:
    """The package's modules that the book's kernels run: those its pages import, and, following
    their ``import`` statements (read, not run), everything those import from the package."""
    package = root / "src"
    pages = [*root.glob("exercises/*.md"), *root.glob("chapters/*.md")]
    todo = [
        "treatylab",
        *(m for page in pages for m in _PAGE_IMPORT.findall(page.read_text(encoding="utf-8"))),
    ]
    seen: dict[str, Path] = {}
    while todo:
        name = todo.pop()
        path = _module_file(package, name)
        if name in seen or path is None:
            continue
        seen[name] = path
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                todo += [a.name for a in node.names if a.name.startswith("treatylab")]
            elif (
                isinstance(node, ast.ImportFrom)
                and node.level == 0
                and (node.module or "").startswith("treatylab")
            ):
                todo += [node.module or "", *(f"{node.module}.{a.name}" for a in node.names)]
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and _REFERENCE.match(node.value)
            ):
                todo.append(node.value.split(":")[0])  # a class named by reference ("module:Class")
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]  # each parent package runs too
    return sorted(seen.values())


def _module_file(package: Path, name: str) -> Path | None:
    base = package.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def execution_digest(root: Path) -> str:
    """A hash of everything executed notebooks depend on (:data:`EXECUTION_GLOBS`, :func:`kernel_files`)."""
    digest = hashlib.sha256(sources_digest(root, EXECUTION_GLOBS).encode())
    for path in kernel_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _stamp(root: Path) -> dict[str, str]:
    return {"all": sources_digest(root), "execution": execution_digest(root)}


def output_dir(root: Path, edition: str = "student") -> Path:
    """Where an edition's build goes: ``_build`` for the student edition, ``_build/<edition>`` else."""
    return root / "_build" if edition == "student" else root / "_build" / edition


def html_dir(root: Path = REPO_ROOT, edition: str = "student") -> Path:
    """The folder an edition's HTML lands in."""
    return (
        output_dir(root, edition) / "html"
        if edition == "student"
        else output_dir(root, edition) / "_build" / "html"
    )


def _executes_as(edition: str) -> str:
    """The edition whose notebook outputs ``edition`` uses. The student and instructor editions' kernels
    produce the same outputs (only the assignment edition's widgets leave out the key), so the
    instructor edition re-executes nothing the student edition has run."""
    return "assignment" if edition == "assignment" else "student"


def execution_cache(root: Path, edition: str = "student") -> Path:
    """Where an edition's executed notebooks are kept (shared as ``_executes_as`` says)."""
    return output_dir(root, _executes_as(edition)) / ".jupyter_cache"


#: In the execution cache: the digest of the sources its notebooks were executed from.
_CACHE_DIGEST = "treatylab-execution.txt"


def _stamp_path(root: Path, edition: str) -> Path:
    return root / "_build" / STAMP.format(suffix="" if edition == "student" else f"-{edition}")


def _last_stamp(root: Path, edition: str = "student") -> dict[str, str]:
    try:
        return json.loads(_stamp_path(root, edition).read_text())
    except (OSError, ValueError):
        return {}


def is_up_to_date(root: Path = REPO_ROOT, edition: str = "student") -> bool:
    """True when the edition's HTML was built successfully from exactly the current sources (and
    is still there: a deleted output folder is built again)."""
    built = html_dir(root, edition) / "index.html"
    return built.is_file() and _last_stamp(root, edition).get("all") == sources_digest(root)


def _edition_files(root: Path, edition: str) -> list[str]:
    """jupyter-book options for a non-default edition: its own config, toc and output folder."""
    out = output_dir(root, edition)
    out.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("execute", {})["cache"] = str(execution_cache(root, edition))
    config.setdefault("sphinx", {}).setdefault("config", {})["treatylab_edition"] = edition
    config["bibtex_bibfiles"] = [str(root / b) for b in config.get("bibtex_bibfiles", [])]
    (out / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    if edition == "instructor":
        instructors = next(p for p in toc["parts"] if p.get("caption") == "For instructors")
        instructors["chapters"] += [{"file": page} for page in INSTRUCTOR_PAGES]
    (out / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False))
    return ["--config", str(out / "_config.yml"), "--toc", str(out / "_toc.yml"), "--path-output", str(out)]


_REPORT = re.compile(
    r"^(?P<source>.+?\.(?:md|ipynb)): WARNING: Notebook exception traceback saved in: (?P<log>\S+)"
)
_CELL = re.compile(r"executing the following cell:\n-+\n(?P<cell>.*?)\n-+\n", re.S)


def explain_notebook_failure(source: Path, log: Path) -> str:
    """``path:line: cell raised Error: message`` for a notebook that failed to execute, read from
    myst-nb's report (the line is where the failing cell starts in the source file)."""
    try:
        report = _ANSI.sub("", log.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return f"{source}: the notebook raised an error (no report at {log})"
    cell = _CELL.search(report)
    line = 1
    if cell:
        first = cell["cell"].strip().splitlines()[0]
        lines = source.read_text(encoding="utf-8").splitlines() if source.is_file() else []
        line = next((i for i, text in enumerate(lines, 1) if text.strip() == first.strip()), 1)
    error = next(
        (x.strip() for x in reversed(report.splitlines()) if re.match(r"^\w*(Error|Exception)\b", x.strip())),
        "an exception",
    )
    return f"{source}:{line}: a cell raised {error} (full traceback: {log})"


def check_toc(root: Path) -> list[str]:
    """Every page named in _toc.yml exists, reported as ``_toc.yml:line: field: message``."""
    from treatylab.load import DataErrors, format_loc, read_yaml

    toc = root / "_toc.yml"
    try:
        data, lines = read_yaml(toc)
    except DataErrors as exc:
        return [str(e) for e in exc.errors]
    problems = []

    def walk(value: object, loc: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("file", "root") and isinstance(item, str):
                    if not any((root / f"{item}{ext}").is_file() for ext in (".md", ".ipynb", "")):
                        line = lines.get((*loc, key), 1)
                        problems.append(
                            f"{toc}:{line}: {format_loc((*loc, key))}: no such page {item!r} (.md or .ipynb)"
                        )
                else:
                    walk(item, (*loc, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, (*loc, i))

    walk(data, ())
    return problems


def build_book(
    root: Path = REPO_ROOT,
    *,
    edition: str = "student",
    fresh: bool = False,
    echo: bool = True,
    force: bool = False,
) -> BuildResult:
    """Build an edition of ``root``; report all warnings (``-W -n --keep-going``).

    ``student`` (default, into ``_build/html``): the book with feedback. ``assignment``: no answer
    key anywhere in the output. ``instructor``: keys, teaching notes and the teaching guide. Skipped
    when nothing changed since the edition's last successful build, unless ``fresh`` or ``force``.
    """
    check_edition(edition)
    if not (fresh or force) and is_up_to_date(root, edition):
        # Built from exactly these sources (a build removes the stamp when it starts and writes it when
        # it succeeds): nothing to do, and no lock to wait for while another edition builds.
        return _unchanged(root, edition, echo)
    # Two builds at once (two terminals, two test workers) that share output or an execution cache
    # would write into each other's: they take turns, and the second finds the first's build up to
    # date. filelock, not fcntl: it also works on Windows. Imported here: only the book's toolchain
    # (requirements.txt) has it.
    from filelock import FileLock

    (root / "_build").mkdir(exist_ok=True)
    with FileLock(root / "_build" / f".build-{_executes_as(edition)}.lock"):
        return _build_locked(root, edition, fresh=fresh, echo=echo, force=force)


def _unchanged(root: Path, edition: str, echo: bool) -> BuildResult:
    if echo:
        print(f"treatylab: sources unchanged since the last {edition} build; nothing to do")
    return BuildResult(0, [], html_dir(root, edition))


def _build_locked(root: Path, edition: str, *, fresh: bool, echo: bool, force: bool) -> BuildResult:
    out_html = html_dir(root, edition)
    data_errors = [str(e) for e in validate_data_dir(root / "data")]
    data_errors += check_toc(root)
    if not data_errors:
        from treatylab.registry_check import registry_problems

        data_errors += registry_problems(root)
    if data_errors:
        return BuildResult(1, data_errors, out_html)
    if not (fresh or force) and is_up_to_date(root, edition):  # the build we waited for made it
        return _unchanged(root, edition, echo)
    last = _last_stamp(root, edition)
    _stamp_path(root, edition).unlink(missing_ok=True)
    execution = execution_digest(root)
    if last.get("execution") != execution:
        fresh = True  # data or widget code changed: every page is rebuilt
    cache = execution_cache(root, edition)
    try:
        cached = (cache / _CACHE_DIGEST).read_text()
    except OSError:
        cached = ""
    if cached != execution:  # the cached notebook outputs are stale (or of unknown sources)
        shutil.rmtree(cache, ignore_errors=True)
    cmd = [sys.executable, "-c", _JUPYTER_BOOK, "build", str(root), "-W", "-n", "--keep-going"]
    if edition != "student":
        cmd += _edition_files(root, edition)
    if fresh:
        cmd.append("--all")
    # The edition reaches Sphinx as its config value (_edition_files); a value this process was
    # given for its own widgets is not passed on.
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    proc = subprocess.Popen(
        cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1, env=env
    )
    problems: list[str] = []
    assert proc.stdout is not None
    for raw in proc.stdout:
        line = _ANSI.sub("", raw.rstrip("\n"))
        if echo:
            print(line, flush=True)
        if _PROBLEM.search(line):
            report = _REPORT.match(line.strip())
            if report:  # replace "traceback saved in ..." by the error and the cell's line
                problems.append(explain_notebook_failure(Path(report["source"]), Path(report["log"])))
            else:
                problems.append(line.strip())
    result = BuildResult(proc.wait(), problems, out_html)
    if result.ok:
        _stamp_path(root, edition).write_text(json.dumps(_stamp(root)) + "\n")
        cache.mkdir(parents=True, exist_ok=True)
        (cache / _CACHE_DIGEST).write_text(execution)
    return result
