"""Changes to an organisation's curriculum: importing and exporting course-as-code folders."""

from __future__ import annotations

import dataclasses
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from socialu.core.errors import InvalidInputError
from socialu.core.models import Organisation
from socialu.curriculum import selectors
from socialu.curriculum.coursefiles.reading import MANIFEST, CurriculumError, curriculum_read
from socialu.curriculum.coursefiles.specs import CourseSpec, CurriculumSpec, LessonSpec
from socialu.curriculum.coursefiles.writing import COURSES_FOLDER, curriculum_write
from socialu.curriculum.models import (
    Choice,
    Competency,
    Component,
    Course,
    CourseCompetency,
    CourseStatus,
    CurriculumInfo,
    LearningPath,
    Lesson,
    Module,
    PathCourse,
    Question,
    QuestionCompetency,
    Quiz,
)
from socialu.curriculum.signals import paths_changed_announce

__all__ = [
    "CurriculumError",
    "CurriculumExportError",
    "CurriculumExported",
    "CurriculumImportResult",
    "create_course_version",
    "curriculum_export",
    "curriculum_import",
    "curriculum_install_default",
    "default_folder",
]


def default_folder() -> Path:
    """Return the folder of the default curriculum shipped with SocialU."""
    return Path(str(resources.files("socialu.curriculum") / "default"))


@dataclass
class CurriculumImportResult:
    courses_created: list[str] = field(default_factory=list)
    versions_created: list[str] = field(default_factory=list)
    courses_unchanged: list[str] = field(default_factory=list)
    lessons: int = 0
    questions: int = 0

    def to_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


def _normalised(course: CourseSpec) -> CourseSpec:
    """Return *course* with lesson file names as the exporter writes them, for comparison."""
    modules = tuple(
        dataclasses.replace(
            module,
            lessons=tuple(
                dataclasses.replace(lesson, file=f"lessons/{lesson.slug}.md", body=lesson.body)
                for lesson in module.lessons
            ),
        )
        for module in course.modules
    )
    return dataclasses.replace(course, modules=modules)


def create_course_version(
    *,
    organisation: Organisation,
    spec: CourseSpec,
    version: int,
    components: dict[int, Component],
    competencies: dict[str, Competency],
) -> Course:
    """Create one version of a course from *spec*; a published one retires the version published before it."""
    if spec.status == CourseStatus.PUBLISHED:
        Course.objects.filter(organisation=organisation, slug=spec.slug, status=CourseStatus.PUBLISHED).update(
            status=CourseStatus.RETIRED
        )
    course = Course.objects.create(
        organisation=organisation,
        slug=spec.slug,
        version=version,
        title=spec.title,
        summary=spec.summary,
        component=components[spec.component],
        audiences=list(spec.audiences),
        level=spec.level,
        status=spec.status,
        estimated_minutes=spec.estimated_minutes,
        published_at=timezone.now() if spec.status == CourseStatus.PUBLISHED else None,
    )
    CourseCompetency.objects.bulk_create(
        CourseCompetency(organisation=organisation, course=course, competency=competencies[slug])
        for slug in spec.competencies
    )
    for module_position, module_spec in enumerate(spec.modules):
        module = Module.objects.create(
            organisation=organisation,
            course=course,
            slug=module_spec.slug,
            title=module_spec.title,
            position=module_position,
        )
        Lesson.objects.bulk_create(
            _lesson(organisation, module, lesson, position) for position, lesson in enumerate(module_spec.lessons)
        )
    if spec.quiz is not None:
        quiz = Quiz.objects.create(
            organisation=organisation,
            course=course,
            title=spec.quiz.title,
            pass_mark=spec.quiz.pass_mark,
            attempts_allowed=spec.quiz.attempts_allowed,
            shuffle=spec.quiz.shuffle,
            answers_shown=spec.quiz.answers_shown,
        )
        for position, question_spec in enumerate(spec.quiz.questions):
            question = Question.objects.create(
                organisation=organisation,
                quiz=quiz,
                key=question_spec.id,
                kind=question_spec.kind,
                prompt=question_spec.prompt,
                situation=question_spec.situation,
                position=position,
            )
            Choice.objects.bulk_create(
                Choice(
                    organisation=organisation,
                    question=question,
                    text=choice.text,
                    is_correct=choice.correct,
                    feedback=choice.feedback,
                    position=choice_position,
                )
                for choice_position, choice in enumerate(question_spec.choices)
            )
            QuestionCompetency.objects.bulk_create(
                QuestionCompetency(organisation=organisation, question=question, competency=competencies[slug])
                for slug in question_spec.competencies
            )
    return course


def _lesson(organisation: Organisation, module: Module, spec: LessonSpec, position: int) -> Lesson:
    return Lesson(
        organisation=organisation,
        module=module,
        slug=spec.slug,
        title=spec.title,
        body=spec.body,
        estimated_minutes=spec.estimated_minutes,
        media_url=spec.media_url,
        position=position,
    )


def _apply(organisation: Organisation, spec: CurriculumSpec) -> CurriculumImportResult:
    result = CurriculumImportResult()
    CurriculumInfo.objects.update_or_create(organisation=organisation, defaults={"title": spec.title})
    components = {
        c.number: Component.objects.update_or_create(
            organisation=organisation,
            number=c.number,
            defaults={"slug": c.slug, "title": c.title, "summary": c.summary},
        )[0]
        for c in spec.components
    }
    competencies = {
        c.slug: Competency.objects.update_or_create(
            organisation=organisation, slug=c.slug, defaults={"name": c.name, "description": c.description}
        )[0]
        for c in spec.competencies
    }
    for course in spec.courses:
        result.lessons += len(course.lessons)
        result.questions += len(course.quiz.questions) if course.quiz else 0
        versions = set(
            Course.objects.filter(organisation=organisation, slug=course.slug).values_list("version", flat=True)
        )
        if course.version not in versions:
            create_course_version(
                organisation=organisation,
                spec=course,
                version=course.version,
                components=components,
                competencies=competencies,
            )
            (result.versions_created if versions else result.courses_created).append(course.slug)
            continue
        existing = selectors.course_version_spec(organisation=organisation, slug=course.slug, version=course.version)
        if existing is not None and _normalised(existing) == _normalised(course):
            result.courses_unchanged.append(course.slug)
            continue
        # The same version number with different content: keep the old version
        # (learners' records point at it) and add the new content as the next one.
        create_course_version(
            organisation=organisation,
            spec=course,
            version=max(versions) + 1,
            components=components,
            competencies=competencies,
        )
        result.versions_created.append(course.slug)
    for path_spec in spec.paths:
        path, _ = LearningPath.objects.update_or_create(
            organisation=organisation,
            audience=path_spec.audience,
            defaults={"title": path_spec.title, "description": path_spec.description},
        )
        PathCourse.objects.filter(organisation=organisation, path=path).delete()
        PathCourse.objects.bulk_create(
            PathCourse(
                organisation=organisation, path=path, course_slug=step.course, position=position, required=step.required
            )
            for position, step in enumerate(path_spec.courses)
        )
    return result


def curriculum_import(*, organisation: Organisation, folder: Path) -> CurriculumImportResult:
    """Import the course-as-code *folder* into the organisation's curriculum.

    Every file is checked first; on any problem ``CurriculumError`` lists them
    all (file, line, what to fix) and nothing is imported. Importing the same
    folder twice changes nothing.
    """
    spec = curriculum_read(folder)
    with transaction.atomic():
        return _apply(organisation, spec)


class CurriculumExportError(InvalidInputError):
    """The curriculum cannot be written where asked; the message says what to do instead."""


@dataclass(frozen=True)
class CurriculumExported:
    """What an export wrote, and what it cleared first."""

    spec: CurriculumSpec
    cleared: tuple[str, ...] = ()


def curriculum_export(*, organisation: Organisation, folder: Path, force: bool = False) -> CurriculumExported:
    """Write the organisation's curriculum (newest course versions) into *folder*.

    The folder must be new or empty: a course left over from an earlier export
    would come back with the next import. With *force*, what an earlier export
    wrote there (``curriculum.yaml`` and ``courses/``) is removed first, and
    named in the result; anything else in the folder is left alone.
    """
    if folder.exists() and not folder.is_dir():
        raise CurriculumExportError(f"{folder} is a file, not a folder. Give a folder to write the curriculum into.")
    cleared: list[str] = []
    if folder.is_dir() and any(folder.iterdir()):
        if not force:
            raise CurriculumExportError(
                f"{folder} is not empty. Export into a new or empty folder, or add --force to remove the "
                f"earlier export there ({MANIFEST} and {COURSES_FOLDER}/) first: a course left in it would "
                "come back with the next import."
            )
        manifest, courses = folder / MANIFEST, folder / COURSES_FOLDER
        if manifest.is_file():
            manifest.unlink()
            cleared.append(MANIFEST)
        if courses.is_dir():
            shutil.rmtree(courses)
            cleared.append(f"{COURSES_FOLDER}/")
    spec = selectors.curriculum_spec(organisation=organisation)
    curriculum_write(spec, folder)
    return CurriculumExported(spec=spec, cleared=tuple(cleared))


def curriculum_install_default(*, organisation: Organisation) -> CurriculumImportResult:
    """Import SocialU's default curriculum into *organisation* and have people enrolled in their paths.

    The same import as ``socialu curriculum import default``: running it again
    changes nothing. Learning enrols everyone in their audience's path once the
    import is committed.
    """
    with transaction.atomic():
        result = curriculum_import(organisation=organisation, folder=default_folder())
        paths_changed_announce(organisation_id=organisation.pk)
    return result
