"""{% scroll_region %}: a wide table scrolls inside a named region that the keyboard can reach."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError


def render(source: str, **context: object) -> str:
    return Template("{% load socialu %}" + source).render(Context(context))


def test_the_region_is_named_focusable_and_wraps_its_content() -> None:
    html = render('{% scroll_region "Members" %}<table></table>{% endscroll_region %}')
    assert html == (
        '<div class="table-wrap" role="region" aria-label="Members" tabindex="0" data-scroll-region>'
        "<table></table></div>"
    )


def test_the_name_can_come_from_the_context_and_is_escaped() -> None:
    html = render("{% scroll_region heading %}<table></table>{% endscroll_region %}", heading='Q&A "today"')
    assert 'aria-label="Q&amp;A &quot;today&quot;"' in html


def test_extra_classes_are_added() -> None:
    html = render('{% scroll_region "Who does what" class="raci-wide" %}x{% endscroll_region %}')
    assert 'class="table-wrap raci-wide"' in html


def test_a_region_without_a_name_is_refused() -> None:
    with pytest.raises(TemplateSyntaxError, match="takes a label"):
        render("{% scroll_region %}x{% endscroll_region %}")
