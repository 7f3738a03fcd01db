"""Authoring courses, their modules and lessons, and publishing a draft."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.core.web_addresses import web_address_problem
from socialu.curriculum import selectors
from socialu.curriculum.authoring.services.common import (
    RESERVED_COURSE_SLUGS,
    AuthoringError,
    ChoiceInput,
    move_item,
    renumber,
    require_draft,
    unique_slug,
)
from socialu.curriculum.authoring.services.quizzes import question_problems
from socialu.curriculum.models import (
    Competency,
    Component,
    Course,
    CourseCompetency,
    CourseLevel,
    CourseStatus,
    Lesson,
    Module,
    Question,
    Quiz,
)
from socialu.curriculum.services import create_course_version

# --- Courses ---------------------------------------------------------------------------------


def _validate_course_fields(*, title: str, summary: str, audiences: Sequence[str], level: str, minutes: int) -> None:
    problems = []
    if not title.strip():
        problems.append("Give the course a title.")
    if not summary.strip():
        problems.append("Write a short summary: it tells learners what the course is for.")
    unknown = sorted(set(audiences) - set(Audience.values))
    if unknown:
        problems.append(f"Unknown audience(s): {', '.join(unknown)}.")
    if level not in CourseLevel.values:
        problems.append(f"Choose a level: {', '.join(CourseLevel.values)}.")
    if minutes < 0:
        problems.append("The estimated minutes cannot be negative.")
    if problems:
        raise AuthoringError(*problems)


def course_create(
    *,
    organisation: Organisation,
    title: str,
    summary: str,
    component: Component,
    audiences: Sequence[str],
    level: str,
    estimated_minutes: int = 0,
    slug: str = "",
    competencies: Sequence[Competency] = (),
) -> Course:
    """Create version 1 of a new course as a draft."""
    if component.organisation_id != organisation.pk:
        raise AuthoringError("That component is not part of this organisation's curriculum.")
    _validate_course_fields(title=title, summary=summary, audiences=audiences, level=level, minutes=estimated_minutes)
    slug = slugify(slug or title)[:80].strip("-")
    if not slug:
        raise AuthoringError("Give the course a title with letters or numbers, so it gets a web address.")
    if slug in RESERVED_COURSE_SLUGS:
        raise AuthoringError(f"“{slug}” is kept for SocialU's own pages. Give the course another web address name.")
    with transaction.atomic():
        if Course.objects.filter(organisation=organisation, slug=slug).exists():
            raise AuthoringError(
                f"There is already a course with the web address name “{slug}”. Choose another title or name."
            )
        course = Course.objects.create(
            organisation=organisation,
            slug=slug,
            version=1,
            title=title.strip(),
            summary=summary.strip(),
            component=component,
            audiences=list(audiences),
            level=level,
            status=CourseStatus.DRAFT,
            estimated_minutes=estimated_minutes,
        )
        _set_competencies(course, competencies)
        return course


def course_update(
    *,
    course: Course,
    title: str,
    summary: str,
    component: Component,
    audiences: Sequence[str],
    level: str,
    estimated_minutes: int,
    competencies: Sequence[Competency] | None = None,
) -> Course:
    """Change a draft's details (and its competencies, when given)."""
    require_draft(course)
    if component.organisation_id != course.organisation_id:
        raise AuthoringError("That component is not part of this organisation's curriculum.")
    _validate_course_fields(title=title, summary=summary, audiences=audiences, level=level, minutes=estimated_minutes)
    course.title = title.strip()
    course.summary = summary.strip()
    course.component = component
    course.audiences = list(audiences)
    course.level = level
    course.estimated_minutes = estimated_minutes
    with transaction.atomic():
        course.save(update_fields=["title", "summary", "component", "audiences", "level", "estimated_minutes"])
        if competencies is not None:
            _set_competencies(course, competencies)
    return course


def _set_competencies(course: Course, competencies: Sequence[Competency]) -> None:
    if any(competency.organisation_id != course.organisation_id for competency in competencies):
        raise AuthoringError("That competency is not part of this organisation's curriculum.")
    CourseCompetency.objects.filter(course=course).delete()
    CourseCompetency.objects.bulk_create(
        CourseCompetency(organisation_id=course.organisation_id, course=course, competency=competency)
        for competency in competencies
    )


def course_draft_start(*, organisation: Organisation, slug: str) -> Course:
    """Return the draft of course *slug*, starting one as a copy of the newest version if there is none."""
    with transaction.atomic():
        versions = list(Course.objects.select_for_update().filter(organisation=organisation, slug=slug))
        if not versions:
            raise AuthoringError(f"There is no course “{slug}”.")
        draft = next((course for course in versions if course.status == CourseStatus.DRAFT), None)
        if draft is not None:
            return draft
        newest = max(versions, key=lambda course: course.version)
        spec = selectors.course_version_spec(organisation=organisation, slug=slug, version=newest.version)
        assert spec is not None
        return create_course_version(
            organisation=organisation,
            spec=dataclasses.replace(spec, status=CourseStatus.DRAFT),
            version=newest.version + 1,
            components={c.number: c for c in Component.objects.filter(organisation=organisation)},
            competencies={c.slug: c for c in Competency.objects.filter(organisation=organisation)},
        )


def course_draft_discard(*, course: Course) -> None:
    """Throw a draft away; a course that was never published goes with it. Published versions are untouched."""
    require_draft(course)
    course.delete()


def course_publish_problems(course: Course) -> list[str]:
    """Return what must be fixed before *course* can be published (empty when it is ready)."""
    problems = []
    modules = list(Module.objects.filter(course=course).prefetch_related("lessons").order_by("position"))
    if not modules:
        problems.append("Add at least one module with a lesson.")
    for number, module in enumerate(modules, start=1):
        if not module.lessons.all():
            problems.append(f"Module {number} (“{module.title}”) has no lessons: add one or delete the module.")
        for lesson in module.lessons.all():
            if not lesson.body.strip():
                problems.append(f"Lesson “{lesson.title}” in module {number} has no text.")
    quiz = Quiz.objects.filter(course=course).first()
    if quiz is not None:
        questions = list(Question.objects.filter(quiz=quiz).prefetch_related("choices").order_by("position"))
        if not questions:
            problems.append("The quiz has no questions: add one, or remove the quiz on the Quiz tab.")
        for number, question in enumerate(questions, start=1):
            choices = [
                ChoiceInput(text=c.text, is_correct=c.is_correct, feedback=c.feedback)
                for c in sorted(question.choices.all(), key=lambda c: c.position)
            ]
            problems += question_problems(
                number=number,
                kind=question.kind,
                prompt=question.prompt,
                situation=question.situation,
                choices=choices,
            )
    return problems


def course_publish(*, course: Course) -> Course:
    """Publish a draft: learners take this version from now on and the version before it is retired."""
    require_draft(course)
    problems = course_publish_problems(course)
    if problems:
        raise AuthoringError(*problems)
    with transaction.atomic():
        newer = Course.objects.filter(
            organisation_id=course.organisation_id, slug=course.slug, version__gt=course.version
        ).first()
        if newer is not None:
            raise AuthoringError(
                f"Version {newer.version} was imported from course files after this draft was started, so "
                "publishing it would undo that import. Discard this draft and start again from the newest version."
            )
        Course.objects.filter(
            organisation_id=course.organisation_id, slug=course.slug, status=CourseStatus.PUBLISHED
        ).update(status=CourseStatus.RETIRED)
        if not course.estimated_minutes:
            course.estimated_minutes = sum(
                Lesson.objects.filter(module__course=course).values_list("estimated_minutes", flat=True)
            )
        course.status = CourseStatus.PUBLISHED
        course.published_at = timezone.now()
        course.save(update_fields=["status", "published_at", "estimated_minutes"])
    return course


# --- Modules ---------------------------------------------------------------------------------


def _modules(course: Course) -> list[Module]:
    return list(Module.objects.filter(course=course).order_by("position", "pk"))


def module_add(*, course: Course, title: str) -> Module:
    """Add a module at the end of a draft."""
    require_draft(course)
    if not title.strip():
        raise AuthoringError("Give the module a title.")
    with transaction.atomic():
        modules = _modules(course)
        return Module.objects.create(
            organisation_id=course.organisation_id,
            course=course,
            slug=unique_slug(title, {m.slug for m in modules}, fallback="module"),
            title=title.strip(),
            position=len(modules),
        )


def module_update(*, module: Module, title: str) -> Module:
    """Rename a module of a draft."""
    require_draft(module.course)
    if not title.strip():
        raise AuthoringError("Give the module a title.")
    module.title = title.strip()
    module.save(update_fields=["title"])
    return module


def module_delete(*, module: Module) -> None:
    """Delete a module of a draft, with its lessons."""
    course = module.course
    require_draft(course)
    with transaction.atomic():
        module.delete()
        renumber(_modules(course))


def module_move(*, module: Module, offset: int) -> None:
    """Move a module up (negative) or down (positive) in its draft."""
    require_draft(module.course)
    with transaction.atomic():
        move_item(_modules(module.course), module, offset)


def modules_reorder(*, course: Course, module_ids: Sequence[int]) -> None:
    """Put a draft's modules in the order of *module_ids*, which must name each module once."""
    require_draft(course)
    with transaction.atomic():
        modules = {module.pk: module for module in _modules(course)}
        if sorted(module_ids) != sorted(modules):
            raise AuthoringError("The new order does not match this course's modules. Reload the page and try again.")
        renumber([modules[pk] for pk in module_ids])


# --- Lessons ---------------------------------------------------------------------------------


def _validate_lesson(*, title: str, body: str, estimated_minutes: int, media_url: str = "") -> None:
    problems = []
    media_problem = web_address_problem(media_url, what="The media link")
    if media_problem:
        problems.append(media_problem)
    if not title.strip():
        problems.append("Give the lesson a title.")
    if not body.strip():
        problems.append("Write the lesson's text.")
    if not 1 <= estimated_minutes <= 60:
        problems.append("Estimate the minutes a lesson takes between 1 and 60; split a longer one in two.")
    if problems:
        raise AuthoringError(*problems)


def _lessons(module: Module) -> list[Lesson]:
    return list(Lesson.objects.filter(module=module).order_by("position", "pk"))


def lesson_add(*, module: Module, title: str, body: str, estimated_minutes: int, media_url: str = "") -> Lesson:
    """Add a lesson at the end of a module of a draft; its slug is unique within the course."""
    require_draft(module.course)
    _validate_lesson(title=title, body=body, estimated_minutes=estimated_minutes, media_url=media_url)
    with transaction.atomic():
        taken = set(Lesson.objects.filter(module__course_id=module.course_id).values_list("slug", flat=True))
        return Lesson.objects.create(
            organisation_id=module.organisation_id,
            module=module,
            slug=unique_slug(title, taken | {"quiz"}, fallback="lesson"),
            title=title.strip(),
            body=body,
            estimated_minutes=estimated_minutes,
            media_url=media_url.strip(),
            position=len(_lessons(module)),
        )


def lesson_update(*, lesson: Lesson, title: str, body: str, estimated_minutes: int, media_url: str = "") -> Lesson:
    """Change a lesson of a draft. Its slug stays, so learners' completions carry over to new versions."""
    require_draft(lesson.module.course)
    _validate_lesson(title=title, body=body, estimated_minutes=estimated_minutes, media_url=media_url)
    lesson.title = title.strip()
    lesson.body = body
    lesson.estimated_minutes = estimated_minutes
    lesson.media_url = media_url.strip()
    lesson.save(update_fields=["title", "body", "estimated_minutes", "media_url"])
    return lesson


def lesson_delete(*, lesson: Lesson) -> None:
    """Delete a lesson of a draft."""
    module = lesson.module
    require_draft(module.course)
    with transaction.atomic():
        lesson.delete()
        renumber(_lessons(module))


def lesson_move(*, lesson: Lesson, offset: int) -> None:
    """Move a lesson up or down within its module."""
    require_draft(lesson.module.course)
    with transaction.atomic():
        move_item(_lessons(lesson.module), lesson, offset)
