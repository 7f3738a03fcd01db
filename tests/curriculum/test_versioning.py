"""Editing a published course makes a new version; learners keep their records against the version they took."""

from __future__ import annotations

import pytest

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.curriculum.authoring import services as authoring
from socialu.curriculum.authoring.selectors import authoring_courses, publish_summary
from socialu.curriculum.models import Choice, Course, CourseStatus, Lesson, Module, Question
from socialu.curriculum.selectors import catalogue, course_view, lesson_view
from socialu.learning.models import Enrolment, LessonCompletion, QuizAttempt
from socialu.learning.selectors import my_learning
from socialu.learning.services import enrolment_sync, lesson_complete, quiz_attempt_submit
from socialu.people.models import Person
from tests.factories import PersonFactory
from tests.learning.conftest import ALL_RIGHT

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(curriculum: Organisation) -> Person:
    person = PersonFactory.create(organisation=curriculum, audience=Audience.OBSERVER)
    enrolment_sync(organisation=curriculum)
    return person


def _lessons(course: Course) -> list[Lesson]:
    return list(Lesson.objects.filter(module__course=course).order_by("module__position", "position"))


def _add_lesson_and_publish(curriculum: Organisation) -> Course:
    draft = authoring.course_draft_start(organisation=curriculum, slug="basics")
    module = Module.objects.get(course=draft)
    authoring.lesson_add(module=module, title="Something new", body="## New\n\nFresh words.", estimated_minutes=3)
    return authoring.course_publish(course=draft)


def test_editing_a_published_course_starts_a_full_copy_as_the_next_version(basics: Course) -> None:
    draft = authoring.course_draft_start(organisation=basics.organisation, slug="basics")

    assert (draft.version, draft.status) == (2, CourseStatus.DRAFT)
    assert [lesson.slug for lesson in _lessons(draft)] == [lesson.slug for lesson in _lessons(basics)]
    assert Question.objects.filter(quiz__course=draft).count() == 4
    assert (
        Choice.objects.filter(question__quiz__course=draft).count()
        == Choice.objects.filter(question__quiz__course=basics).count()
    )
    assert draft.competency_links.count() == basics.competency_links.count() == 1
    # Starting again returns the same draft rather than a third version.
    assert authoring.course_draft_start(organisation=basics.organisation, slug="basics").pk == draft.pk


def test_a_published_version_cannot_be_changed(basics: Course) -> None:
    module = Module.objects.get(course=basics)
    with pytest.raises(authoring.AuthoringError, match="Edit this course"):
        authoring.module_update(module=module, title="Renamed")
    with pytest.raises(authoring.AuthoringError):
        authoring.lesson_update(lesson=_lessons(basics)[0], title="X", body="Y", estimated_minutes=2)


def test_learners_see_the_published_version_until_the_draft_is_published(curriculum: Organisation) -> None:
    draft = authoring.course_draft_start(organisation=curriculum, slug="basics")
    authoring.course_update(
        course=draft,
        title="Basics, rewritten",
        summary="New summary.",
        component=draft.component,
        audiences=["observer"],
        level="awareness",
        estimated_minutes=10,
    )

    view = course_view(organisation=curriculum, slug="basics")
    assert view is not None
    assert view.course.version == 1
    assert "Basics, rewritten" not in [
        c.title for _, courses in catalogue(organisation=curriculum).components for c in courses
    ]

    authoring.course_publish(course=draft)

    view = course_view(organisation=curriculum, slug="basics")
    assert view is not None
    assert (view.course.version, view.course.title) == (2, "Basics, rewritten")
    assert Course.objects.get(organisation=curriculum, slug="basics", version=1).status == CourseStatus.RETIRED


def test_a_new_course_stays_hidden_from_learners_until_published(curriculum: Organisation, component: object) -> None:
    course = authoring.course_create(
        organisation=curriculum,
        title="Video basics",
        summary="Short videos that work.",
        component=component,  # type: ignore[arg-type]
        audiences=["practitioner"],
        level="awareness",
    )
    assert course_view(organisation=curriculum, slug="video-basics") is None
    with pytest.raises(authoring.AuthoringError, match="at least one module"):
        authoring.course_publish(course=course)

    module = authoring.module_add(course=course, title="Filming")
    lesson = authoring.lesson_add(module=module, title="Light", body="Face the window.", estimated_minutes=4)
    authoring.course_publish(course=course)

    assert lesson_view(organisation=curriculum, course_slug="video-basics", lesson_slug=lesson.slug) is not None
    assert course.estimated_minutes == 4


def test_learners_keep_their_records_against_the_version_they_took(
    curriculum: Organisation, person: Person, basics: Course
) -> None:
    old_lessons = _lessons(basics)
    lesson_complete(person=person, lesson=old_lessons[0])
    attempt = quiz_attempt_submit(person=person, quiz=basics.quiz, answers={"pick-one": [1]})

    new = _add_lesson_and_publish(curriculum)

    completion = LessonCompletion.objects.get(person=person)
    assert completion.lesson_id == old_lessons[0].pk
    assert completion.lesson.module.course.version == 1
    attempt.refresh_from_db()
    assert (attempt.quiz.course_id, attempt.course_version) == (basics.pk, 1)
    # Progress carries over by lesson slug: the first lesson counts as done in version 2.
    progress = my_learning(organisation=curriculum, person=person).courses[0]
    assert progress.course.pk == new.pk
    assert (progress.lessons_done, progress.lessons_total) == (1, 3)
    assert progress.next_lesson is not None and progress.next_lesson.slug == old_lessons[1].slug


def test_an_enrolment_completed_on_an_older_version_stays_completed(
    curriculum: Organisation, person: Person, basics: Course
) -> None:
    for lesson in _lessons(basics):
        lesson_complete(person=person, lesson=lesson)
    quiz_attempt_submit(person=person, quiz=basics.quiz, answers=ALL_RIGHT)

    _add_lesson_and_publish(curriculum)

    enrolment = Enrolment.objects.get(person=person, course_slug="basics")
    assert enrolment.completed_at is not None and enrolment.completed_version == 1
    assert my_learning(organisation=curriculum, person=person).courses[0].completed


def test_a_quiz_passed_on_an_older_version_counts_for_the_new_one(
    curriculum: Organisation, person: Person, basics: Course
) -> None:
    quiz_attempt_submit(person=person, quiz=basics.quiz, answers=ALL_RIGHT)
    new = _add_lesson_and_publish(curriculum)

    for lesson in _lessons(new):
        lesson_complete(person=person, lesson=lesson)

    enrolment = Enrolment.objects.get(person=person, course_slug="basics")
    assert enrolment.completed_version == 2
    assert QuizAttempt.objects.filter(person=person).count() == 1


def test_the_new_version_is_what_new_learners_see(curriculum: Organisation, basics: Course) -> None:
    _add_lesson_and_publish(curriculum)
    newcomer = PersonFactory.create(organisation=curriculum, audience=Audience.OBSERVER)
    enrolment_sync(organisation=curriculum)

    progress = my_learning(organisation=curriculum, person=newcomer).courses[0]

    assert progress.course.version == 2
    assert progress.lessons_total == 3


def test_the_course_list_shows_draft_published_and_retired_versions(curriculum: Organisation) -> None:
    _add_lesson_and_publish(curriculum)
    authoring.course_draft_start(organisation=curriculum, slug="basics")

    entry = next(e for e in authoring_courses(organisation=curriculum) if e.slug == "basics")

    assert entry.draft is not None and entry.draft.version == 3
    assert entry.published is not None and entry.published.version == 2
    assert entry.retired == [1]


def test_the_publish_summary_lists_what_changes(curriculum: Organisation) -> None:
    draft = authoring.course_draft_start(organisation=curriculum, slug="basics")
    module = Module.objects.get(course=draft)
    authoring.lesson_add(module=module, title="Brand new", body="Words.", estimated_minutes=2)
    first = _lessons(draft)[0]
    authoring.lesson_update(lesson=first, title=first.title, body="Rewritten.", estimated_minutes=5)
    authoring.question_delete(question=Question.objects.filter(quiz__course=draft).order_by("position").first())  # type: ignore[arg-type]

    summary = publish_summary(draft=draft)

    assert summary.added_lessons == ("Brand new",)
    assert summary.changed_lessons == (first.title,)
    assert summary.removed_questions == ("Which is right?",)
    assert not summary.nothing_changed


def test_importing_a_changed_published_course_retires_the_old_version(
    curriculum: Organisation, tmp_path: object
) -> None:
    from pathlib import Path

    from socialu.curriculum.services import curriculum_import
    from tests.learning.conftest import write_learning_curriculum

    folder = write_learning_curriculum(Path(str(tmp_path)) / "again")
    lesson = folder / "courses" / "basics" / "lessons" / "hello.md"
    lesson.write_text("## Hello\n\nChanged words.\n", encoding="utf-8")
    curriculum_import(organisation=curriculum, folder=folder)

    statuses = dict(Course.objects.filter(organisation=curriculum, slug="basics").values_list("version", "status"))
    assert statuses == {1: CourseStatus.RETIRED, 2: CourseStatus.PUBLISHED}


def test_a_course_written_in_the_browser_exports_as_valid_course_as_code(
    curriculum: Organisation, component: object, tmp_path: object
) -> None:
    from pathlib import Path

    from socialu.curriculum.authoring.services import ChoiceInput
    from socialu.curriculum.coursefiles.reading import curriculum_read
    from socialu.curriculum.services import curriculum_export

    course = authoring.course_create(
        organisation=curriculum,
        title="Video basics",
        summary="Short videos.",
        component=component,  # type: ignore[arg-type]
        audiences=["practitioner"],
        level="awareness",
    )
    module = authoring.module_add(course=course, title="Filming")
    authoring.lesson_add(module=module, title="Light", body="Face the window.", estimated_minutes=3)
    authoring.question_save(
        course=course,
        kind="true_false",
        prompt="Light from behind is best.",
        choices=[
            ChoiceInput(text="True", is_correct=False, feedback="It makes a silhouette."),
            ChoiceInput(text="False", is_correct=True, feedback="Face the light."),
        ],
    )
    authoring.course_publish(course=course)
    folder = Path(str(tmp_path)) / "export"

    curriculum_export(organisation=curriculum, folder=folder)

    spec = curriculum_read(folder).course("video-basics")
    assert spec is not None
    assert [lesson.slug for lesson in spec.lessons] == ["light"]
    assert spec.quiz is not None and spec.quiz.questions[0].kind == "true_false"


def test_a_discarded_draft_leaves_the_published_version_alone(curriculum: Organisation, basics: Course) -> None:
    draft = authoring.course_draft_start(organisation=curriculum, slug="basics")
    authoring.course_draft_discard(course=draft)

    assert list(Course.objects.filter(organisation=curriculum, slug="basics").values_list("version", "status")) == [
        (1, CourseStatus.PUBLISHED)
    ]
    assert authoring.course_draft_start(organisation=curriculum, slug="basics").version == 2


def test_a_draft_overtaken_by_an_import_cannot_be_published(curriculum: Organisation, tmp_path: object) -> None:
    from pathlib import Path

    from socialu.curriculum.services import curriculum_import
    from tests.learning.conftest import write_learning_curriculum

    draft = authoring.course_draft_start(organisation=curriculum, slug="basics")
    folder = write_learning_curriculum(Path(str(tmp_path)) / "newer")
    (folder / "courses" / "basics" / "lessons" / "hello.md").write_text("## Hello\n\nNew.\n", encoding="utf-8")
    curriculum_import(organisation=curriculum, folder=folder)

    with pytest.raises(authoring.AuthoringError, match="Discard this draft"):
        authoring.course_publish(course=draft)
    view = course_view(organisation=curriculum, slug="basics")
    assert view is not None and view.course.version == 3
