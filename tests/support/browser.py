"""Driving Debian's Chromium: its flags, when a page is ready, what a page did, its localStorage."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

CHROMIUM = os.environ.get("TREATYLAB_CHROMIUM", "/usr/bin/chromium")
#: Flags that keep Chromium from phoning home on its own (which would look like page requests).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
#: A page is ready when it has loaded (deferred scripts run), its fonts are in, and every saved widget
#: view has been mounted and drawn: what a reader can use, and after which nothing more happens on its
#: own (so that an error raised late is seen too). Waited for instead of a fixed pause.
PAGE_READY = """() => document.readyState === "complete" && document.fonts.status === "loaded"
  && !document.querySelector('script[type="application/vnd.jupyter.widget-view+json"]')
  && [...document.querySelectorAll(".tl-anywidget-root")].every((root) => root.childElementCount > 0)"""


@dataclass
class PageLog:
    """What a page did while open: requests that left the machine, console errors, failed loads, and
    every URL it requested."""

    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [f"request: {u}" for u in self.external_requests] + self.console_errors


def stored(page) -> dict[str, str]:
    """What a page holds in localStorage, read in the page itself."""
    return page.evaluate("() => Object.fromEntries(Object.entries(localStorage))")


def _seed(storage: dict[str, str]) -> str:
    """An init script that puts ``storage`` into a file:// page's localStorage before its scripts run."""
    return (
        f"(() => {{ const entries = {json.dumps(storage)};"
        " if (location.protocol !== 'file:') return;"
        " for (const [k, v] of Object.entries(entries)) localStorage.setItem(k, v); })();"
    )
