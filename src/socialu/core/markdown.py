"""Render Markdown written by people into HTML that is safe to show.

markdown-it-py parses CommonMark (with tables and strikethrough) with raw HTML
switched off; nh3 (the Ammonia sanitiser) then keeps only an allow-list of tags
and attributes and only http(s) and mailto links. Links leave with
``rel="noopener noreferrer nofollow"``.

Tables come out accessible (see ``_accessible_tables``): each sits in a named
region that scrolls sideways on a phone and can be reached by keyboard (the
same markup as the ``{% scroll_region %}`` template tag), column headings get
``scope="col"``, and a blank heading cell, as in the corner of a comparison
table, becomes an ordinary cell while the first column becomes row headings.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

import nh3
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "div", "em", "h2", "h3", "h4", "h5", "h6", "hr", "img",
    "li", "ol", "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align", "scope"},
    "td": {"align"},
    "ol": {"start"},
    # Only the renderer makes a div (raw HTML is off): the scrolling region around a table.
    "div": {"class", "role", "tabindex", "aria-label", "data-scroll-region"},
}
TABLE_LABEL = "Table"
# Inline tokens whose content is the words of a heading (emphasis markers and links add none).
PLAIN_TEXT = {"text", "code_inline"}


def _cells(tokens: list[Token], start: int, end: int, kind: str) -> list[int]:
    """Return the positions of the opening tokens of the *kind* cells ("th" or "td") between *start* and *end*."""
    return [index for index in range(start, end) if tokens[index].type == f"{kind}_open"]


def _row_starts(tokens: list[Token], start: int, end: int) -> list[int]:
    return [index for index in range(start, end) if tokens[index].type == "tr_open"]


def _rename(tokens: list[Token], opening: int, tag: str) -> None:
    """Turn the cell that opens at *opening* (opening, inline, closing) into a *tag* cell."""
    for token in (tokens[opening], tokens[opening + 2]):
        token.type = f"{tag}_{token.type.rsplit('_', 1)[1]}"
        token.tag = tag


def _accessible_tables(state: StateCore) -> None:
    """Give each table header scopes, a blank corner cell that is not a heading, and a scrolling region."""
    tokens = state.tokens
    heading = TABLE_LABEL
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open" and index + 1 < len(tokens):
            words = [child.content for child in tokens[index + 1].children or [] if child.type in PLAIN_TEXT]
            heading = "".join(words).strip() or TABLE_LABEL
        if token.type == "table_open":
            end = next(position for position in range(index, len(tokens)) if tokens[position].type == "table_close")
            body = next(position for position in range(index, end) if tokens[position].type == "thead_close")
            headers = _cells(tokens, index, body, "th")
            blank = [opening for opening in headers if not tokens[opening + 1].content.strip()]
            for opening in headers:
                if opening in blank:
                    _rename(tokens, opening, "td")
                else:
                    tokens[opening].attrSet("scope", "col")
            if blank:
                # Blank column headings: the table is read by its rows, so each row's first cell names the row.
                for row in _row_starts(tokens, body, end):
                    if tokens[row + 1].type == "td_open":
                        _rename(tokens, row + 1, "th")
                        tokens[row + 1].attrSet("scope", "row")
            region_open = Token("scroll_region_open", "div", 1, meta={"label": heading})
            region_close = Token("scroll_region_close", "div", -1)
            tokens[index:index] = [region_open]
            tokens.insert(end + 2, region_close)
            index = end + 2
        index += 1


def _render_region_open(
    renderer: RendererHTML, tokens: list[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    label = escape(str(tokens[index].meta["label"]))
    return f'<div class="table-wrap" role="region" aria-label="{label}" tabindex="0" data-scroll-region>\n'


def _render_region_close(
    renderer: RendererHTML, tokens: list[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    return "</div>\n"


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True}).enable(
        ["table", "strikethrough"]
    )
    parser.core.ruler.push("accessible_tables", _accessible_tables)
    parser.add_render_rule("scroll_region_open", _render_region_open)
    parser.add_render_rule("scroll_region_close", _render_region_close)
    return parser


def render_markdown(text: str) -> str:
    """Return sanitised HTML for the Markdown *text*."""
    html = _parser().render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
