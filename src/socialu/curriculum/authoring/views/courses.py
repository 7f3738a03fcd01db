"""Authoring pages for programme admins: courses, modules, lessons with a live preview, and publishing.

The quiz builder and learning paths are in ``authoring_quiz_views``. Every
change goes through ``authoring_services``; a published version is read-only
and “Edit this course” starts a draft of the next version.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.curriculum.authoring import selectors, services
from socialu.curriculum.authoring.forms import CourseForm, LessonForm, ModuleForm, NewCourseForm
from socialu.curriculum.models import Course, Lesson, Module

MOVES = {"up": -1, "down": 1}


def _draft_or_redirect(org: OrgContext, request: HttpRequest, course_slug: str) -> Course | None:
    """Return the draft of the course, or None after telling the author to start one (404 if no such course)."""
    if not selectors.course_versions(organisation=org.organisation, slug=course_slug):
        raise Http404("There is no such course.")
    draft = selectors.draft_of(organisation=org.organisation, slug=course_slug)
    if draft is None:
        messages.error(request, "This version is published and cannot be changed. Choose “Edit this course” first.")
    return draft


def _module_or_404(org: OrgContext, course_slug: str, module_id: int) -> Module:
    module = selectors.draft_module(organisation=org.organisation, slug=course_slug, module_id=module_id)
    if module is None:
        raise Http404("There is no such module in the draft of this course.")
    return module


def _lesson_or_404(org: OrgContext, course_slug: str, lesson_id: int) -> Lesson:
    lesson = selectors.draft_lesson(organisation=org.organisation, slug=course_slug, lesson_id=lesson_id)
    if lesson is None:
        raise Http404("There is no such lesson in the draft of this course.")
    return lesson


def _editor_url(org: OrgContext, course_slug: str) -> str:
    return reverse("authoring_course", args=[org.slug, course_slug])


def _course_data(course: Course) -> dict[str, Any]:
    return {
        "title": course.title,
        "summary": course.summary,
        "component": course.component_id,
        "audiences": course.audiences,
        "level": course.level,
        "estimated_minutes": course.estimated_minutes,
        "competencies": [link.competency_id for link in course.competency_links.all()],
    }


@require_GET
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_courses(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List every course with its draft, published and retired versions."""
    courses = selectors.authoring_courses(organisation=org.organisation)
    return render(request, "curriculum/authoring/courses.html", {"courses": courses})


@require_http_methods(["GET", "POST"])
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_course_new(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Create a course (version 1, a draft), then go on to its editor."""
    form = NewCourseForm(request.POST if request.method == "POST" else None, organisation_id=org.organisation.pk)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(organisation=org.organisation, **form.cleaned_data)
        except services.AuthoringError as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, f"“{course.title}” is created as a draft. Add a module and a lesson.")
            return redirect("authoring_course", org.slug, course.slug)
    components = selectors.components_for_choice(organisation=org.organisation)
    return render(request, "curriculum/authoring/course_new.html", {"form": form, "components": components})


@require_http_methods(["GET", "POST"])
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_course(request: HttpRequest, org: OrgContext, course_slug: str) -> HttpResponse:
    """Edit a course: its details, modules and lessons; a published version is shown read-only."""
    editor = selectors.course_editor(organisation=org.organisation, slug=course_slug)
    if editor is None:
        raise Http404("There is no such course.")
    data = request.POST if request.method == "POST" else None
    form = CourseForm(data, organisation_id=org.organisation.pk, initial=_course_data(editor.course))
    if request.method == "POST":
        if not editor.editable:
            messages.error(request, "This version is published and cannot be changed. Choose “Edit this course”.")
            return redirect("authoring_course", org.slug, course_slug)
        if request.POST.get("action") == "discard":
            services.course_draft_discard(course=editor.course)
            messages.success(request, f"The draft of version {editor.course.version} is discarded.")
            if len(editor.versions) == 1:
                return redirect("authoring_courses", org.slug)
            return redirect("authoring_course", org.slug, course_slug)
        if form.is_valid():
            try:
                services.course_update(course=editor.course, **form.cleaned_data)
            except services.AuthoringError as error:
                for problem in error.problems:
                    form.add_error(None, problem)
            else:
                messages.success(request, "The course details are saved.")
                return redirect("authoring_course", org.slug, course_slug)
    context = {"editor": editor, "form": form, "module_form": ModuleForm()}
    return render(request, "curriculum/authoring/course_edit.html", context)


@require_POST
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_draft_start(request: HttpRequest, org: OrgContext, course_slug: str) -> HttpResponse:
    """Start (or open) the draft of the next version of a course."""
    try:
        draft = services.course_draft_start(organisation=org.organisation, slug=course_slug)
    except services.AuthoringError as error:
        raise Http404(str(error)) from error
    messages.success(
        request,
        f"You are editing version {draft.version}, a draft. Learners keep seeing the published version until "
        "you publish this one.",
    )
    return redirect("authoring_course", org.slug, course_slug)


@require_POST
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_module_add(request: HttpRequest, org: OrgContext, course_slug: str) -> HttpResponse:
    """Add a module at the end of the draft."""
    draft = _draft_or_redirect(org, request, course_slug)
    form = ModuleForm(request.POST)
    if draft is not None:
        if not form.is_valid():
            messages.error(request, "Give the new module a title.")
        else:
            try:
                module = services.module_add(course=draft, title=form.cleaned_data["title"])
            except services.AuthoringError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, f"Module “{module.title}” is added. Now add a lesson to it.")
    return redirect("authoring_course", org.slug, course_slug)


@require_POST
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_module(request: HttpRequest, org: OrgContext, course_slug: str, module_id: int) -> HttpResponse:
    """Rename, delete, or move a module up or down (``action`` says which)."""
    module = _module_or_404(org, course_slug, module_id)
    action = request.POST.get("action", "")
    try:
        if action == "rename":
            services.module_update(module=module, title=request.POST.get("title", ""))
            messages.success(request, "The module is renamed.")
        elif action == "delete":
            services.module_delete(module=module)
            messages.success(request, f"Module “{module.title}” and its lessons are deleted.")
        elif action in MOVES:
            services.module_move(module=module, offset=MOVES[action])
            messages.success(request, f"Module “{module.title}” is moved {action}.")
        else:
            messages.error(request, "Choose what to do with the module.")
    except services.AuthoringError as error:
        messages.error(request, str(error))
    return redirect(f"{_editor_url(org, course_slug)}#modules")


@require_POST
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_modules_reorder(request: HttpRequest, org: OrgContext, course_slug: str) -> HttpResponse:
    """Put the draft's modules in the order given (sent by drag and drop as ``order=1,2,3``)."""
    if not selectors.course_versions(organisation=org.organisation, slug=course_slug):
        raise Http404("There is no such course.")
    draft = selectors.draft_of(organisation=org.organisation, slug=course_slug)
    if draft is None:
        return JsonResponse({"detail": "This version is published: choose “Edit this course” first."}, status=422)
    try:
        ids = [int(value) for value in request.POST.get("order", "").split(",") if value.strip()]
        services.modules_reorder(course=draft, module_ids=ids)
    except (ValueError, services.AuthoringError) as error:
        message = str(error) if isinstance(error, services.AuthoringError) else "The order could not be read."
        return JsonResponse({"detail": message}, status=422)
    return JsonResponse({"detail": "The modules are reordered."})


@require_http_methods(["GET", "POST"])
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_lesson_new(request: HttpRequest, org: OrgContext, course_slug: str, module_id: int) -> HttpResponse:
    """Write a new lesson at the end of a module, with a live preview."""
    module = _module_or_404(org, course_slug, module_id)
    form = LessonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            lesson = services.lesson_add(module=module, **form.cleaned_data)
        except services.AuthoringError as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, f"Lesson “{lesson.title}” is saved.")
            return redirect("authoring_lesson", org.slug, course_slug, lesson.pk)
    context = {"form": form, "module": module, "course": module.course, "lesson": None}
    return render(request, "curriculum/authoring/lesson_form.html", context)


@require_http_methods(["GET", "POST"])
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_lesson(request: HttpRequest, org: OrgContext, course_slug: str, lesson_id: int) -> HttpResponse:
    """Edit a lesson of the draft with a live Markdown preview."""
    lesson = _lesson_or_404(org, course_slug, lesson_id)
    initial = {
        "title": lesson.title,
        "body": lesson.body,
        "estimated_minutes": lesson.estimated_minutes,
        "media_url": lesson.media_url,
    }
    form = LessonForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_update(lesson=lesson, **form.cleaned_data)
        except services.AuthoringError as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, f"Lesson “{lesson.title}” is saved.")
            return redirect("authoring_lesson", org.slug, course_slug, lesson.pk)
    context = {"form": form, "module": lesson.module, "course": lesson.module.course, "lesson": lesson}
    return render(request, "curriculum/authoring/lesson_form.html", context)


@require_POST
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_lesson_action(request: HttpRequest, org: OrgContext, course_slug: str, lesson_id: int) -> HttpResponse:
    """Delete a lesson, or move it up or down within its module (``action`` says which)."""
    lesson = _lesson_or_404(org, course_slug, lesson_id)
    action = request.POST.get("action", "")
    try:
        if action == "delete":
            services.lesson_delete(lesson=lesson)
            messages.success(request, f"Lesson “{lesson.title}” is deleted.")
        elif action in MOVES:
            services.lesson_move(lesson=lesson, offset=MOVES[action])
            messages.success(request, f"Lesson “{lesson.title}” is moved {action}.")
        else:
            messages.error(request, "Choose what to do with the lesson.")
    except services.AuthoringError as error:
        messages.error(request, str(error))
    return redirect(f"{_editor_url(org, course_slug)}#modules")


@require_POST
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_preview(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Render the Markdown being written, safely, for the live preview beside the editor."""
    return render(request, "curriculum/authoring/_preview.html", {"preview": request.POST.get("body", "")})


@require_http_methods(["GET", "POST"])
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_publish(request: HttpRequest, org: OrgContext, course_slug: str) -> HttpResponse:
    """Show what publishing the draft changes and what must be fixed first; publish on POST."""
    if not selectors.course_versions(organisation=org.organisation, slug=course_slug):
        raise Http404("There is no such course.")
    draft = selectors.draft_of(organisation=org.organisation, slug=course_slug)
    if draft is None:
        messages.info(request, "There is no draft to publish. Choose “Edit this course” to start one.")
        return redirect("authoring_course", org.slug, course_slug)
    problems = services.course_publish_problems(draft)
    if request.method == "POST" and not problems:
        try:
            services.course_publish(course=draft)
        except services.AuthoringError as error:
            problems = error.problems
        else:
            messages.success(
                request, f"Version {draft.version} of “{draft.title}” is published. Learners take it from now on."
            )
            return redirect("authoring_course", org.slug, course_slug)
    summary = selectors.publish_summary(draft=draft)
    return render(request, "curriculum/authoring/publish.html", {"summary": summary, "problems": problems})
