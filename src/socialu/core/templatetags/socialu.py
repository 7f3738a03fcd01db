"""Template helpers shared by every app."""

from __future__ import annotations

from django import template
from django.template.base import FilterExpression, Parser, Token
from django.template.context import Context
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from socialu.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Render Markdown safely: the output is sanitised before it is marked safe."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3 in render_markdown


class ScrollRegionNode(template.Node):
    """A labelled region that scrolls sideways on its own, reachable by keyboard, around a wide table."""

    def __init__(self, nodelist: template.NodeList, label: FilterExpression, css_class: FilterExpression | None):
        self.nodelist = nodelist
        self.label = label
        self.css_class = css_class

    def render(self, context: Context) -> SafeString:
        classes = "table-wrap"
        if self.css_class is not None:
            classes = f"{classes} {self.css_class.resolve(context)}"
        return format_html(
            '<div class="{}" role="region" aria-label="{}" tabindex="0" data-scroll-region>{}</div>',
            classes,
            self.label.resolve(context),
            self.nodelist.render(context),
        )


@register.tag(name="scroll_region")
def scroll_region(parser: Parser, token: Token) -> ScrollRegionNode:
    """Wrap a table that may be wider than the screen: ``{% scroll_region "Members" %}<table>…{% endscroll_region %}``.

    On a narrow screen the table scrolls sideways inside the region instead of
    the whole page. The region is named (screen readers announce it) and can be
    focused, so keyboard users can scroll it with the arrow keys. Whenever it
    has nothing to scroll, socialu.js makes it a plain box again (no role, name
    or tab stop), so a table that fits adds no landmark beside its section. An
    optional ``class="…"`` adds classes to the region.
    """
    bits = token.split_contents()
    if len(bits) not in {2, 3} or (len(bits) == 3 and not bits[2].startswith("class=")):
        message = f'{bits[0]} takes a label and an optional class="…": {{% {bits[0]} "What the table shows" %}}'
        raise template.TemplateSyntaxError(message)
    label = parser.compile_filter(bits[1])
    css_class = parser.compile_filter(bits[2].removeprefix("class=")) if len(bits) == 3 else None
    nodelist = parser.parse(("endscroll_region",))
    parser.delete_first_token()
    return ScrollRegionNode(nodelist, label, css_class)
