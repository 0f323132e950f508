"""Keyboard-only helpers for driving the exercises in Chromium (no mouse clicks)."""

from __future__ import annotations


def choose(page, select, value: str) -> None:
    """Pick ``value`` in a <select> with arrow keys, as a keyboard user would."""
    select.focus()
    values = select.evaluate("s => [...s.options].map(o => o.value)")
    current = values.index(select.evaluate("s => s.value"))
    target = values.index(value)
    key = "ArrowDown" if target > current else "ArrowUp"
    for _ in range(abs(target - current)):
        page.keyboard.press(key)
    assert select.evaluate("s => s.value") == value


def press_button(page, button) -> None:
    """Activate a button from the keyboard."""
    button.focus()
    page.keyboard.press("Enter")


def check_radio(page, radio) -> None:
    """Select a radio button from the keyboard (focus it, then Space)."""
    radio.focus()
    page.keyboard.press("Space")
    assert radio.is_checked()


def type_into(page, field, text: str) -> None:
    field.focus()
    page.keyboard.type(text)
