"""The command base every ``socialu`` command uses: one --org wording, --json on every action, one set of exit codes."""

from __future__ import annotations

import io
import json
from argparse import ArgumentParser, _SubParsersAction
from collections.abc import Iterator

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError

from socialu.core.commands import ExitCode, SocialUCommand
from socialu.core.models import Organisation

# Process runners, not actions on data: they print logs as they run and stop on a signal.
PROCESS_RUNNERS = {"serve", "worker", "demo"}
# Being reworked on other branches right now; converted when those land (see docs/new-app.md).
NOT_YET_CONVERTED = {"check"}


def _ours() -> dict[str, SocialUCommand]:
    commands = {}
    for name, app in get_commands().items():
        if app.startswith("socialu.") and name not in PROCESS_RUNNERS | NOT_YET_CONVERTED:
            command = load_command_class(app, name)
            assert isinstance(command, SocialUCommand), name
            commands[name] = command
    return commands


def _leaves(parser: ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], ArgumentParser]]:
    subparsers = [action for action in parser._actions if isinstance(action, _SubParsersAction)]
    if not subparsers:
        yield path, parser
    for action in subparsers:
        for name, child in action.choices.items():
            yield from _leaves(child, (*path, name))


def test_every_command_builds_on_the_base() -> None:
    commands = _ours()

    assert len(commands) >= 12


def test_every_action_of_every_command_takes_json() -> None:
    missing = []
    for name, command in _ours().items():
        for path, leaf in _leaves(command.create_parser("socialu", name)):
            if not any("--json" in action.option_strings for action in leaf._actions):
                missing.append(" ".join((name, *path)))

    assert missing == []


def test_every_org_option_says_the_same() -> None:
    helps = set()
    for name, command in _ours().items():
        for _, leaf in _leaves(command.create_parser("socialu", name)):
            helps |= {action.help for action in leaf._actions if "--org" in action.option_strings}

    assert helps
    assert all(text and text.startswith("The organisation's slug, as in /o/SLUG/") for text in helps)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "arguments",
    [
        ["dashboard", "--org", "nowhere"],
        ["learning", "sync", "--org", "nowhere"],
        ["governance", "policies", "list", "--org", "nowhere"],
        ["curriculum", "export", "--org", "nowhere", "unused-folder"],
    ],
)
def test_an_unknown_organisation_exits_3_with_one_wording_and_json_too(arguments: list[str]) -> None:
    with pytest.raises(CommandError, match="There is no organisation 'nowhere'") as plain:
        call_command(*arguments, stdout=io.StringIO())
    out = io.StringIO()
    with pytest.raises(CommandError) as as_json:
        call_command(*arguments, "--json", stdout=out)

    assert plain.value.returncode == as_json.value.returncode == ExitCode.CANNOT_RUN
    body = json.loads(out.getvalue())
    assert body["ok"] is False
    assert body["exit_code"] == 3
    assert body["error"].startswith("There is no organisation 'nowhere'")


@pytest.mark.django_db
def test_an_action_that_prints_sentences_answers_json_when_asked(organisation: Organisation) -> None:
    out = io.StringIO()

    call_command("learning", "sync", "--org", organisation.slug, "--json", stdout=out)

    body = json.loads(out.getvalue())
    assert body["ok"] is True
    assert body["messages"]


@pytest.mark.django_db
def test_a_domain_error_from_a_service_exits_2_naming_each_field(organisation: Organisation) -> None:
    out = io.StringIO()

    with pytest.raises(CommandError, match="already") as raised:
        call_command("org", "create", organisation.slug, "--name", "Again", "--json", stdout=out)

    assert raised.value.returncode == ExitCode.UNUSABLE
    assert json.loads(out.getvalue())["ok"] is False
