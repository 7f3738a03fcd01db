"""Markdown from authors is rendered, and nothing dangerous survives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from socialu.core.markdown import render_markdown


def test_markdown_renders_headings_lists_tables_and_links() -> None:
    html = render_markdown("## Title\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[site](https://example.com)")
    assert "<h2>Title</h2>" in html
    assert "<li>one</li>" in html
    assert "<td>1</td>" in html
    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_raw_html_and_script_are_not_rendered() -> None:
    html = render_markdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">')
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html  # shown as text, never run


def test_javascript_links_are_removed() -> None:
    html = render_markdown("[click](javascript:alert(1)) and ![x](javascript:alert(2))")
    assert "href=" not in html
    assert "<img" not in html


def test_inline_style_attributes_cannot_be_smuggled_in() -> None:
    html = render_markdown('<p style="color:red">hi</p>')
    assert "<p style" not in html


@given(st.text(max_size=300))
def test_rendering_never_emits_script_or_event_handlers(text: str) -> None:
    html = render_markdown(text).lower()
    assert "<script" not in html
    assert "<iframe" not in html
    assert 'href="javascript' not in html
