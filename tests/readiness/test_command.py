"""``socialu readiness score FILE``: score a YAML or JSON answers file; exit 2 on bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from socialu.core.models import Organisation
from socialu.readiness.question_set import services as question_services

KEYS = [
    "goals",
    "trust",
    "platform_fit",
    "culture",
    "integration",
    "policy",
    "purpose",
    "ownership",
    "capacity",
    "training",
]
MIX = {"conferences", "workshops", "webinars", "formal_classes", "custom_programme", "executive_coaching"}


def _respondent(value: int, **extra: Any) -> dict[str, Any]:
    return {**extra, "answers": dict.fromkeys(KEYS, value)}


def _split_file() -> dict[str, Any]:
    """Everyone answers 3, except that leaders rate ownership 5 and policy 4, practitioners 1 and 2."""
    leaders = [
        {"audience": "leadership", "unit": "Board", "answers": {**dict.fromkeys(KEYS, 3), "ownership": 5, "policy": 4}}
        for _ in range(2)
    ]
    posters = [
        {
            "audience": "practitioner",
            "unit": "Marketing",
            "answers": {**dict.fromkeys(KEYS, 3), "ownership": 1, "policy": 2},
        }
        for _ in range(2)
    ]
    return {"respondents": leaders + posters}


def _score(path: Path, *arguments: str) -> tuple[int, str]:
    """Run ``socialu readiness score`` and return its exit code and standard output."""
    out = io.StringIO()
    try:
        call_command("readiness", "score", str(path), *arguments, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


def test_a_yaml_file_is_scored_as_json_with_public_keys(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(_split_file()), encoding="utf-8")

    status, output = _score(answers, "--json")

    result = json.loads(output)
    assert status == 0
    # Every question averages 3 (50 points), even the two where leaders and practitioners disagree.
    assert result["index"] == 50.0 and result["level"] == "building"
    assert set(result["dimensions"]) == {"direction", "audience", "organisation", "governance", "capability"}
    assert result["dimensions"]["direction"] == 3.0
    assert result["disagreements"] == ["policy", "ownership"]
    assert set(result["recommendations"]) == MIX
    assert set(result["recommendations"].values()) <= {"recommended", "optional", "not_needed"}
    assert all(set(step) >= {"key", "text"} for step in result["next_steps"])
    assert "resolve_disagreements" in {step["key"] for step in result["next_steps"]}
    assert result["questions"]["platform_fit"]["distribution"] == {"1": 0, "2": 0, "3": 4, "4": 0, "5": 0}


def test_a_json_file_gives_the_same_result_as_yaml(tmp_path: Path) -> None:
    as_yaml, as_json = tmp_path / "a.yaml", tmp_path / "a.json"
    as_yaml.write_text(yaml.safe_dump(_split_file()), encoding="utf-8")
    as_json.write_text(json.dumps(_split_file()), encoding="utf-8")

    assert json.loads(_score(as_yaml, "--json")[1]) == json.loads(_score(as_json, "--json")[1])


def test_low_answers_recommend_training_and_name_next_steps(tmp_path: Path) -> None:
    answers = tmp_path / "low.json"
    answers.write_text(json.dumps({"respondents": [_respondent(1), _respondent(2, audience="leadership")]}))

    result = json.loads(_score(answers, "--json")[1])

    assert result["index"] == 12.5 and result["level"] == "getting_started"
    assert result["recommendations"]["executive_coaching"] == "recommended"
    assert result["recommendations"]["conferences"] == "not_needed"
    assert {"write_policy", "name_owners"} <= {step["key"] for step in result["next_steps"]}
    assert result["disagreements"] == []


def test_without_json_the_result_is_readable_text(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(_split_file()), encoding="utf-8")

    status, output = _score(answers)

    assert status == 0
    assert output.startswith("Readiness index 50 out of 100: Building (4 respondents)")
    assert "Leadership and practitioner disagree on ownership: leadership mean 5.0, practitioner 1.0." in output


def test_bad_answers_name_the_respondent_and_key_and_exit_2(tmp_path: Path) -> None:
    bad = _split_file()
    bad["respondents"][1]["answers"]["goals"] = 7
    bad["respondents"][2]["answers"]["trust"] = None
    del bad["respondents"][3]["answers"]["training"]
    bad["respondents"][0]["answers"]["platform-fit"] = 3
    answers = tmp_path / "bad.yaml"
    answers.write_text(yaml.safe_dump(bad), encoding="utf-8")

    status, output = _score(answers, "--json")

    errors = json.loads(output)["errors"]
    assert status == 2
    assert [(e["index"], e["key"]) for e in errors] == [
        (0, "platform-fit"),
        (1, "goals"),
        (2, "trust"),
        (3, "training"),
    ]
    assert "Did you mean platform_fit?" in errors[0]["message"]
    assert errors[1]["message"].startswith("respondents[1] (respondent 2), goals: 7 is out of range")
    assert "missing" in errors[2]["message"]
    with pytest.raises(CommandError, match=r"respondents\[1\] \(respondent 2\), goals: 7 is out of range"):
        call_command("readiness", "score", str(answers), stdout=io.StringIO())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("respondents: []\n", "no respondents"),
        ("- goals: 3\n", "a list under `respondents`"),
        ("respondents: [{audience: leadership}]\n", "no answers"),
        ("respondents: [{answers: {goals: three}}]\n", "'three' is not a whole number"),
        ("respondents: [{answer: {goals: 3}}]\n", "answer: unknown field"),
        ("respondents: [\n", "not valid YAML"),
    ],
)
def test_files_that_cannot_be_scored_explain_why(tmp_path: Path, content: str, message: str) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(content, encoding="utf-8")

    with pytest.raises(CommandError, match=message) as raised:
        call_command("readiness", "score", str(answers), "--allow-missing", stdout=io.StringIO())

    assert raised.value.returncode == 2


def test_unanswered_questions_are_allowed_when_asked_for(tmp_path: Path) -> None:
    answers = tmp_path / "partial.yaml"
    answers.write_text(yaml.safe_dump({"respondents": [{"answers": {"goals": 5, "policy": 1}}]}), encoding="utf-8")

    assert _score(answers, "--json")[0] == 2
    result = json.loads(_score(answers, "--json", "--allow-missing")[1])

    assert result["index"] == 50.0 and set(result["questions"]) == {"goals", "policy"}


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    status, _ = _score(tmp_path / "nowhere.yaml")

    assert status == 2


def test_an_organisations_own_questions_and_weights_are_used_with_org(
    organisation: Organisation, tmp_path: Path
) -> None:
    question_services.question_create(
        organisation=organisation,
        title="Crisis drills",
        prompt="Do we rehearse a social media crisis?",
        descriptors={1: "Never.", 3: "Once, years ago.", 5: "Every quarter."},
        weight=2,
    )
    question_services.question_weights_set(organisation=organisation, weights={"goals": 3})
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        yaml.safe_dump({"respondents": [{"answers": {**dict.fromkeys(KEYS, 1), "goals": 5, "crisis_drills": 5}}]}),
        encoding="utf-8",
    )

    assert _score(answers, "--json")[0] == 2  # crisis_drills is not one of the ten
    result = json.loads(_score(answers, "--json", "--org", "acme")[1])

    # goals (weight 3) and crisis drills (weight 2) score 100; nine questions of weight 1 score 0.
    assert result["index"] == round(500 / 14, 1)
    assert result["dimensions"]["organisation_specific"] == 5.0
    assert result["questions"]["goals"]["weight"] == 3.0


@pytest.mark.django_db
def test_an_unknown_organisation_exits_3_cannot_run(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(_split_file()), encoding="utf-8")

    with pytest.raises(CommandError, match="no organisation 'nowhere'") as raised:
        call_command("readiness", "score", str(answers), "--org", "nowhere", stdout=io.StringIO())

    assert raised.value.returncode == 3


def test_the_socialu_command_exits_0_and_2(tmp_path: Path) -> None:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("SOCIALU_", "DATABASE_URL"))}
    environment.update({"SOCIALU_ALLOW_DEVELOPMENT_KEY": "1", "SOCIALU_DATA_DIR": str(tmp_path)})
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.json"
    good.write_text(yaml.safe_dump(_split_file()), encoding="utf-8")
    bad.write_text(json.dumps({"respondents": [{"answers": {"goals": 0}}]}), encoding="utf-8")
    command = [sys.executable, "-m", "socialu", "readiness", "score"]

    scored = subprocess.run(
        [*command, str(good), "--json"], env=environment, capture_output=True, text=True, check=False
    )
    refused = subprocess.run([*command, str(bad)], env=environment, capture_output=True, text=True, check=False)

    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["level"] == "building"
    assert refused.returncode == 2
    assert "respondents[0] (respondent 1), goals: 0 is out of range" in refused.stderr
