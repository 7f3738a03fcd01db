"""The curriculum as plain data: what course-as-code files describe.

These dataclasses are independent of the database, so a folder of files can be
read, validated and written without Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA = "socialu-curriculum/1"
AUDIENCES = ("leadership", "management", "practitioner", "infrastructure", "observer")
LEVELS = ("awareness", "practitioner", "professional")
STATUSES = ("draft", "published", "retired")
QUESTION_KINDS = ("single", "multiple", "true_false", "scenario")
# When learners see which answers were right (curriculum.models.AnswersShown).
ANSWERS_SHOWN = ("after_passing", "after_last_attempt", "after_each_attempt")


@dataclass(frozen=True)
class ComponentSpec:
    number: int
    slug: str
    title: str
    summary: str


@dataclass(frozen=True)
class CompetencySpec:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class PathCourseSpec:
    course: str
    required: bool


@dataclass(frozen=True)
class PathSpec:
    audience: str
    title: str
    description: str
    courses: tuple[PathCourseSpec, ...]


@dataclass(frozen=True)
class LessonSpec:
    slug: str
    title: str
    file: str
    body: str
    estimated_minutes: int
    media_url: str = ""


@dataclass(frozen=True)
class ModuleSpec:
    slug: str
    title: str
    lessons: tuple[LessonSpec, ...]


@dataclass(frozen=True)
class ChoiceSpec:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class QuestionSpec:
    id: str
    kind: str
    prompt: str
    choices: tuple[ChoiceSpec, ...]
    situation: str = ""
    competencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuizSpec:
    title: str
    pass_mark: int
    attempts_allowed: int
    shuffle: bool
    questions: tuple[QuestionSpec, ...]
    answers_shown: str = "after_passing"


@dataclass(frozen=True)
class CourseSpec:
    slug: str
    title: str
    summary: str
    component: int
    audiences: tuple[str, ...]
    level: str
    version: int
    status: str
    competencies: tuple[str, ...]
    modules: tuple[ModuleSpec, ...]
    quiz: QuizSpec | None

    @property
    def lessons(self) -> tuple[LessonSpec, ...]:
        return tuple(lesson for module in self.modules for lesson in module.lessons)

    @property
    def estimated_minutes(self) -> int:
        return sum(lesson.estimated_minutes for lesson in self.lessons)


@dataclass(frozen=True)
class CurriculumSpec:
    title: str
    components: tuple[ComponentSpec, ...]
    competencies: tuple[CompetencySpec, ...]
    paths: tuple[PathSpec, ...]
    courses: tuple[CourseSpec, ...] = field(default=())

    def course(self, slug: str) -> CourseSpec:
        for course in self.courses:
            if course.slug == slug:
                return course
        raise KeyError(slug)
