"""Where the project's folders are: the repository root, data/, the shared sources beside it."""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root (the package is installed editable from ``src/``).
REPO_ROOT = Path(os.environ.get("TREATYLAB_ROOT", Path(__file__).resolve().parents[2]))
DATA_DIR = REPO_ROOT / "data"
BUILD_DIR = REPO_ROOT / "_build"
HTML_DIR = BUILD_DIR / "html"
#: Primary-source texts, kept by the team beside the repository (``../shared/sources``).
SHARED_SOURCES_DIR = REPO_ROOT.parent / "shared" / "sources"
