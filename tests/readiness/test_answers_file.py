"""The answers-file reader: whatever valid file it is given, it scores exactly what the file says."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from socialu.readiness.answers_file import AnswersFileError, parse_answers
from socialu.readiness.questions import default_questions, public_key
from socialu.readiness.scoring import Response, score_assessment

_, QUESTIONS = default_questions()
KEYS = [public_key(q.slug) for q in QUESTIONS]

respondent = st.fixed_dictionaries(
    {"answers": st.fixed_dictionaries({key: st.integers(min_value=1, max_value=5) for key in KEYS})},
    optional={
        "audience": st.sampled_from(["leadership", "management", "practitioner"]),
        "unit": st.sampled_from(["Sales", "Support"]),
    },
)


@given(st.lists(respondent, min_size=1, max_size=8), st.booleans())
def test_a_valid_file_scores_the_same_as_its_answers(respondents: list[dict[str, object]], as_json: bool) -> None:
    text = json.dumps({"respondents": respondents}) if as_json else yaml.safe_dump({"respondents": respondents})

    parsed = parse_answers(text, questions=QUESTIONS)

    direct = [
        Response(
            respondent=str(number),
            answers={q.slug: item["answers"][public_key(q.slug)] for q in QUESTIONS},  # type: ignore[index]
            audience=str(item.get("audience", "")),
            unit=str(item.get("unit", "")),
        )
        for number, item in enumerate(respondents, 1)
    ]
    definitions = [q.definition() for q in QUESTIONS]
    assert parsed == direct
    assert score_assessment(definitions, parsed) == score_assessment(definitions, direct)


@given(st.lists(respondent, min_size=1, max_size=5), st.data())
def test_any_out_of_range_answer_is_reported_with_its_respondent_and_key(
    respondents: list[dict[str, dict[str, int]]], data: st.DataObject
) -> None:
    who = data.draw(st.integers(min_value=0, max_value=len(respondents) - 1))
    key = data.draw(st.sampled_from(KEYS))
    respondents[who]["answers"][key] = data.draw(st.sampled_from([0, 6, -1, 10]))

    with pytest.raises(AnswersFileError) as raised:
        parse_answers(json.dumps({"respondents": respondents}), questions=QUESTIONS)

    problem = raised.value.problems[0]
    assert (problem.index, problem.key) == (who, key)
    assert str(problem).startswith(f"respondents[{who}] (respondent {who + 1}), {key}: ")
