"""``socialu readiness``: score an answers file, or print an assessment's results.

``socialu readiness score FILE [--json] [--org SLUG] [--allow-missing]``
scores a YAML or JSON answers file with the same rules as the web pages and
exits 0, or 2 when the input is bad (the file, its answers or the
organisation), naming the respondent and the question key of every problem.

``socialu readiness results --org SLUG [--assessment ID] [--json]`` prints the
results of an assessment (the latest with results unless an id is given).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import CommandError, CommandParser

from socialu.core.commands import SocialUCommand
from socialu.core.models import Organisation
from socialu.readiness import selectors
from socialu.readiness.answers_file import AnswersFileError, FileProblem, parse_answers
from socialu.readiness.presenting import score_and_recommend, score_document
from socialu.readiness.question_set.selectors import question_set
from socialu.readiness.questions import ReadinessQuestion, default_questions

EXIT_BAD_INPUT = 2


class Command(SocialUCommand):
    help = (
        "Readiness assessments. `score FILE` scores a YAML or JSON answers file (exit 0, or 2 on bad input); "
        "`results --org SLUG` prints an assessment's results."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{score,results}")
        scoring = actions.add_parser(
            "score",
            help="Score an answers file: a list `respondents`, each with optional audience and unit and a mapping "
            "`answers` from question key (goals, trust, platform_fit, culture, integration, policy, purpose, "
            "ownership, capacity, training) to 1–5.",
        )
        scoring.add_argument("file", help="The YAML or JSON answers file ('-' for standard input).")
        scoring.add_argument("--json", action="store_true", help="Print the result (or the problems) as JSON.")
        scoring.add_argument(
            "--org",
            metavar="SLUG",
            help="The organisation's slug, as in /o/SLUG/: score with its question set and weights "
            "(the ten, equally weighted, otherwise).",
        )
        scoring.add_argument(
            "--allow-missing", action="store_true", help="Accept respondents who leave some questions out."
        )
        results = actions.add_parser("results", help="Print the results of an assessment.")
        self.add_org_argument(results)
        results.add_argument(
            "--assessment", type=int, help="The assessment's id (the latest with results if left out)."
        )
        results.add_argument("--json", action="store_true", help="Print the results as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "results":
            self._results(options)
            return
        questions = self._questions(options.get("org"), as_json=options["json"])
        text = self._read(options["file"], as_json=options["json"])
        try:
            responses = parse_answers(
                text, questions=questions, filename=options["file"], allow_missing=options["allow_missing"]
            )
        except AnswersFileError as error:
            self._fail(list(error.problems), as_json=options["json"])
        score, recommendations = score_and_recommend(questions, responses)
        document = score_document(score, recommendations, questions)
        if options["json"]:
            self.emit(document, ensure_ascii=False, indent=2)
        else:
            self._print(document)

    def _fail(self, problems: list[FileProblem], *, as_json: bool) -> NoReturn:
        if as_json:
            self.emit({"errors": [p.as_dict() for p in problems]}, ensure_ascii=False, indent=2)
        count = len(problems)
        lines = "\n".join(f"  {problem}" for problem in problems)
        raise CommandError(
            f"The answers cannot be scored ({count} problem{'s' if count != 1 else ''}):\n{lines}",
            returncode=EXIT_BAD_INPUT,
        )

    def _organisation(self, slug: str, *, as_json: bool) -> Organisation:
        return self.organisation({"org": slug})

    def _questions(self, slug: str | None, *, as_json: bool) -> tuple[ReadinessQuestion, ...]:
        if not slug:
            return default_questions()[1]
        return question_set(organisation=self._organisation(slug, as_json=as_json))

    def _read(self, file: str, *, as_json: bool) -> str:
        try:
            return sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            self._fail([FileProblem(None, "", f"Cannot read {file}: {error}")], as_json=as_json)

    def _print(self, document: dict[str, Any]) -> None:
        self.stdout.write(
            f"Readiness index {document['index']:.0f} out of 100: {document['level_title']} "
            f"({document['respondents']} respondent{'s' if document['respondents'] != 1 else ''})"
        )
        self.stdout.write(document["level_description"])
        self.stdout.write("Dimensions (average answer, 1–5):")
        for key, mean in document["dimensions"].items():
            self.stdout.write(f"  {key}: {mean:.1f}")
        details = document["disagreement_details"]
        self.stdout.write("Disagreements:" if details else "Disagreements: none")
        for item in details:
            self.stdout.write(f"  {item['message']}")
        self.stdout.write("Training mix:")
        for key, status in document["recommendations"].items():
            self.stdout.write(f"  {key}: {status}")
        if document["next_steps"]:
            self.stdout.write("Next steps:")
            for step in document["next_steps"]:
                self.stdout.write(f"  - {step['text']}")

    def _results(self, options: dict[str, Any]) -> None:
        organisation = self._organisation(options["org"], as_json=options["json"])
        if options["assessment"]:
            assessment = selectors.assessment_get(organisation=organisation, assessment_id=options["assessment"])
        else:
            assessment = selectors.latest_with_results(organisation=organisation)
        if assessment is None:
            self._fail(
                [FileProblem(None, "", "There is no such assessment with results yet.")], as_json=options["json"]
            )
        document = selectors.results_document(assessment=assessment)
        if options["json"]:
            self.emit(document, ensure_ascii=False, indent=2)
        elif document.get("withheld"):
            self.stdout.write(document["message"])
        else:
            self.stdout.write(f"{assessment.title} ({assessment.get_status_display()})")
            self._print(document)
