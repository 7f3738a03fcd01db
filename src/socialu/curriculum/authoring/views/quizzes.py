"""Authoring pages: the quiz builder and each audience's learning path."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from socialu.core.audiences import AUDIENCE_DESCRIPTIONS, Audience
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.curriculum.authoring import selectors, services
from socialu.curriculum.authoring.forms import (
    PathAddForm,
    PathCreateForm,
    QuestionForm,
    QuizForm,
    choice_rows,
    choices_from,
)
from socialu.curriculum.authoring.services import ChoiceInput
from socialu.curriculum.authoring.views.courses import MOVES
from socialu.curriculum.models import LearningPath, Question


def _question_or_404(org: OrgContext, course_slug: str, question_id: int) -> Question:
    question = selectors.draft_question(organisation=org.organisation, slug=course_slug, question_id=question_id)
    if question is None:
        raise Http404("There is no such question in the draft of this course.")
    return question


@require_http_methods(["GET", "POST"])
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_quiz(request: HttpRequest, org: OrgContext, course_slug: str) -> HttpResponse:
    """Show the quiz builder: the quiz settings and its questions; save the settings on POST."""
    editor = selectors.course_editor(organisation=org.organisation, slug=course_slug)
    if editor is None:
        raise Http404("There is no such course.")
    quiz = editor.quiz
    initial: dict[str, object] = {"title": f"{editor.course.title}: check your understanding"}
    if quiz is not None:
        initial = {
            "title": quiz.title,
            "pass_mark": quiz.pass_mark,
            "attempts_allowed": quiz.attempts_allowed,
            "shuffle": quiz.shuffle,
            "answers_shown": quiz.answers_shown,
        }
    form = QuizForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if not editor.editable:
            messages.error(request, "This version is published and cannot be changed. Choose “Edit this course”.")
            return redirect("authoring_quiz", org.slug, course_slug)
        if request.POST.get("action") == "delete":
            services.quiz_delete(course=editor.course)
            messages.success(request, "The quiz is removed from this draft.")
            return redirect("authoring_quiz", org.slug, course_slug)
        if form.is_valid():
            try:
                services.quiz_update(course=editor.course, **form.cleaned_data)
            except services.AuthoringError as error:
                for problem in error.problems:
                    form.add_error(None, problem)
            else:
                messages.success(request, "The quiz settings are saved.")
                return redirect("authoring_quiz", org.slug, course_slug)
    return render(request, "curriculum/authoring/quiz.html", {"editor": editor, "form": form})


def _question_page(request: HttpRequest, org: OrgContext, course_slug: str, question: Question | None) -> HttpResponse:
    draft = selectors.draft_of(organisation=org.organisation, slug=course_slug)
    if draft is None:
        if not selectors.course_versions(organisation=org.organisation, slug=course_slug):
            raise Http404("There is no such course.")
        messages.error(request, "This version is published and cannot be changed. Choose “Edit this course” first.")
        return redirect("authoring_quiz", org.slug, course_slug)
    saved = (
        [ChoiceInput(text=c.text, is_correct=c.is_correct, feedback=c.feedback) for c in question.choices.all()]
        if question
        else None
    )
    initial = {"kind": question.kind, "prompt": question.prompt, "situation": question.situation} if question else {}
    posted = request.POST if request.method == "POST" else None
    form = QuestionForm(posted, initial=initial)
    rows = choice_rows(posted, saved)
    problems: list[str] = []
    if posted is not None and form.is_valid():
        try:
            services.question_save(course=draft, question=question, choices=choices_from(rows), **form.cleaned_data)
        except services.AuthoringError as error:
            problems = error.problems
        else:
            messages.success(request, "The question is saved.")
            return redirect("authoring_quiz", org.slug, course_slug)
    context = {"course": draft, "question": question, "form": form, "rows": rows, "problems": problems}
    return render(request, "curriculum/authoring/question_form.html", context)


@require_http_methods(["GET", "POST"])
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_question_new(request: HttpRequest, org: OrgContext, course_slug: str) -> HttpResponse:
    """Add a question to the draft's quiz: its kind, prompt, situation and choices with feedback."""
    return _question_page(request, org, course_slug, None)


@require_http_methods(["GET", "POST"])
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_question(request: HttpRequest, org: OrgContext, course_slug: str, question_id: int) -> HttpResponse:
    """Edit a question of the draft's quiz."""
    return _question_page(request, org, course_slug, _question_or_404(org, course_slug, question_id))


@require_POST
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_question_action(
    request: HttpRequest, org: OrgContext, course_slug: str, question_id: int
) -> HttpResponse:
    """Delete a question, or move it up or down (``action`` says which)."""
    question = _question_or_404(org, course_slug, question_id)
    action = request.POST.get("action", "")
    try:
        if action == "delete":
            services.question_delete(question=question)
            messages.success(request, "The question is deleted.")
        elif action in MOVES:
            services.question_move(question=question, offset=MOVES[action])
            messages.success(request, f"The question is moved {action}.")
        else:
            messages.error(request, "Choose what to do with the question.")
    except services.AuthoringError as error:
        messages.error(request, str(error))
    return redirect("authoring_quiz", org.slug, course_slug)


# --- Learning paths --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_paths(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List each audience's learning path; create a path for an audience that has none."""
    paths = selectors.paths(organisation=org.organisation)
    missing = [(value, label) for value, label in Audience.choices if value not in {p.audience for p in paths}]
    form = PathCreateForm(request.POST if request.method == "POST" else None)
    form.fields["audience"].choices = missing  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            path = services.path_create(organisation=org.organisation, **form.cleaned_data)
        except services.AuthoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The path “{path.title}” is created. Now add its courses.")
            return redirect("authoring_path", org.slug, path.audience)
    context = {"paths": paths, "form": form, "missing": missing, "descriptions": AUDIENCE_DESCRIPTIONS}
    return render(request, "curriculum/authoring/paths.html", context)


def _path_or_404(org: OrgContext, audience: str) -> LearningPath:
    path = selectors.path_for(organisation=org.organisation, audience=audience)
    if path is None:
        raise Http404("This audience has no learning path yet.")
    return path


@require_http_methods(["GET", "POST"])
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_path(request: HttpRequest, org: OrgContext, audience: str) -> HttpResponse:
    """Show one audience's path in order; add a course to it on POST."""
    path = _path_or_404(org, audience)
    steps = selectors.path_steps(path=path)
    in_path = {step.course_slug for step, _ in steps}
    choices = [item for item in selectors.course_choices(organisation=org.organisation) if item[0] not in in_path]
    form = PathAddForm(request.POST if request.method == "POST" else None, courses=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.path_course_add(
                path=path, course_slug=form.cleaned_data["course"], required=form.cleaned_data["required"]
            )
        except services.AuthoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The course is added to the path. Everyone in this audience is being enrolled.")
            return redirect("authoring_path", org.slug, audience)
    return render(request, "curriculum/authoring/path.html", {"path": path, "steps": steps, "form": form})


@require_POST
@org_view(Capability.AUTHOR_CURRICULUM)
def authoring_path_step(request: HttpRequest, org: OrgContext, audience: str, step_id: int) -> HttpResponse:
    """Move a course of a path up or down, make it required or elective, or remove it."""
    step = selectors.path_step(organisation=org.organisation, audience=audience, step_id=step_id)
    if step is None:
        raise Http404("There is no such course in this path.")
    action = request.POST.get("action", "")
    if action in MOVES:
        services.path_course_move(step=step, offset=MOVES[action])
        messages.success(request, f"“{step.course_slug}” is moved {action}.")
    elif action in {"required", "elective"}:
        services.path_course_set_required(step=step, required=action == "required")
        messages.success(request, f"“{step.course_slug}” is now {action}.")
    elif action == "remove":
        services.path_course_remove(step=step)
        messages.success(request, f"“{step.course_slug}” is removed from the path.")
    else:
        messages.error(request, "Choose what to do with the course.")
    return redirect("authoring_path", org.slug, audience)
