"""Reads for the authoring pages: every version of every course, the draft being edited, and publish summaries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from socialu.core.models import Organisation
from socialu.curriculum import selectors
from socialu.curriculum.coursefiles.specs import CourseSpec
from socialu.curriculum.models import (
    Choice,
    Component,
    Course,
    CourseStatus,
    LearningPath,
    Lesson,
    Module,
    PathCourse,
    Question,
    Quiz,
)


@dataclass
class AuthoringCourse:
    """One course (by slug) with its versions."""

    slug: str
    title: str
    draft: Course | None = None
    published: Course | None = None
    retired: list[int] = field(default_factory=list)

    @property
    def newest(self) -> int:
        versions = [c.version for c in (self.draft, self.published) if c is not None] + self.retired
        return max(versions)


def authoring_courses(*, organisation: Organisation) -> list[AuthoringCourse]:
    """Return every course of the organisation with its draft, published and retired versions, by title."""
    courses: dict[str, AuthoringCourse] = {}
    for course in Course.objects.filter(organisation=organisation).order_by("slug", "version"):
        entry = courses.setdefault(course.slug, AuthoringCourse(slug=course.slug, title=course.title))
        entry.title = course.title
        if course.status == CourseStatus.DRAFT:
            entry.draft = course
        elif course.status == CourseStatus.PUBLISHED:
            entry.published = course
        else:
            entry.retired.append(course.version)
    return sorted(courses.values(), key=lambda entry: entry.title.lower())


def components_for_choice(*, organisation: Organisation) -> list[Component]:
    """Return the organisation's curriculum components in number order."""
    return list(Component.objects.filter(organisation=organisation).order_by("number"))


def course_versions(*, organisation: Organisation, slug: str) -> list[Course]:
    """Return every version of course *slug*, newest first."""
    return list(Course.objects.filter(organisation=organisation, slug=slug).order_by("-version"))


def course_working(*, organisation: Organisation, slug: str) -> Course | None:
    """Return the version an author works on: the draft if there is one, else the newest version."""
    versions = course_versions(organisation=organisation, slug=slug)
    draft = next((course for course in versions if course.status == CourseStatus.DRAFT), None)
    return draft or (versions[0] if versions else None)


@dataclass(frozen=True)
class CourseEditor:
    course: Course
    modules: tuple[Module, ...]
    quiz: Quiz | None
    questions: tuple[Question, ...]
    versions: tuple[Course, ...]

    @property
    def editable(self) -> bool:
        return self.course.status == CourseStatus.DRAFT

    @property
    def published(self) -> Course | None:
        return next((c for c in self.versions if c.status == CourseStatus.PUBLISHED), None)


def course_editor(*, organisation: Organisation, slug: str) -> CourseEditor | None:
    """Return the working version of course *slug* with its modules, lessons and quiz, or None."""
    course = course_working(organisation=organisation, slug=slug)
    if course is None:
        return None
    modules = tuple(
        Module.objects.filter(organisation=organisation, course=course)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("lessons", queryset=Lesson.objects.order_by("position", "pk")))
    )
    quiz = Quiz.objects.filter(organisation=organisation, course=course).first()
    questions: tuple[Question, ...] = ()
    if quiz is not None:
        questions = tuple(
            Question.objects.filter(organisation=organisation, quiz=quiz)
            .order_by("position", "pk")
            .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position")))
        )
    return CourseEditor(
        course=course,
        modules=modules,
        quiz=quiz,
        questions=questions,
        versions=tuple(course_versions(organisation=organisation, slug=slug)),
    )


def draft_of(*, organisation: Organisation, slug: str) -> Course | None:
    """Return the draft of course *slug*, or None."""
    return Course.objects.filter(organisation=organisation, slug=slug, status=CourseStatus.DRAFT).first()


def draft_module(*, organisation: Organisation, slug: str, module_id: int) -> Module | None:
    """Return a module of the draft of course *slug*, or None."""
    return (
        Module.objects.filter(
            organisation=organisation, pk=module_id, course__slug=slug, course__status=CourseStatus.DRAFT
        )
        .select_related("course")
        .first()
    )


def draft_lesson(*, organisation: Organisation, slug: str, lesson_id: int) -> Lesson | None:
    """Return a lesson of the draft of course *slug*, or None."""
    return (
        Lesson.objects.filter(
            organisation=organisation,
            pk=lesson_id,
            module__course__slug=slug,
            module__course__status=CourseStatus.DRAFT,
        )
        .select_related("module__course")
        .first()
    )


def draft_question(*, organisation: Organisation, slug: str, question_id: int) -> Question | None:
    """Return a question of the quiz of the draft of course *slug*, or None."""
    return (
        Question.objects.filter(
            organisation=organisation,
            pk=question_id,
            quiz__course__slug=slug,
            quiz__course__status=CourseStatus.DRAFT,
        )
        .select_related("quiz__course")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position")))
        .first()
    )


# --- What publishing changes -------------------------------------------------------------------


@dataclass(frozen=True)
class PublishSummary:
    draft: Course
    previous: Course | None
    added_modules: tuple[str, ...]
    removed_modules: tuple[str, ...]
    added_lessons: tuple[str, ...]
    removed_lessons: tuple[str, ...]
    changed_lessons: tuple[str, ...]
    added_questions: tuple[str, ...]
    removed_questions: tuple[str, ...]
    changed_questions: tuple[str, ...]
    details_changed: bool

    @property
    def nothing_changed(self) -> bool:
        lists = (
            self.added_modules,
            self.removed_modules,
            self.added_lessons,
            self.removed_lessons,
            self.changed_lessons,
            self.added_questions,
            self.removed_questions,
            self.changed_questions,
        )
        return self.previous is not None and not self.details_changed and not any(lists)


def _lessons_of(spec: CourseSpec | None) -> dict[str, tuple[str, str, int, str]]:
    if spec is None:
        return {}
    return {
        lesson.slug: (lesson.title, lesson.body, lesson.estimated_minutes, lesson.media_url)
        for module in spec.modules
        for lesson in module.lessons
    }


def publish_summary(*, draft: Course) -> PublishSummary:
    """Compare a draft with the version learners take now: what is added, removed and changed."""
    organisation = draft.organisation
    previous = (
        Course.objects.filter(organisation=organisation, slug=draft.slug, status=CourseStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )
    new = selectors.course_version_spec(organisation=organisation, slug=draft.slug, version=draft.version)
    assert new is not None
    old = (
        selectors.course_version_spec(organisation=organisation, slug=draft.slug, version=previous.version)
        if previous
        else None
    )
    old_modules = {m.slug: m.title for m in old.modules} if old else {}
    new_modules = {m.slug: m.title for m in new.modules}
    old_lessons, new_lessons = _lessons_of(old), _lessons_of(new)
    old_questions = {q.id: q for q in old.quiz.questions} if old and old.quiz else {}
    new_questions = {q.id: q for q in new.quiz.questions} if new.quiz else {}
    details = ("title", "summary", "component", "audiences", "level", "estimated_minutes", "competencies")
    return PublishSummary(
        draft=draft,
        previous=previous,
        added_modules=tuple(title for slug, title in new_modules.items() if slug not in old_modules),
        removed_modules=tuple(title for slug, title in old_modules.items() if slug not in new_modules),
        added_lessons=tuple(v[0] for slug, v in new_lessons.items() if slug not in old_lessons),
        removed_lessons=tuple(v[0] for slug, v in old_lessons.items() if slug not in new_lessons),
        changed_lessons=tuple(
            v[0] for slug, v in new_lessons.items() if slug in old_lessons and old_lessons[slug] != v
        ),
        added_questions=tuple(q.prompt for key, q in new_questions.items() if key not in old_questions),
        removed_questions=tuple(q.prompt for key, q in old_questions.items() if key not in new_questions),
        changed_questions=tuple(
            q.prompt for key, q in new_questions.items() if key in old_questions and old_questions[key] != q
        ),
        details_changed=old is not None and any(getattr(old, name) != getattr(new, name) for name in details),
    )


# --- Learning paths --------------------------------------------------------------------------


def paths(*, organisation: Organisation) -> list[LearningPath]:
    """Return the organisation's learning paths with their steps."""
    return list(
        LearningPath.objects.filter(organisation=organisation)
        .prefetch_related(Prefetch("steps", queryset=PathCourse.objects.order_by("position", "pk")))
        .order_by("audience")
    )


def path_for(*, organisation: Organisation, audience: str) -> LearningPath | None:
    """Return the learning path of *audience*, or None."""
    return LearningPath.objects.filter(organisation=organisation, audience=audience).first()


def path_step(*, organisation: Organisation, audience: str, step_id: int) -> PathCourse | None:
    """Return one course of the path of *audience*, or None."""
    return (
        PathCourse.objects.filter(organisation=organisation, path__audience=audience, pk=step_id)
        .select_related("path")
        .first()
    )


def path_steps(*, path: LearningPath) -> list[tuple[PathCourse, str]]:
    """Return the courses of *path* in order, each with the title of its newest version."""
    steps = list(PathCourse.objects.filter(path=path).order_by("position", "pk"))
    titles = {
        course.slug: course.title
        for course in Course.objects.filter(
            organisation_id=path.organisation_id, slug__in=[s.course_slug for s in steps]
        ).order_by("version")
    }
    return [(step, titles.get(step.course_slug, step.course_slug)) for step in steps]


def course_choices(*, organisation: Organisation) -> list[tuple[str, str]]:
    """Return (slug, title) of every course, for adding one to a path."""
    titles: dict[str, str] = {}
    for slug, title in (
        Course.objects.filter(organisation=organisation).order_by("version").values_list("slug", "title")
    ):
        titles[slug] = title
    return sorted(titles.items(), key=lambda item: item[1].lower())
