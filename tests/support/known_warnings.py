"""Loaded by pytest before its plugins (``-p tests.support.known_warnings`` in pyproject.toml).

pytest-notebook 0.11.0 warns, when it is imported, that its docstring generator cannot describe the
types of a few attrs fields (``Field "pytest_notebook....exec_error" type could not be converted``,
from ``pytest_notebook/utils.py``). The warning is about its own documentation, not about tests;
this filters exactly that message from that module, so that the plugin stays enabled and every
other warning still shows.
"""

from __future__ import annotations

import warnings

warnings.filterwarnings(
    "ignore",
    message=r'Field "pytest_notebook\.[\w.]+" type could not be converted\.',
    category=UserWarning,
    module=r"pytest_notebook\.utils",
)
