"""The wheel declares every package its installed modules import (pyproject.toml's dependencies).

Read from the import statements, not by running them: every module an installation runs (not the
book's toolchain, which only a checkout uses), mapped to its distribution. ``tests/test_wheel.py``
then proves it in a new environment whose packages pip resolved from the wheel's own declaration.
"""

from __future__ import annotations

import ast
import importlib.metadata
import sys
import tomllib

from packaging.requirements import Requirement

from treatylab.paths import REPO_ROOT

PACKAGE = REPO_ROOT / "src" / "treatylab"
#: Modules only a checkout runs (the book build and its toolchain, ``release``): not in an installation's way.
CHECKOUT_ONLY = ("book/", "build.py", "packaging.py", "release.py", "registry_check.py")
#: Imports an installed module makes only on a checkout's path, with why.
CHECKOUT_IMPORTS = {
    (
        "notebooks.py",
        "jupytext",
    ): "exercise_notebook reads a checkout's pages; an installation copies its notebooks",
}


def runtime_imports() -> dict[str, set[str]]:
    """Top-level third-party module -> the installed modules that import it."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(CHECKOUT_ONLY):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in (n.split(".")[0] for n in names):
                if (
                    name not in sys.stdlib_module_names
                    and name != "treatylab"
                    and (rel, name) not in CHECKOUT_IMPORTS
                ):
                    found.setdefault(name, set()).add(rel)
    return found


def declared() -> set[str]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {Requirement(r).name.lower() for r in project["dependencies"]}


def test_every_import_of_an_installed_module_is_a_declared_dependency():
    distributions = importlib.metadata.packages_distributions()
    missing = {
        module: sorted(users)
        for module, users in runtime_imports().items()
        if not {d.lower() for d in distributions.get(module, [module])} & declared()
    }
    assert missing == {}, "imported by installed modules but not in pyproject.toml's dependencies"


def test_the_scan_sees_the_imports_it_should():
    imports = runtime_imports()
    assert {"lxml", "pybtex", "pydantic", "anywidget", "numpy"} <= set(imports)
    assert "sphinx" not in imports  # the book's toolchain is a checkout's
