"""The walk-through's styles and focus handling live in the shared static files (no inline styles or scripts)."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).parents[2] / "src" / "socialu" / "core" / "static" / "socialu"


def test_the_shared_stylesheet_holds_the_escalation_rules() -> None:
    css = (STATIC / "socialu.css").read_text(encoding="utf-8")
    assert "/* === escalation === */" in css
    for selector in (".walk-outcome", ".walk-considerations", ".walk-options", ".walk-record input[type=url]"):
        assert selector in css, selector


def test_the_shared_script_moves_focus_after_a_step_is_swapped_in() -> None:
    js = (STATIC / "socialu.js").read_text(encoding="utf-8")
    assert "/* === escalation === */" in js and 'target.id === "walk-step"' in js
