"""Read and validate a course-as-code folder into a CurriculumSpec."""

from __future__ import annotations

import re
from pathlib import Path

from socialu.contentfiles import LineMap
from socialu.core.errors import FieldProblem, InvalidInputError
from socialu.core.web_addresses import web_address_problem
from socialu.curriculum.coursefiles.specs import (
    ANSWERS_SHOWN,
    AUDIENCES,
    LEVELS,
    QUESTION_KINDS,
    SCHEMA,
    STATUSES,
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
from socialu.curriculum.coursefiles.yamlfile import Fields, Problem, Problems, load_yaml, read_text

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MANIFEST = "curriculum.yaml"


class CurriculumError(InvalidInputError):
    """The folder has problems; ``problems`` lists every one with file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(f"  {problem}" for problem in problems[:50])
        more = f"\n  …and {len(problems) - 50} more." if len(problems) > 50 else ""
        super().__init__(f"The curriculum has {len(problems)} problem(s); nothing was imported:\n{shown}{more}")
        self.details = [FieldProblem(field=p.file, message=p.message, line=p.line) for p in problems]


def _slug(fields: Fields, key: str = "slug") -> str:
    value = fields.text(key, max_length=80)
    if value and not SLUG.match(value):
        fields.fail(key, f"'{value}' is not a valid slug: use lower-case letters, digits and single hyphens.")
    return value


def _read_manifest(data: LineMap, problems: Problems, step_lines: dict[tuple[str, str], int]) -> CurriculumSpec:
    fields = Fields(
        data,
        file=MANIFEST,
        where="the curriculum",
        problems=problems,
        allowed={"schema", "title", "components", "competencies", "paths"},
    )
    if data.get("schema") != SCHEMA:
        fields.fail("schema", f"'schema' must be '{SCHEMA}'.")
    components = []
    for item in fields.mapping_items("components"):
        part = Fields(
            item, file=MANIFEST, where="a component", problems=problems, allowed={"number", "slug", "title", "summary"}
        )
        components.append(
            ComponentSpec(
                number=part.integer("number", minimum=1, maximum=10),
                slug=_slug(part),
                title=part.text("title", max_length=200),
                summary=part.text("summary", max_length=2000),
            )
        )
    numbers = sorted(component.number for component in components)
    if numbers != list(range(1, 11)):
        fields.fail("components", "the curriculum needs exactly the ten components, numbered 1 to 10.")
    competencies = []
    for item in fields.mapping_items("competencies"):
        part = Fields(
            item, file=MANIFEST, where="a competency", problems=problems, allowed={"slug", "name", "description"}
        )
        competencies.append(
            CompetencySpec(
                slug=_slug(part), name=part.text("name", max_length=200), description=part.text("description")
            )
        )
    _unique([c.slug for c in competencies], "competency", MANIFEST, data.line_of("competencies"), problems)
    paths = []
    raw_paths = data.get("paths")
    if not isinstance(raw_paths, LineMap):
        fields.fail("paths", "'paths' must map each audience to its learning path.")
        raw_paths = LineMap()
        raw_paths.key_lines = {}
    for audience, item in raw_paths.items():
        if audience not in AUDIENCES:
            problems.add(
                MANIFEST,
                raw_paths.line_of(audience),
                f"unknown audience '{audience}'; use one of: {', '.join(AUDIENCES)}.",
            )
            continue
        if not isinstance(item, LineMap):
            problems.add(MANIFEST, raw_paths.line_of(audience), f"the path for {audience} must be a mapping.")
            continue
        part = Fields(
            item,
            file=MANIFEST,
            where=f"the {audience} path",
            problems=problems,
            allowed={"title", "description", "courses"},
        )
        steps = []
        for step in part.mapping_items("courses"):
            step_fields = Fields(
                step,
                file=MANIFEST,
                where=f"a course of the {audience} path",
                problems=problems,
                allowed={"course", "required"},
            )
            steps.append(
                PathCourseSpec(
                    course=_slug(step_fields, "course"), required=step_fields.boolean("required", default=True)
                )
            )
            step_lines[(audience, steps[-1].course)] = step.line
        _unique(
            [s.course for s in steps], f"course in the {audience} path", MANIFEST, item.line_of("courses"), problems
        )
        paths.append(
            PathSpec(
                audience=audience,
                title=part.text("title", max_length=200),
                description=part.text("description", required=False),
                courses=tuple(steps),
            )
        )
    return CurriculumSpec(
        title=fields.text("title", max_length=200),
        components=tuple(sorted(components, key=lambda c: c.number)),
        competencies=tuple(competencies),
        paths=tuple(paths),
    )


def _unique(values: list[str], what: str, file: str, line: int, problems: Problems) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            problems.add(file, line, f"the {what} '{value}' appears more than once; each must be unique.")
        seen.add(value)


def _read_question(item: LineMap, *, file: str, competencies: set[str], problems: Problems) -> QuestionSpec:
    part = Fields(
        item,
        file=file,
        where="a question",
        problems=problems,
        allowed={"id", "kind", "prompt", "situation", "competencies", "choices"},
    )
    question_id = _slug(part, "id")
    where = f"question {question_id or '(no id)'}"
    part.where = where
    kind = part.one_of("kind", QUESTION_KINDS)
    situation = part.text("situation", required=kind == "scenario", max_length=4000)
    choices = []
    for choice in part.mapping_items("choices"):
        choice_fields = Fields(
            choice, file=file, where=f"a choice of {where}", problems=problems, allowed={"text", "correct", "feedback"}
        )
        choices.append(
            ChoiceSpec(
                text=choice_fields.text("text", max_length=1000),
                correct=choice_fields.boolean("correct", default=False),
                feedback=choice_fields.text("feedback", max_length=2000),
            )
        )
    correct = sum(choice.correct for choice in choices)
    line = item.line_of("choices")
    if kind in ("single", "scenario") and (correct != 1 or len(choices) < 2):
        problems.add(
            file,
            line,
            f"{where} is a {kind} question: it needs at least two choices and exactly one correct; "
            f"it has {len(choices)} and {correct}.",
        )
    if kind == "multiple" and (correct < 1 or len(choices) < 3):
        problems.add(
            file,
            line,
            f"{where} is a multiple-choice question: it needs at least three choices and one or more correct; "
            f"it has {len(choices)} and {correct}.",
        )
    if kind == "true_false" and (sorted(c.text for c in choices) != ["False", "True"] or correct != 1):
        problems.add(
            file,
            line,
            f"{where} is a true/false question: its choices must be exactly 'True' and 'False', one of them correct.",
        )
    named = part.strings("competencies", required=False)
    for slug in named:
        if slug not in competencies:
            part.fail("competencies", f"{where} names the competency '{slug}', which curriculum.yaml does not define.")
    return QuestionSpec(
        id=question_id,
        kind=kind,
        prompt=part.text("prompt", max_length=2000),
        situation=situation,
        competencies=named,
        choices=tuple(choices),
    )


def _read_course(folder: Path, slug: str, *, competencies: set[str], problems: Problems) -> CourseSpec | None:
    file = f"courses/{slug}/course.yaml"
    data = load_yaml(folder / "course.yaml", display=file, problems=problems)
    if data is None:
        return None
    allowed = {
        "slug",
        "title",
        "summary",
        "component",
        "audiences",
        "level",
        "version",
        "status",
        "competencies",
        "modules",
        "quiz",
    }
    fields = Fields(data, file=file, where=f"course {slug}", problems=problems, allowed=allowed)
    if data.get("slug") != slug:
        fields.fail("slug", f"the course's slug must match its folder name '{slug}'.")
    audiences = fields.strings("audiences")
    for audience in audiences:
        if audience not in AUDIENCES:
            fields.fail("audiences", f"unknown audience '{audience}'; use one of: {', '.join(AUDIENCES)}.")
    named = fields.strings("competencies", required=False)
    for competency in named:
        if competency not in competencies:
            fields.fail("competencies", f"the competency '{competency}' is not defined in curriculum.yaml.")
    modules = []
    for module in fields.mapping_items("modules"):
        module_fields = Fields(
            module, file=file, where="a module", problems=problems, allowed={"slug", "title", "lessons"}
        )
        lessons = []
        for lesson in module_fields.mapping_items("lessons"):
            lesson_fields = Fields(
                lesson,
                file=file,
                where="a lesson",
                problems=problems,
                allowed={"slug", "title", "file", "estimated_minutes", "media_url"},
            )
            relative = lesson_fields.text("file", max_length=300)
            body = ""
            if relative:
                path = (folder / relative).resolve()
                if folder.resolve() not in path.parents:
                    lesson_fields.fail("file", f"the lesson file '{relative}' must be inside the course folder.")
                elif not path.is_file():
                    lesson_fields.fail("file", f"the lesson file '{relative}' does not exist.")
                else:
                    text = read_text(path, display=f"{file.rsplit('/', 1)[0]}/{relative}", problems=problems)
                    body = text or ""
                    if text is not None and not text.strip():
                        lesson_fields.fail("file", f"the lesson file '{relative}' is empty.")
            media_url = lesson_fields.text("media_url", required=False, max_length=500)
            media_problem = web_address_problem(media_url, what=f"'media_url' in {lesson_fields.where}")
            if media_problem:
                lesson_fields.fail("media_url", media_problem)
            lessons.append(
                LessonSpec(
                    slug=_slug(lesson_fields),
                    title=lesson_fields.text("title", max_length=200),
                    file=relative,
                    body=body,
                    estimated_minutes=lesson_fields.integer("estimated_minutes", minimum=1, maximum=60),
                    media_url=media_url,
                )
            )
        _unique([lesson.slug for lesson in lessons], "lesson", file, module.line_of("lessons"), problems)
        modules.append(
            ModuleSpec(
                slug=_slug(module_fields), title=module_fields.text("title", max_length=200), lessons=tuple(lessons)
            )
        )
    quiz = None
    raw_quiz = data.get("quiz")
    if isinstance(raw_quiz, LineMap):
        quiz_fields = Fields(
            raw_quiz,
            file=file,
            where="the quiz",
            problems=problems,
            allowed={"title", "pass_mark", "attempts_allowed", "shuffle", "answers_shown", "questions"},
        )
        questions = [
            _read_question(item, file=file, competencies=competencies, problems=problems)
            for item in quiz_fields.mapping_items("questions")
        ]
        _unique([q.id for q in questions], "question id", file, raw_quiz.line_of("questions"), problems)
        quiz = QuizSpec(
            title=quiz_fields.text("title", max_length=200),
            pass_mark=quiz_fields.integer("pass_mark", minimum=1, maximum=100, default=80),
            attempts_allowed=quiz_fields.integer("attempts_allowed", minimum=0, maximum=100, default=3),
            shuffle=quiz_fields.boolean("shuffle", default=True),
            answers_shown=quiz_fields.one_of("answers_shown", ANSWERS_SHOWN, default=ANSWERS_SHOWN[0]),
            questions=tuple(questions),
        )
    elif raw_quiz is not None:
        fields.fail("quiz", "'quiz' must be a mapping with title, pass_mark, attempts_allowed, shuffle and questions.")
    return CourseSpec(
        slug=slug,
        title=fields.text("title", max_length=200),
        summary=fields.text("summary", max_length=2000),
        component=fields.integer("component", minimum=1, maximum=10),
        audiences=audiences,
        level=fields.one_of("level", LEVELS),
        version=fields.integer("version", minimum=1, maximum=100_000, default=1),
        status=fields.one_of("status", STATUSES, default="published"),
        competencies=named,
        modules=tuple(modules),
        quiz=quiz,
    )


def curriculum_read(folder: Path) -> CurriculumSpec:
    """Return the curriculum in *folder*, or raise CurriculumError listing every problem."""
    problems = Problems()
    data = load_yaml(folder / MANIFEST, display=MANIFEST, problems=problems)
    if data is None:
        raise CurriculumError(problems.items)
    step_lines: dict[tuple[str, str], int] = {}
    manifest = _read_manifest(data, problems, step_lines)
    competency_slugs = {c.slug for c in manifest.competencies}
    courses = []
    courses_folder = folder / "courses"
    for course_folder in sorted(p for p in courses_folder.iterdir() if p.is_dir()) if courses_folder.is_dir() else []:
        course = _read_course(course_folder, course_folder.name, competencies=competency_slugs, problems=problems)
        if course is not None:
            courses.append(course)
    known = {course.slug for course in courses}
    for path in manifest.paths:
        for step in path.courses:
            if step.course and step.course not in known:
                line = step_lines.get((path.audience, step.course), data.line_of("paths"))
                problems.add(
                    MANIFEST,
                    line,
                    f"the {path.audience} path lists the course '{step.course}', which has no folder under courses/.",
                )
    if problems:
        raise CurriculumError(problems.items)
    return CurriculumSpec(
        title=manifest.title,
        components=manifest.components,
        competencies=manifest.competencies,
        paths=manifest.paths,
        courses=tuple(courses),
    )
