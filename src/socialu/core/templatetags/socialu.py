"""Template helpers shared by every app."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from socialu.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Render Markdown safely: the output is sanitised before it is marked safe."""
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3 in render_markdown
