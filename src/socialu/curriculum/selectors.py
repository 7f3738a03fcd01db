"""Reads of an organisation's curriculum."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from socialu.core.models import Organisation
from socialu.curriculum.coursefiles.specs import (
    ChoiceSpec,
    CompetencySpec,
    ComponentSpec,
    CourseSpec,
    CurriculumSpec,
    LessonSpec,
    ModuleSpec,
    PathCourseSpec,
    PathSpec,
    QuestionSpec,
    QuizSpec,
)
from socialu.curriculum.models import (
    Competency,
    Component,
    Course,
    CourseCompetency,
    CourseStatus,
    CurriculumInfo,
    LearningPath,
    Lesson,
    Module,
    Question,
)


def _newest_versions(organisation: Organisation) -> dict[str, tuple[int, int]]:
    """Return slug -> (newest version, its id) for every course of the organisation."""
    newest: dict[str, tuple[int, int]] = {}
    for slug, version, course_id in Course.objects.filter(organisation=organisation).values_list(
        "slug", "version", "pk"
    ):
        if slug not in newest or version > newest[slug][0]:
            newest[slug] = (version, course_id)
    return newest


def _published_versions(organisation: Organisation) -> dict[str, tuple[int, int]]:
    """Return slug -> (version, id) of the published version of every course learners can take."""
    newest: dict[str, tuple[int, int]] = {}
    for slug, version, course_id in Course.objects.filter(
        organisation=organisation, status=CourseStatus.PUBLISHED
    ).values_list("slug", "version", "pk"):
        if slug not in newest or version > newest[slug][0]:
            newest[slug] = (version, course_id)
    return newest


def current_courses(*, organisation: Organisation) -> QuerySet[Course]:
    """Return the published version of every course of the organisation (drafts and retired ones are left out)."""
    ids = [course_id for _, course_id in _published_versions(organisation).values()]
    return Course.objects.filter(pk__in=ids).select_related("component").order_by("component__number", "slug")


def _course_queryset(organisation: Organisation) -> QuerySet[Course]:
    return (
        Course.objects.filter(organisation=organisation)
        .select_related("component", "quiz")
        .prefetch_related(
            "competency_links__competency",
            Prefetch(
                "modules",
                queryset=Module.objects.order_by("position").prefetch_related(
                    Prefetch("lessons", queryset=Lesson.objects.order_by("position"))
                ),
            ),
            Prefetch(
                "quiz__questions",
                queryset=Question.objects.order_by("position").prefetch_related(
                    "choices", "competency_links__competency"
                ),
            ),
        )
    )


def course_spec(course: Course) -> CourseSpec:
    """Return *course* (prefetched as by ``_course_queryset``) as plain data."""
    quiz = getattr(course, "quiz", None)
    quiz_spec = None
    if quiz is not None:
        quiz_spec = QuizSpec(
            title=quiz.title,
            pass_mark=quiz.pass_mark,
            attempts_allowed=quiz.attempts_allowed,
            shuffle=quiz.shuffle,
            answers_shown=quiz.answers_shown,
            questions=tuple(
                QuestionSpec(
                    id=question.key,
                    kind=question.kind,
                    prompt=question.prompt,
                    situation=question.situation,
                    competencies=tuple(link.competency.slug for link in question.competency_links.all()),
                    choices=tuple(
                        ChoiceSpec(text=choice.text, correct=choice.is_correct, feedback=choice.feedback)
                        for choice in sorted(question.choices.all(), key=lambda c: c.position)
                    ),
                )
                for question in quiz.questions.all()
            ),
        )
    return CourseSpec(
        slug=course.slug,
        title=course.title,
        summary=course.summary,
        component=course.component.number,
        audiences=tuple(course.audiences),
        level=course.level,
        version=course.version,
        status=course.status,
        competencies=tuple(link.competency.slug for link in course.competency_links.all()),
        modules=tuple(
            ModuleSpec(
                slug=module.slug,
                title=module.title,
                lessons=tuple(
                    LessonSpec(
                        slug=lesson.slug,
                        title=lesson.title,
                        file=f"lessons/{lesson.slug}.md",
                        body=lesson.body,
                        estimated_minutes=lesson.estimated_minutes,
                        media_url=lesson.media_url,
                    )
                    for lesson in module.lessons.all()
                ),
            )
            for module in course.modules.all()
        ),
        quiz=quiz_spec,
    )


def course_version_spec(*, organisation: Organisation, slug: str, version: int) -> CourseSpec | None:
    """Return one version of a course as plain data, or None if there is no such version."""
    course = _course_queryset(organisation).filter(slug=slug, version=version).first()
    return course_spec(course) if course else None


def curriculum_spec(*, organisation: Organisation) -> CurriculumSpec:
    """Return the organisation's whole curriculum (newest course versions) as plain data."""
    info = CurriculumInfo.objects.filter(organisation=organisation).first()
    ids = [course_id for _, course_id in _newest_versions(organisation).values()]
    courses = [course_spec(course) for course in _course_queryset(organisation).filter(pk__in=ids).order_by("slug")]
    paths = LearningPath.objects.filter(organisation=organisation).prefetch_related("steps")
    return CurriculumSpec(
        title=info.title if info else f"{organisation.name} curriculum",
        components=tuple(
            ComponentSpec(number=c.number, slug=c.slug, title=c.title, summary=c.summary)
            for c in Component.objects.filter(organisation=organisation).order_by("number")
        ),
        competencies=tuple(
            CompetencySpec(slug=c.slug, name=c.name, description=c.description)
            for c in Competency.objects.filter(organisation=organisation).order_by("pk")
        ),
        paths=tuple(
            PathSpec(
                audience=path.audience,
                title=path.title,
                description=path.description,
                courses=tuple(
                    PathCourseSpec(course=step.course_slug, required=step.required)
                    for step in sorted(path.steps.all(), key=lambda s: s.position)
                ),
            )
            for path in sorted(paths, key=lambda p: p.pk)
        ),
        courses=tuple(courses),
    )


# --- The catalogue learners and admins browse --------------------------------


@dataclass(frozen=True)
class PathStep:
    course: Course
    required: bool


@dataclass(frozen=True)
class PathView:
    audience: str
    title: str
    description: str
    steps: tuple[PathStep, ...]

    @property
    def required_minutes(self) -> int:
        return sum(step.course.estimated_minutes for step in self.steps if step.required)


@dataclass(frozen=True)
class Catalogue:
    components: tuple[tuple[Component, tuple[Course, ...]], ...]
    paths: tuple[PathView, ...]
    lessons: int
    questions: int


def catalogue(*, organisation: Organisation) -> Catalogue:
    """Return the organisation's published courses by component, and each audience's path."""
    courses = list(current_courses(organisation=organisation))
    by_slug = {course.slug: course for course in courses}
    components = tuple(
        (component, tuple(course for course in courses if course.component_id == component.pk))
        for component in Component.objects.filter(organisation=organisation).order_by("number")
    )
    paths = tuple(
        PathView(
            audience=path.audience,
            title=path.title,
            description=path.description,
            steps=tuple(
                PathStep(course=by_slug[step.course_slug], required=step.required)
                for step in sorted(path.steps.all(), key=lambda s: s.position)
                if step.course_slug in by_slug
            ),
        )
        for path in LearningPath.objects.filter(organisation=organisation).prefetch_related("steps").order_by("pk")
    )
    ids = [course.pk for course in courses]
    return Catalogue(
        components=components,
        paths=paths,
        lessons=Lesson.objects.filter(organisation=organisation, module__course_id__in=ids).count(),
        questions=Question.objects.filter(organisation=organisation, quiz__course_id__in=ids).count(),
    )


@dataclass(frozen=True)
class CourseView:
    course: Course
    modules: tuple[Module, ...]
    competencies: tuple[Competency, ...]
    questions: int


def course_view(*, organisation: Organisation, slug: str) -> CourseView | None:
    """Return the published version of the organisation's course *slug* with its outline, or None."""
    newest = _published_versions(organisation).get(slug)
    if newest is None:
        return None
    course = (
        Course.objects.filter(organisation=organisation, pk=newest[1])
        .select_related("component")
        .prefetch_related(
            Prefetch(
                "modules",
                queryset=Module.objects.order_by("position").prefetch_related(
                    Prefetch(
                        "lessons",
                        queryset=Lesson.objects.order_by("position").only(
                            "pk", "module_id", "slug", "title", "estimated_minutes", "position"
                        ),
                    )
                ),
            )
        )
        .get()
    )
    competencies = tuple(
        link.competency for link in CourseCompetency.objects.filter(course=course).select_related("competency")
    )
    questions = Question.objects.filter(organisation=organisation, quiz__course=course).count()
    return CourseView(
        course=course, modules=tuple(course.modules.all()), competencies=competencies, questions=questions
    )


@dataclass(frozen=True)
class LessonView:
    course: Course
    lesson: Lesson
    previous: Lesson | None
    next: Lesson | None
    number: int
    total: int


def lesson_view(*, organisation: Organisation, course_slug: str, lesson_slug: str) -> LessonView | None:
    """Return a lesson of the published version of a course, with its neighbours, or None."""
    newest = _published_versions(organisation).get(course_slug)
    if newest is None:
        return None
    lessons = list(
        Lesson.objects.filter(organisation=organisation, module__course_id=newest[1])
        .select_related("module__course")
        .order_by("module__position", "position")
    )
    for index, lesson in enumerate(lessons):
        if lesson.slug == lesson_slug:
            return LessonView(
                course=lesson.module.course,
                lesson=lesson,
                previous=lessons[index - 1] if index > 0 else None,
                next=lessons[index + 1] if index + 1 < len(lessons) else None,
                number=index + 1,
                total=len(lessons),
            )
    return None


def course_lessons(*, organisation: Organisation, slug: str) -> list[Lesson]:
    """Return the lessons of the published version of course *slug*, in reading order (empty if none)."""
    newest = _published_versions(organisation).get(slug)
    if newest is None:
        return []
    return list(
        Lesson.objects.filter(organisation=organisation, module__course_id=newest[1]).order_by(
            "module__position", "position"
        )
    )
