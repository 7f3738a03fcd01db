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


def test_a_table_scrolls_inside_a_named_region_with_column_headings() -> None:
    html = render_markdown("## Channels\n\n| Channel | Who posts |\n|---|---|\n| X | Comms |\n")
    assert '<div class="table-wrap" role="region" aria-label="Channels" tabindex="0" data-scroll-region' in html
    assert '<th scope="col">Channel</th>' in html and '<th scope="col">Who posts</th>' in html
    assert "<td>X</td>" in html  # a table with headings on every column keeps ordinary data cells
    assert html.index("<table>") > html.index("<div") and html.rstrip().endswith("</div>")


def test_a_blank_corner_heading_makes_each_row_name_itself() -> None:
    html = render_markdown("| | Closed | Open |\n|---|---|---|\n| Speed | Days | Minutes |\n| Tone | Formal | |\n")
    header = html[html.index("<thead>") : html.index("</thead>")]
    assert "<td></td>" in header and "<th></th>" not in html  # no empty heading for a screen reader to announce
    assert '<th scope="row">Speed</th>' in html and '<th scope="row">Tone</th>' in html
    assert "<td>Days</td>" in html and "<td></td>" in html.split("</thead>")[1]


def test_a_table_region_is_named_after_the_heading_above_it_in_plain_words() -> None:
    html = render_markdown("### Weak or **strong** `posts`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert 'aria-label="Weak or strong posts"' in html
    assert 'aria-label="Table"' in render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n")


def test_a_heading_cannot_break_out_of_the_region_name() -> None:
    html = render_markdown('## Say "hi" <b onclick=x>\n\n| a |\n|---|\n| 1 |\n')
    assert "<b " not in html
    assert 'aria-label="Say &quot;hi&quot; &lt;b onclick=x&gt;"' in html
