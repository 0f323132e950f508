"""Command line: ``python -m treatylab {build,validate,stats,export,notebooks,release,grade,report}``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from treatylab.editions import EDITIONS
from treatylab.export.formats import FORMATS, SCORM_EDITIONS, SCORM_VERSIONS
from treatylab.paths import DATA_DIR, INSTALLED, REPO_ROOT, NeedsKeys, has_keys

if TYPE_CHECKING:
    from treatylab.content import Content

#: Commands that work on a copy of the book's repository, not on an installation of the wheel.
CHECKOUT_ONLY = ("build", "release")


def _cmd_build(args: argparse.Namespace) -> int:
    from treatylab.build import build_book

    result = build_book(REPO_ROOT, edition=args.edition, fresh=args.all, echo=not args.quiet)
    if result.ok:
        print(f"treatylab: book built in {result.html_dir} (open {result.html_dir / 'index.html'})")
        return 0
    print(f"\ntreatylab: build FAILED with {len(result.problems)} problem(s):", file=sys.stderr)
    for problem in result.problems:
        print(f"  {problem}", file=sys.stderr)
    if not result.problems:
        print(f"  jupyter-book exited with status {result.returncode}", file=sys.stderr)
    return 1


def _cmd_validate(args: argparse.Namespace) -> int:
    from treatylab.validate import validate_data_dir

    errors = validate_data_dir(Path(args.data_dir))
    _print_errors(errors)
    if errors:
        print(f"treatylab: {len(errors)} error(s) in {args.data_dir}", file=sys.stderr)
        return 1
    print(f"treatylab: all data in {args.data_dir} is valid")
    return 0


def _print_errors(errors: list) -> None:
    """Each data problem on its own line, as ``path:line: field: message``."""
    for error in errors:
        print(error, file=sys.stderr)


def _content_or_report(data_dir: Path) -> Content | None:
    """The data folder with every quiz bank validated, or None after printing each error as
    path:line: field: message."""
    from treatylab.content import Content
    from treatylab.load import DataErrors

    content = Content.at(data_dir)
    try:
        content.banks()
    except DataErrors as exc:
        _print_errors(exc.errors)
        return None
    return content


def _cmd_stats(args: argparse.Namespace) -> int:
    import json

    from treatylab.quizbank import cross_bank_errors, stats

    content = _content_or_report(Path(args.data_dir))
    if content is None:
        return 1
    duplicates = cross_bank_errors(content)
    _print_errors(duplicates)
    if duplicates:
        return 1
    figures = stats(content.banks())
    if args.json:
        print(json.dumps(figures))
        return 0
    width = max(len(name) for name in [*figures["by_chapter"], *figures["by_type"], "chapter"])
    print(f"{'chapter':<{width}}  items")
    for name, count in figures["by_chapter"].items():
        print(f"{name:<{width}}  {count:>5}")
    print(f"\n{'type':<{width}}  items")
    for name, count in figures["by_type"].items():
        print(f"{name:<{width}}  {count:>5}")
    print(f"\n{'total':<{width}}  {figures['total']:>5}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from treatylab.export import export, load_quizzes, notes

    if args.format == "scorm":
        return _export_scorm(args)
    if args.edition or args.version or args.passing_score is not None:
        print(
            "treatylab export: --edition, --version and --passing-score apply to --format scorm only",
            file=sys.stderr,
        )
        return 2
    content = _content_or_report(Path(args.data_dir))
    if content is None:
        return 1
    quizzes = load_quizzes(content)
    for path in export(args.format, quizzes, Path(args.out)):
        print(f"treatylab: wrote {path}")
    for note in notes(quizzes, args.format):  # where the format cannot ask or mark as the book does
        print(f"treatylab export: {args.format}: {note.item}: {note.text}", file=sys.stderr)
    return 0


def _export_scorm(args: argparse.Namespace) -> int:
    from treatylab.export.scorm import ScormError, export_scorm

    try:
        path = export_scorm(
            Path(args.out),
            args.edition or "student",
            args.version or SCORM_VERSIONS[0],
            passing_score=args.passing_score,
        )
    except ScormError as exc:
        print(f"treatylab export: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"treatylab export: cannot write into {args.out}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"treatylab: wrote {path}")
    return 0


def _cmd_release(args: argparse.Namespace) -> int:
    from treatylab.release import release

    for path in release(Path(args.out)):
        print(f"treatylab: wrote {path}")
    return 0


def _cmd_notebooks(args: argparse.Namespace) -> int:
    from treatylab.notebooks import NotebooksError, write_notebooks

    try:
        edition = args.edition or ("student" if has_keys() else "assignment")
        result = write_notebooks(Path(args.dir), edition, force=args.force)
    except NotebooksError as exc:
        print(f"treatylab notebooks: {exc}", file=sys.stderr)
        return 2
    for path in result.written:
        print(f"treatylab: wrote {path}")
    for path in result.kept:
        print(
            f"treatylab notebooks: kept {path}: it was changed since it was written "
            "(use --force to overwrite it)",
            file=sys.stderr,
        )
    print(f"treatylab: open them with `jupyter lab {args.dir}`")
    return 0


def _progress_bar(results, total: int):
    """A progress bar on a terminal (tqdm); nothing when stderr is not a TTY."""
    if not sys.stderr.isatty():
        return results
    from tqdm import tqdm

    return tqdm(results, total=total, unit="student", desc="grading", file=sys.stderr)


def _cmd_grade(args: argparse.Namespace) -> int:
    from treatylab.grading import grade, written_sheet_path
    from treatylab.keycache import class_keys
    from treatylab.outputs import OutputError

    submissions = Path(args.submissions)
    if not submissions.is_dir():
        print(f"treatylab grade: {submissions} is not a folder of submissions", file=sys.stderr)
        return 2
    out = Path(args.out)
    written = Path(args.written) if args.written else written_sheet_path(out)
    book = Path(args.gradebook) if args.gradebook else None

    def report(line: str) -> None:
        print(f"treatylab grade: {line}", file=sys.stderr)

    try:
        keys = class_keys(Path(args.data_dir))
    except Exception as exc:  # the data's own errors (DataErrors), each with its file and line
        from treatylab.load import DataErrors

        if not isinstance(exc, DataErrors):
            raise
        _print_errors(exc.errors)
        return 2
    try:
        summary = grade(
            submissions,
            out,
            keys,
            jobs=args.jobs,
            report=report,
            progress=_progress_bar,
            written_out=written,
            gradebook_out=book,
            force=args.force,
        )
    except OutputError as exc:
        print(f"treatylab grade: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"treatylab grade: cannot write {exc.filename or out}: {exc.strerror}", file=sys.stderr)
        return 2
    ungraded = f", {summary.ungraded} with nothing gradable" if summary.ungraded else ""
    print(
        f"treatylab: graded {summary.rows} item(s) for {summary.students} student(s){ungraded} into {out}; "
        f"{summary.skipped} file(s) or activities skipped"
    )
    if book is not None:
        print(
            f"treatylab: gradebook for {summary.students + summary.ungraded} student(s) in {book} (one "
            "column per activity, percent; Status says graded or why not)"
        )
    if summary.written:
        kept = f"; {summary.kept_marks} mark(s) kept from the sheet there" if summary.kept_marks else ""
        changed = (
            f"; {summary.changed} marked answer(s) CHANGED since (mark them again: see the note column)"
            if summary.changed
            else ""
        )
        print(
            f"treatylab: {summary.written} written answer(s) to mark in {written} "
            f"(fill in the mark column, 0-2, then: report --marks){kept}{changed}"
        )
    if summary.nothing_graded:
        print("treatylab grade: nothing was graded", file=sys.stderr)
        return 2
    return 1 if summary.skipped or summary.ungraded else 0


def _cmd_report(args: argparse.Namespace) -> int:
    from treatylab.content import Content
    from treatylab.load import DataErrors
    from treatylab.report.page import build_report
    from treatylab.report.results import GradesError

    grades, out = Path(args.grades), Path(args.out)
    if not grades.is_file():
        print(f"treatylab report: {grades} is not a file (give the CSV that `grade` wrote)", file=sys.stderr)
        return 2
    try:
        marks = Path(args.marks) if args.marks else None
        report = build_report(grades, out, Content.at(Path(args.data_dir)), marks)
    except GradesError as exc:
        for problem in exc.problems:
            print(f"treatylab report: {problem}", file=sys.stderr)
        print(f"treatylab report: nothing written to {out}", file=sys.stderr)
        return 1
    except DataErrors as exc:
        _print_errors(exc.errors)
        return 2
    except OSError as exc:
        print(f"treatylab report: cannot write {exc.filename or out}: {exc.strerror}", file=sys.stderr)
        return 2
    flagged = len(report.to_revise)
    print(
        f"treatylab: report on {len(report.students)} student(s) and {len(report.activities)} activit"
        f"{'ies' if len(report.activities) != 1 else 'y'} in {out / 'index.html'} ({flagged} item(s) flagged)"
    )
    return 0


def _guarded(command: str, run, args: argparse.Namespace) -> int:
    """Run ``grade`` or ``report`` so that an error nobody foresaw is one line naming the file being
    read (``--debug``: the traceback too), not a traceback."""
    from treatylab.formats import printable, reading

    try:
        return int(run(args))
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        if args.debug:
            raise
        where = f" while reading {printable(str(reading()))}" if reading() else ""
        print(
            f"treatylab {command}: internal error{where}: {type(exc).__name__}: {printable(str(exc))[:300]} "
            "(nothing was lost: the outputs are written only at the end; run again with --debug for "
            "the traceback, and report it)",
            file=sys.stderr,
        )
        return 2


def program_name(argv0: str | None = None) -> str:
    """How the user started the program, for its usage line: ``treatylab`` (the command the wheel
    installs) or ``python -m treatylab``."""
    name = Path(argv0 if argv0 is not None else sys.argv[0]).name
    return "treatylab" if name in ("treatylab", "treatylab.exe") else "python -m treatylab"


def parser() -> argparse.ArgumentParser:
    """The argument parser (one subcommand each, each with --help)."""
    top = argparse.ArgumentParser(
        prog=program_name(),
        description="Build and check the spring-2022 negotiations teaching book.",
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser(
        "build",
        help="build the book into _build/html (fails on any Sphinx warning)",
        description="Validate data/, then run `jupyter-book build` with -W -n --keep-going: every "
        "warning is reported, then the build fails. Does nothing when no source changed since the "
        "last successful build of the edition (--all rebuilds every page).",
    )
    build.add_argument(
        "--edition",
        choices=EDITIONS,
        default="student",
        help="student (default, _build/html): with feedback; assignment (_build/assignment/_build/html): "
        "no answer keys anywhere; instructor (_build/instructor/_build/html): keys, teaching notes and "
        "the teaching guide",
    )
    build.add_argument("--all", action="store_true", help="rebuild every page, not only changed ones")
    build.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    build.set_defaults(func=_cmd_build)

    validate = sub.add_parser(
        "validate",
        help="check every file under data/ against the models",
        description="Load every YAML file under data/ through the models; print each error as "
        "path:line: field: message and exit 1 if there is any.",
    )
    validate.add_argument("--data-dir", default=str(DATA_DIR), help="folder to check (default: data/)")
    validate.set_defaults(func=_cmd_validate)

    stats = sub.add_parser(
        "stats",
        help="count the quiz items by chapter and by type",
        description="Load every quiz bank in data/quizzes/ and count its items by chapter and by type.",
    )
    stats.add_argument(
        "--json", action="store_true", help='print {"total": N, "by_chapter": {...}, "by_type": {...}}'
    )
    stats.add_argument("--data-dir", default=str(DATA_DIR), help="data folder (default: data/)")
    stats.set_defaults(func=_cmd_stats)

    export = sub.add_parser(
        "export",
        help="export for an LMS: the quiz items (Moodle XML, GIFT, QTI 1.2) or the whole book (SCORM)",
        description="Write every item of every bank in data/quizzes/ for a learning management system: "
        "moodle (Moodle XML, one category per chapter), gift (GIFT text, one file per chapter), "
        "qti (IMS QTI 1.2 zip with imsmanifest.xml, as Canvas imports); or scorm: the built book "
        "(built first if needed) as a SCORM package in which each exercise and chapter quiz is a "
        "SCO that reports its score and responses to the LMS (OUT/treatylab-scorm1.2.zip).",
    )
    export.add_argument("--format", required=True, choices=[*FORMATS, "scorm"])
    export.add_argument(
        "--edition",
        choices=SCORM_EDITIONS,
        help="scorm: the edition to package (default student; assignment reports responses, no score)",
    )
    export.add_argument(
        "--version", choices=SCORM_VERSIONS, help="scorm: SCORM 1.2 (default) or 2004 4th edition"
    )
    export.add_argument(
        "--passing-score",
        type=float,
        metavar="PCT",
        help="scorm: the percentage of a SCO's marked parts a learner needs to pass it (written into "
        "the manifest: 1.2 masteryscore, 2004 minNormalizedMeasure); without it, no pass or fail",
    )
    export.add_argument("--out", required=True, help="folder to write into (created if missing)")
    export.add_argument("--data-dir", default=str(DATA_DIR), help="data folder (default: data/)")
    export.set_defaults(func=_cmd_export)

    notebooks = sub.add_parser(
        "notebooks",
        help="write every exercise as a Jupyter notebook (.ipynb) into DIR, for self-learners",
        description="Write every exercise as a clean .ipynb into DIR (created if missing), runnable top "
        "to bottom in a fresh kernel; then run `jupyter lab DIR`. A notebook already in DIR that you "
        "have changed is kept unless --force is given.",
    )
    notebooks.add_argument("dir", metavar="DIR")
    notebooks.add_argument(
        "--edition",
        choices=EDITIONS,
        default=None,
        help="student (default): with the checking cells; assignment: without them, no key shown",
    )
    notebooks.add_argument("--force", action="store_true", help="overwrite notebooks you have changed")
    notebooks.set_defaults(func=_cmd_notebooks)

    release = sub.add_parser(
        "release",
        help="write the handout for students: the exercise notebooks (no answers, nbgrader metadata), "
        "the key-free wheel and a README",
        description="Write every exercise notebook into DIR as .ipynb for students: the cells that "
        "reveal the key are removed, widgets run in assignment mode, every cell carries nbgrader "
        "metadata, and a final hand-in cell saves the student's answers as <exercise>-answers.json "
        "and prints them. Beside them: the assignment edition's wheel (no answer key), which the "
        "notebooks' first cell tells students to install, and README.md with the commands.",
    )
    release.add_argument("--out", required=True, help="folder to write into (created if missing)")
    release.set_defaults(func=_cmd_release)

    grade = sub.add_parser(
        "grade",
        help="grade a class's hand-ins into a CSV (one row per student per item)",
        description="Grade SUBMISSIONS_DIR/<student>/... against the keys: released notebooks with "
        "their hand-in cell run, answers downloaded from an exercise page, quiz results, or the "
        "'My work' bundle with everything at once. Marks are always recomputed. Bad files (or "
        "activities of a bundle) are named on stderr and skipped; the others are graded; every "
        "student folder is on the sheets with its status. Of two copies of one activity the newer is "
        "graded. The written answers' sheet is merged: marks of unchanged answers are kept. Exit "
        "status: 0 all graded, 1 something skipped, 2 nothing graded (or bad arguments, data or "
        "outputs).",
    )
    grade.add_argument("submissions", metavar="SUBMISSIONS_DIR")
    grade.add_argument("--out", required=True, help="CSV file to write")
    grade.add_argument(
        "--written",
        help="CSV for the written answers, with an empty mark column for you to fill in "
        "(default: OUT-written.csv beside --out)",
    )
    grade.add_argument(
        "--gradebook",
        metavar="FILE.csv",
        help="also write a gradebook: one row per student, one column per activity (percent of its "
        "marked items right), as Canvas's and Moodle's grade imports read it",
    )
    grade.add_argument("--data-dir", default=str(DATA_DIR), help="data folder (default: data/)")
    grade.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="grade with N processes (default 1; more only helps on more cores)",
    )
    grade.add_argument(
        "--force",
        action="store_true",
        help="replace an output that is not a sheet grade wrote, or a written sheet it cannot read "
        "(that file is kept beside the new one); the marks of a written sheet it can read are always kept",
    )
    grade.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    grade.set_defaults(func=lambda args: _guarded("grade", _cmd_grade, args))

    report = sub.add_parser(
        "report",
        help="a class report from a grade sheet: items, options, outcomes and students, with plots",
        description="Read the CSV that `grade` wrote and write DIR/index.html (one offline page: per "
        "activity the score distribution, mean, median and reliability; per item facility, "
        "discrimination and the upper-lower index, with flags; distractor analysis; mastery per "
        "learning outcome, chapter and source; totals per student), DIR/items.csv and "
        "DIR/students.csv. A bad sheet is reported by line and nothing is written.",
    )
    report.add_argument("grades", metavar="GRADES.csv")
    report.add_argument("--out", required=True, help="folder to write the report into")
    report.add_argument(
        "--marks",
        help="the written answers' sheet from grade, with its mark column (0-2) filled in: the report "
        "then shows each written item's marks",
    )
    report.add_argument("--data-dir", default=str(DATA_DIR), help="data folder (default: data/)")
    report.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    report.set_defaults(func=lambda args: _guarded("report", _cmd_report, args))
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if INSTALLED and args.command in CHECKOUT_ONLY:
        print(
            f"treatylab {args.command}: works on a copy of the book's repository (run it there); "
            "this treatylab is installed from the book's wheel",
            file=sys.stderr,
        )
        return 2
    if not has_keys() and Path(getattr(args, "data_dir", "")) == DATA_DIR:
        print(f"treatylab {args.command}: {NeedsKeys.for_command(args.command)}", file=sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except NeedsKeys as exc:
        print(f"treatylab {args.command}: {exc}", file=sys.stderr)
        return 2
