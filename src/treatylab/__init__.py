"""treatylab: data, widgets and book tooling for the spring-2022 negotiations teaching module."""

from __future__ import annotations

__version__ = "0.1.0"
