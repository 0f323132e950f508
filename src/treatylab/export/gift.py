"""GIFT text, one file per chapter. GIFT has no ordering type, so ordering items become matching
items ("item -> Position N"); matching pairs have no per-pair feedback in GIFT, so the pairs'
feedback goes into the general feedback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from treatylab.content import Content
from treatylab.export import (
    accepted_options,
    grader_text,
    ordering_as_matching,
    stances_text,
    to_html,
)

_SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """Escape GIFT's control characters (and keep each answer on one line)."""
    out = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)
    return out.replace("\n", "\\n")


def _html(text: str) -> str:
    return escape(to_html(text))


def _percent(share: float) -> str:
    return f"{share:.5f}".rstrip("0").rstrip(".")


def _question(item: dict[str, Any], body: str, general_feedback: str = "") -> str:
    title = escape(item["id"])
    tail = f"\n\t####{_html(general_feedback)}" if general_feedback else ""
    return f"::{title}::[html]{_html(item['prompt'])} {{\n{body}{tail}\n}}\n"


def _item(item: dict[str, Any]) -> str:
    kind = item["type"]
    if kind == "short":  # GIFT's essay: an empty answer block, marked by hand
        return f"// grader: {grader_text(item)}\n::{escape(item['id'])}::[html]{_html(item['prompt'])} {{}}\n"
    if kind == "position":
        lines = [f"\t~%100%{_html(o['text'])}" for o in item["options"]]
        return _question(item, "\n".join(lines), stances_text(item))
    if kind == "single":
        keys = accepted_options(item)
        if len(keys) == 1:
            lines = [
                f"\t{'=' if o['id'] in keys else '~'}{_html(o['text'])}#{_html(o['feedback'])}"
                for o in item["options"]
            ]
        else:  # several accepted options: each worth full credit
            lines = [
                f"\t~%{100 if o['id'] in keys else 0}%{_html(o['text'])}#{_html(o['feedback'])}"
                for o in item["options"]
            ]
        return _question(item, "\n".join(lines))
    if kind == "multiple":
        keys, n = item["answer"], len(item["options"])
        lines = []
        for o in item["options"]:
            share = 100 / len(keys) if o["id"] in keys else -100 / (n - len(keys))
            lines.append(f"\t~%{_percent(share)}%{_html(o['text'])}#{_html(o['feedback'])}")
        return _question(item, "\n".join(lines))
    if kind == "numeric":
        lines = [f"\t=%100%{item['answer']:g}:{item['tolerance']:g}#{_html(item['feedback_correct'])}"]
        lines += [f"\t=%0%{d['value']:g}:0#{_html(d['feedback'])}" for d in item["distractors"]]
        return "\n".join(
            [
                "// unit: " + item["unit"],
                _question(item, "#\n" + "\n".join(lines), item["feedback_incorrect"]),
            ]
        )
    if kind == "ordering":
        pairs = ordering_as_matching(item)
        feedback = " ".join(f"{x['text']}: {x['feedback']}" for x in item["items"])
    else:
        pairs = [(p["left"], p["right"]) for p in item["pairs"]]
        feedback = " ".join(f"{p['left']} → {p['right']}. {p['feedback']}" for p in item["pairs"])
    lines = [f"\t={_html(left)} -> {escape(right)}" for left, right in pairs]
    return _question(item, "\n".join(lines), feedback)


def export(content: Content, out_dir: Path) -> list[Path]:
    written = []
    for bank in content.banks():
        parts = [f"// {bank.title} (treatylab)\n", f"$CATEGORY: treatylab/{bank.chapter}\n"]
        parts += [_item(item) for item in content.resolved_items(bank)]
        path = out_dir / f"{bank.chapter}.gift.txt"
        path.write_text("\n".join(parts), encoding="utf-8")
        written.append(path)
    return written
