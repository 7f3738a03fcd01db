"""``socialu check`` (exit codes for publishing scripts) and ``socialu policy export|import``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from socialu.core.models import Organisation
from socialu.preflight import selectors, services
from socialu.preflight.models import OrganisationRuleSet
from tests.preflight.conftest import BAD_SEVERITY_YAML, rules_with_confidential_term


def _check(*arguments: str) -> tuple[int, str]:
    """Run ``socialu check`` and return its exit status and output."""
    out = io.StringIO()
    try:
        call_command("check", *arguments, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


@pytest.mark.django_db
def test_a_clean_post_exits_0() -> None:
    status, output = _check("A walk in the hills.", "--platform", "x")

    assert status == 0
    assert output.startswith("Pass: 0 findings")


@pytest.mark.django_db
def test_a_post_to_look_at_again_exits_1() -> None:
    status, output = _check("This tent is guaranteed to last.", "--platform", "linkedin", "--account", "official")

    assert status == 1
    assert output.startswith("Warn:") and "claim-guarantee" in output and "Suggested fix:" in output


@pytest.mark.django_db
def test_a_blocked_post_exits_2_and_json_is_one_object() -> None:
    status, output = _check("Project Falcon ships soon", "--platform", "x", "--json")

    assert status == 2
    result = json.loads(output)
    assert result["verdict"] == "block"
    assert result["findings"][0]["excerpt"] == "Project Falcon"
    assert result["findings"][0]["suggestion"].startswith("Remove it.")


def test_the_post_can_come_from_a_file(organisation: Organisation, tmp_path: Path) -> None:
    services.rule_set_save(organisation=organisation, yaml_text=rules_with_confidential_term("Operation Osprey"))
    draft = tmp_path / "draft.txt"
    draft.write_text("Operation Osprey is go", encoding="utf-8")

    assert _check("--file", str(draft), "--platform", "x", "--org", "acme")[0] == 2
    assert _check("--file", str(draft), "--platform", "x")[0] == 0  # the default rules do not know the term


@pytest.mark.django_db
def test_an_unknown_organisation_exits_3_with_a_clear_message() -> None:
    with pytest.raises(CommandError, match="no organisation 'nowhere'") as raised:
        call_command("check", "Hello", "--platform", "x", "--org", "nowhere")

    assert raised.value.returncode == 3


@pytest.mark.django_db
def test_a_post_without_a_platform_is_explained() -> None:
    with pytest.raises(CommandError, match="--platform") as raised:
        call_command("check", "Project Falcon ships soon")

    assert raised.value.returncode == 3


@pytest.mark.django_db
@pytest.mark.parametrize("words", [("",), ("   ",), (" ", "\n")])
def test_an_empty_post_cannot_be_checked_and_exits_3(words: tuple[str, ...]) -> None:
    with pytest.raises(CommandError, match="The post is empty") as raised:
        call_command("check", *words, "--platform", "x")
    assert raised.value.returncode == 3


@pytest.mark.django_db
def test_an_empty_file_cannot_be_checked_and_exits_3(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("\n", encoding="utf-8")
    with pytest.raises(CommandError, match="The post is empty") as raised:
        call_command("check", "--file", str(draft), "--platform", "x")
    assert raised.value.returncode == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--platform", "myspace"), "Unknown platform 'myspace': choose one of x, linkedin"),
        (("--platform", "x", "--account", "company"), "Unknown account kind 'company'"),
    ],
)
def test_an_unknown_platform_or_account_exits_3_not_2(arguments: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message) as raised:
        call_command("check", "Hello", *arguments)
    assert raised.value.returncode == 3


@pytest.mark.django_db
def test_a_platform_is_read_in_any_case_and_twitter_means_x() -> None:
    status, output = _check("A walk in the hills.", "--platform", "Twitter", "--account", "OFFICIAL", "--json")
    assert status == 0
    assert json.loads(output)["platform"] == "x"
    assert json.loads(output)["account_kind"] == "official"


@pytest.mark.django_db
def test_without_a_platform_it_is_djangos_system_check() -> None:
    out = io.StringIO()
    call_command("check", stdout=out)

    assert "System check identified no issues" in out.getvalue()


def test_export_then_import_round_trips(organisation: Organisation, tmp_path: Path) -> None:
    services.rule_set_save(organisation=organisation, yaml_text=rules_with_confidential_term("Operation Osprey"))
    exported = tmp_path / "rules.yaml"

    call_command("policy", "export", "--org", "acme", str(exported), stdout=io.StringIO())
    services.rule_set_reset(organisation=organisation)
    call_command("policy", "import", "--org", "acme", str(exported), stdout=io.StringIO())

    record = OrganisationRuleSet.objects.get(organisation=organisation)
    assert record.version == 3
    assert record.yaml == exported.read_text(encoding="utf-8")
    assert "Operation Osprey" in selectors.rule_set_yaml_for(organisation=organisation)


def test_export_without_own_rules_writes_the_default(organisation: Organisation, tmp_path: Path) -> None:
    exported = tmp_path / "rules.yaml"

    call_command("policy", "export", "--org", "acme", str(exported), stdout=io.StringIO())

    assert exported.read_text(encoding="utf-8") == selectors.default_rule_set_yaml()


def test_import_of_invalid_rules_names_the_field_and_saves_nothing(organisation: Organisation, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(BAD_SEVERITY_YAML, encoding="utf-8")

    with pytest.raises(CommandError, match=r"rules\.confidential\.severity"):
        call_command("policy", "import", "--org", "acme", str(broken))

    assert not OrganisationRuleSet.objects.filter(organisation=organisation).exists()


@pytest.mark.django_db
def test_import_into_an_unknown_organisation_fails(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no organisation 'nowhere'"):
        call_command("policy", "import", "--org", "nowhere", str(tmp_path / "rules.yaml"))


def test_the_socialu_command_exits_with_the_verdict_and_3_for_an_unknown_organisation(tmp_path: Path) -> None:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("SOCIALU_", "DATABASE_URL"))}
    environment.update({"SOCIALU_ALLOW_DEVELOPMENT_KEY": "1", "SOCIALU_DATA_DIR": str(tmp_path)})
    command = [sys.executable, "-m", "socialu", "check", "--platform", "x"]
    subprocess.run([sys.executable, "-m", "socialu", "migrate", "-v0"], env=environment, check=True)

    blocked = subprocess.run([*command, "Project Falcon"], env=environment, capture_output=True, text=True, check=False)
    unknown = subprocess.run(
        [*command, "--org", "nowhere", "Hello"], env=environment, capture_output=True, text=True, check=False
    )

    empty = subprocess.run([*command, ""], env=environment, capture_output=True, text=True, check=False)
    bad_platform = subprocess.run(
        [sys.executable, "-m", "socialu", "check", "--platform", "myspace", "Hello"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    bad_account = subprocess.run(
        [*command, "--account", "company", "Hello"], env=environment, capture_output=True, text=True, check=False
    )

    assert blocked.returncode == 2, blocked.stderr
    assert blocked.stdout.startswith("Block: 1 finding")
    assert unknown.returncode == 3
    assert "There is no organisation 'nowhere'" in unknown.stderr
    # 2 means "block", so a command that cannot check anything must never exit with it.
    assert empty.returncode == 3
    assert "The post is empty" in empty.stderr
    assert bad_platform.returncode == 3
    assert "Unknown platform 'myspace'" in bad_platform.stderr
    assert bad_account.returncode == 3
    assert "Unknown account kind 'company'" in bad_account.stderr
