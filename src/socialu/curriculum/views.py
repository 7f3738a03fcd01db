"""Curriculum pages: the catalogue, a course's outline, and a lesson to read."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from socialu.core.audiences import AUDIENCE_DESCRIPTIONS
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.curriculum import selectors, services


@require_GET
@org_view(Capability.VIEW_CURRICULUM)
def curriculum_catalogue(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show every audience's learning path and the courses of each component."""
    catalogue = selectors.catalogue(organisation=org.organisation)
    return render(
        request,
        "curriculum/catalogue.html",
        {"catalogue": catalogue, "audience_descriptions": AUDIENCE_DESCRIPTIONS},
    )


@require_GET
@org_view(Capability.VIEW_CURRICULUM)
def course_detail(request: HttpRequest, org: OrgContext, course_slug: str) -> HttpResponse:
    """Show a course's outline: modules, lessons, competencies and its quiz."""
    view = selectors.course_view(organisation=org.organisation, slug=course_slug)
    if view is None:
        raise Http404("There is no such course in this organisation.")
    return render(request, "curriculum/course.html", {"view": view})


@require_GET
@org_view(Capability.VIEW_CURRICULUM)
def lesson_detail(request: HttpRequest, org: OrgContext, course_slug: str, lesson_slug: str) -> HttpResponse:
    """Show one lesson, rendered safely, with links to the previous and next lessons."""
    view = selectors.lesson_view(organisation=org.organisation, course_slug=course_slug, lesson_slug=lesson_slug)
    if view is None:
        raise Http404("There is no such lesson in this course.")
    return render(request, "curriculum/lesson.html", {"view": view})


@require_POST
@org_view(Capability.AUTHOR_CURRICULUM)
def curriculum_install_default_view(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Install SocialU's default curriculum (the catalogue's empty state offers it) and show the catalogue."""
    try:
        result = services.curriculum_install_default(organisation=org.organisation)
    except services.CurriculumError as error:
        messages.error(request, str(error))
    else:
        if result.courses_created:
            messages.success(
                request,
                f"The default curriculum is installed: {len(result.courses_created)} courses. "
                "Everyone is being enrolled in their audience's learning path.",
            )
        else:
            messages.info(request, "The default curriculum was already installed; nothing changed.")
    return redirect("curriculum_catalogue", org.slug)
