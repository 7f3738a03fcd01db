"""Who may open which page: every organisation page, for every role, against one explicit table.

The routes are discovered from the URL resolver, so a new page under
``/o/<org_slug>/`` makes this test fail until it is added to ``EXPECTED``.
Each role is tested alone (a user holding only that role), so that the table
says exactly what each role grants on its own.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pytest_django import Settings

from socialu.accounts import services as account_services
from socialu.accounts.models import User
from socialu.config.api import api
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from socialu.people.models import RosterImportJob, RosterImportStatus
from tests.factories import OrganisationFactory, PersonFactory, UnitFactory, UserFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

ORG_PREFIX = "o/<slug:org_slug>/"


def _allow(*roles: Role) -> dict[Role, bool]:
    return {role: role in roles for role in Role}


EVERYONE = tuple(Role)
STAFF = (Role.PROGRAMME_ADMIN, Role.FACILITATOR, Role.MENTOR, Role.CHAMPION, Role.EXECUTIVE_VIEWER)
ADMIN = (Role.PROGRAMME_ADMIN,)

# url name → role → may a user holding only that role open it?
EXPECTED: dict[str, dict[Role, bool]] = {
    "org_home": _allow(*EVERYONE),
    "api_tokens": _allow(*EVERYONE),
    "api_token_revoke": _allow(*EVERYONE),
    "people_directory": _allow(*STAFF),
    "person_detail": _allow(*STAFF),
    "person_active_set": _allow(*ADMIN),
    "unit_tree": _allow(*STAFF),
    "people_export_csv": _allow(*ADMIN),
    "people_export_xlsx": _allow(*ADMIN),
    "roster_import": _allow(*ADMIN),
    "roster_import_mapping": _allow(*ADMIN),
    "roster_import_job": _allow(*ADMIN),
    "roster_import_apply": _allow(*ADMIN),
    "roster_import_retry": _allow(*ADMIN),
    "roster_import_errors_csv": _allow(*ADMIN),
    "audience_rules": _allow(*ADMIN),
    "audience_rule_remove": _allow(*ADMIN),
    "audience_rules_reset": _allow(*ADMIN),
    "members": _allow(*ADMIN),
    "member_roles": _allow(*ADMIN),
    "member_remove": _allow(*ADMIN),
    "organisation_tokens": _allow(*ADMIN),
    "organisation_token_revoke": _allow(*ADMIN),
    "scim_settings": _allow(*ADMIN),
    "webhooks_home": _allow(*ADMIN),
    "webhook_test": _allow(*ADMIN),
    "webhook_toggle": _allow(*ADMIN),
    "webhook_delete": _allow(*ADMIN),
    "webhook_redeliver": _allow(*ADMIN),
    "invitation_revoke": _allow(*ADMIN),
    "invitation_resend": _allow(*ADMIN),
    "curriculum_catalogue": _allow(*EVERYONE),
    "course_detail": _allow(*EVERYONE),
    "lesson_detail": _allow(*EVERYONE),
    "my_learning": _allow(*EVERYONE),
    "learning_lesson": _allow(*EVERYONE),
    "lesson_complete": _allow(*EVERYONE),
    "quiz_take": _allow(*EVERYONE),
    # Policy pre-flight pages (socialu.preflight):
    "preflight_check": _allow(*EVERYONE),
    "preflight_findings": _allow(*EVERYONE),
    "preflight_rules": _allow(*ADMIN),
    "preflight_rules_test": _allow(*ADMIN),
    "preflight_rules_yaml": _allow(*ADMIN),
    # Governance pages (socialu.governance):
    "policies": _allow(*EVERYONE),
    "policy_install_default_view": _allow(*ADMIN),
    "policy_new": _allow(*ADMIN),
    "policy_detail": _allow(*EVERYONE),
    "policy_acknowledge_view": _allow(*EVERYONE),
    "policy_publish": _allow(*ADMIN),
    "policy_preview": _allow(*ADMIN),
    "policy_coverage": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "policy_coverage_csv": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "policy_coverage_xlsx": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "policy_remind": _allow(*ADMIN),
    # Account registry pages (socialu.governance, registry):
    "account_registry": _allow(*STAFF),
    "account_registry_import": _allow(*ADMIN),
    "account_registry_export": _allow(*ADMIN),
    "social_account_new": _allow(*ADMIN),
    "social_account_detail": _allow(*STAFF),
    "social_account_edit": _allow(*ADMIN),
    "social_account_review_view": _allow(*ADMIN),
    # Readiness pages (socialu.readiness):
    "assessments": _allow(*ADMIN),
    "assessment_results_latest": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "assessment_detail": _allow(*ADMIN),
    "assessment_results": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    # --- learning (manual enrolment, progress, reminders): add pages here ---
    "enrolments_manage": _allow(*ADMIN),
    "enrolment_add_view": _allow(*ADMIN),
    "enrolment_due_view": _allow(*ADMIN),
    "enrolment_remind_view": _allow(*ADMIN),
    "learners": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR, Role.MENTOR),
    "learner_progress": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR, Role.MENTOR),
    # --- curriculum authoring: add pages here ---
    "authoring_courses": _allow(*ADMIN),
    "curriculum_install_default": _allow(*ADMIN),
    "authoring_course_new": _allow(*ADMIN),
    "authoring_preview": _allow(*ADMIN),
    "authoring_paths": _allow(*ADMIN),
    "authoring_path": _allow(*ADMIN),
    "authoring_path_step": _allow(*ADMIN),
    "authoring_course": _allow(*ADMIN),
    "authoring_draft_start": _allow(*ADMIN),
    "authoring_publish": _allow(*ADMIN),
    "authoring_module_add": _allow(*ADMIN),
    "authoring_modules_reorder": _allow(*ADMIN),
    "authoring_module": _allow(*ADMIN),
    "authoring_lesson_new": _allow(*ADMIN),
    "authoring_lesson": _allow(*ADMIN),
    "authoring_lesson_action": _allow(*ADMIN),
    "authoring_quiz": _allow(*ADMIN),
    "authoring_question_new": _allow(*ADMIN),
    "authoring_question": _allow(*ADMIN),
    "authoring_question_action": _allow(*ADMIN),
    # --- certification: add pages here ---
    "my_certificates": _allow(*EVERYONE),
    "certificate_download": _allow(*EVERYONE),
    "tier_recertify": _allow(*EVERYONE),
    "certification_admin": _allow(*ADMIN),
    "certification_install_default": _allow(*ADMIN),
    "certification_award": _allow(*ADMIN),
    "tier_edit": _allow(*ADMIN),
    "requirement_add_view": _allow(*ADMIN),
    "requirement_remove_view": _allow(*ADMIN),
    "certificates_admin": _allow(*ADMIN),
    "certificate_detail": _allow(*ADMIN),
    "certificate_revoke_view": _allow(*ADMIN),
    "spokesperson_register": _allow(*STAFF),
    "spokesperson_register_csv": _allow(*STAFF),
    # --- dashboard: add pages here ---
    "programme_dashboard": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR, Role.EXECUTIVE_VIEWER),
    # --- community: add pages here ---
    "community_tips": _allow(*EVERYONE),
    "community_tip_new": _allow(*EVERYONE),
    "community_questions": _allow(*EVERYONE),
    "community_ask": _allow(*EVERYONE),
    "community_similar": _allow(*EVERYONE),
    "community_gallery": _allow(*EVERYONE),
    "community_gallery_new": _allow(*EVERYONE),
    "community_search": _allow(*EVERYONE),
    "community_post": _allow(*EVERYONE),
    "community_reply": _allow(*EVERYONE),
    "community_post_action": _allow(*EVERYONE),
    "community_notifications": _allow(*EVERYONE),
    "community_moderation": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR),
    "community_moderate": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR),
    "community_decisions_csv": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR),
    # --- practice: add pages here ---
    "mentoring_home": _allow(*EVERYONE),
    "mentoring_programme": _allow(*ADMIN),
    "mentoring_match": _allow(*ADMIN),
    "mentoring_publish": _allow(*ADMIN),
    "mentoring_export_csv": _allow(*ADMIN),
    "mentoring_export_xlsx": _allow(*ADMIN),
    "mentoring_answer": _allow(*EVERYONE),
    "mentoring_check_in": _allow(*EVERYONE),
    "practice_scenarios": _allow(*EVERYONE),
    "practice_mine": _allow(*EVERYONE),
    "practice_scenario": _allow(*EVERYONE),
    "practice_findings": _allow(*EVERYONE),
    "practice_autosave": _allow(*EVERYONE),
    "practice_attempt": _allow(*EVERYONE),
    "practice_review": _allow(*EVERYONE),
    "practice_review_queue": _allow(*EVERYONE),
    "practice_manage": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR),
    "practice_review_rule": _allow(*ADMIN),
    "practice_install_shipped": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR),
    "practice_scenario_status": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR),
    "practice_scenario_edit": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR),
    # --- sessions: add pages here ---
    "session_list": _allow(*EVERYONE),
    "my_sessions": _allow(*EVERYONE),
    "session_calendar_settings": _allow(*EVERYONE),
    "session_detail": _allow(*EVERYONE),
    "session_register": _allow(*EVERYONE),
    "session_invitation": _allow(*EVERYONE),
    "registration_cancel": _allow(*EVERYONE),
    "offer_accept": _allow(*EVERYONE),
    "offer_decline": _allow(*EVERYONE),
    "registration_decide": _allow(*EVERYONE),
    "session_new": _allow(*ADMIN),
    "session_edit": _allow(*ADMIN),
    "session_manage": _allow(*ADMIN),
    "session_publish": _allow(*ADMIN),
    "session_cancel": _allow(*ADMIN),
    "waitlist_move": _allow(*ADMIN),
    "registration_remove": _allow(*ADMIN),
    "session_roll_call": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR),
    "session_check_in": _allow(*EVERYONE),
    "session_attendance": _allow(*ADMIN),
    "session_feedback": _allow(*EVERYONE),
    "session_conferences": _allow(*EVERYONE),
    # --- coaching: add pages here ---
    "coaching_home": _allow(*EVERYONE),
    "coaching_overview": _allow(*ADMIN),
    "coaching_engagement_new": _allow(*ADMIN),
    "coaching_availability": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR),
    "coaching_slot_withdraw": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR),
    "coaching_engagement": _allow(*EVERYONE),
    "coaching_book": _allow(*EVERYONE),
    "coaching_complete": _allow(*EVERYONE),
    "coaching_supporters": _allow(*EVERYONE),
    "coaching_pulse_send": _allow(*EVERYONE),
    "coaching_record": _allow(*EVERYONE),
    "coaching_session": _allow(*EVERYONE),
    "coaching_session_move": _allow(*EVERYONE),
    "coaching_session_cancel": _allow(*EVERYONE),
    # --- governance RACI: add pages here ---
    "raci": _allow(*EVERYONE),
    "raci_edit": _allow(*ADMIN),
    "raci_install_default_view": _allow(*ADMIN),
    "raci_activity_add": _allow(*ADMIN),
    "raci_activity_edit": _allow(*ADMIN),
    "raci_party_add": _allow(*ADMIN),
    "raci_party_remove": _allow(*ADMIN),
    "raci_export_csv": _allow(*EVERYONE),
    "raci_export_xlsx": _allow(*EVERYONE),
    # --- escalation: add pages here ---
    "decision_walk": _allow(*EVERYONE),
    "decision_record_view": _allow(*EVERYONE),
    "decision_log": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "decision_log_csv": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "decision_log_xlsx": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "decision_log_entry": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "decision_tree_editor": _allow(*ADMIN),
    "decision_tree_yaml": _allow(*ADMIN),
    "decision_tree_export": _allow(*ADMIN),
    "decision_tree_version": _allow(*ADMIN),
    "decision_tree_node_new": _allow(*ADMIN),
    "decision_tree_node_edit": _allow(*ADMIN),
    "decision_tree_node_delete": _allow(*ADMIN),
    # --- readiness (more): add pages here ---
    "assessment_questions": _allow(*ADMIN),
    "assessment_question_edit": _allow(*ADMIN),
    # --- strategy: add pages here ---
    "strategy_documents": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "strategy_generate": _allow(*ADMIN),
    "strategy_document": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "strategy_section_edit": _allow(*ADMIN),
    "strategy_preview": _allow(*ADMIN),
    "strategy_kpis": _allow(*ADMIN),
    "strategy_assumptions": _allow(*ADMIN),
    "strategy_history": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "strategy_export_pdf": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "strategy_export_docx": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "strategy_export_md": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    # --- operations (jobs, audit log, people's data): add pages here ---
    "operations_home": _allow(*ADMIN),
    "operations_settings": _allow(*ADMIN),
    "operations_job": _allow(*ADMIN),
    "operations_job_run": _allow(*ADMIN),
    "audit_log": _allow(*ADMIN),
    "audit_log_csv": _allow(*ADMIN),
    "my_data": _allow(*EVERYONE),
    "my_data_export": _allow(*EVERYONE),
    "person_privacy": _allow(*ADMIN),
    "person_data_export": _allow(*ADMIN),
    "person_erase": _allow(*ADMIN),
    # --- skills and champions: add pages here ---
    "skills_find": _allow(*EVERYONE),
    "skills_mine": _allow(*EVERYONE),
    "skills_endorse": _allow(*EVERYONE),
    "skills_taxonomy": _allow(*ADMIN),
    "skills_skill_edit": _allow(*ADMIN),
    "skills_standing_csv": _allow(*ADMIN),
    "skills_standing_xlsx": _allow(*ADMIN),
    "champions": _allow(*EVERYONE),
    "champions_unit": _allow(*EVERYONE),
    "champions_nominate": _allow(*EVERYONE),
    "champions_nomination_decide": _allow(*ADMIN),
    "champions_term_renew": _allow(*ADMIN),
    "champions_term_end": _allow(*ADMIN),
    "champions_settings": _allow(*ADMIN),
    "champions_space": _allow(Role.PROGRAMME_ADMIN, Role.CHAMPION),
    "champions_export_csv": _allow(*ADMIN),
    "champions_export_xlsx": _allow(*ADMIN),
}


# Route discovery (shared with the tenancy test) ------------------------------------------


@dataclass(frozen=True)
class OrgRoute:
    """A page under ``/o/<org_slug>/`` and the URL arguments it needs besides the slug."""

    name: str
    route: str
    arguments: tuple[str, ...]
    view: Any


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def org_routes() -> list[OrgRoute]:
    """Return every named page whose URL starts with ``/o/<org_slug>/``."""
    routes = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if route.startswith(ORG_PREFIX):
            assert pattern.name, f"The page at {route} needs a URL name so that it can be listed here."
            arguments = tuple(
                name
                for name in re.findall(r"<(?:\w+:)?(\w+)>", route)
                if name != "org_slug" and name not in pattern.default_args
            )
            routes.append(OrgRoute(pattern.name, route, arguments, pattern.callback))
    return routes


def _roster_upload(organisation: Organisation) -> str:
    from socialu.people.imports.services import roster_upload_store

    uploaded = SimpleUploadedFile("roster.csv", b"Employee ID,Name,Email\nE1,Ann,ann@example.com\n")
    return roster_upload_store(organisation=organisation, uploaded=uploaded).name


def _curriculum(organisation: Organisation) -> tuple[str, str]:
    """Give *organisation* a one-course curriculum (once) and return its course and lesson slugs."""
    from socialu.curriculum.models import Course
    from socialu.curriculum.services import curriculum_import
    from tests.curriculum.test_coursefiles import write_curriculum

    if not Course.objects.filter(organisation=organisation, slug="basics").exists():
        with tempfile.TemporaryDirectory() as folder:
            curriculum_import(organisation=organisation, folder=write_curriculum(Path(folder)))
    return "basics", "hello"


# URL argument name → a function that makes an object of *organisation* and returns its URL value.
# Shared by the API tests below (path parameters) and the tenancy isolation test.
ArgumentMaker = Callable[[Organisation, User], Any]


def _webhook(organisation: Organisation) -> Any:
    from socialu.webhooks.models import WebhookEndpoint

    return WebhookEndpoint.objects.create(
        organisation=organisation, url="https://93.184.215.14/hooks", events=["person.changed"], secret_prefix="x"
    )


def _webhook_delivery(organisation: Organisation) -> int:
    from socialu.webhooks.models import WebhookDelivery

    endpoint = _webhook(organisation)
    return WebhookDelivery.objects.create(
        organisation=organisation, endpoint=endpoint, message_id="msg_matrix", event="person.changed", payload={}
    ).pk


def _token_in(organisation: Organisation, requester: User) -> int:
    """Return a token made for *organisation*: the requester's own when they belong there, else a member's."""
    if not RoleAssignment.objects.filter(organisation=organisation, user=requester).exists():
        requester = UserFactory.create()
        RoleAssignment.objects.create(organisation=organisation, user=requester, role=Role.LEARNER)
    return account_services.api_token_create(user=requester, organisation=organisation, name="matrix")[0].pk


ARGUMENT_MAKERS: dict[str, ArgumentMaker] = {
    # --- accounts: a token made for the organisation (the requester's own when they are a member) ---
    "token_id": _token_in,
    "endpoint_id": lambda organisation, requester: _webhook(organisation).pk,
    "delivery_id": lambda organisation, requester: _webhook_delivery(organisation),
    # A finished roster import (the API's job resource).
    "job_id": lambda o, _: (
        RosterImportJob.objects.create(
            organisation=o, original_filename="roster.csv", stored_path="", status=RosterImportStatus.SUCCEEDED
        ).pk
    ),
    # An audience rule by its number: the default rules hold 1 to 4.
    "position": lambda organisation, requester: 1,
    # --- learning (manual enrolment, progress, reminders): add argument makers here ---
    # API paths name a course by slug (web pages get one from fill_arguments).
    "course_slug": lambda organisation, requester: _curriculum(organisation)[0],
    # --- curriculum authoring: add argument makers here ---
    # A draft of the matrix's course and its path (tests/curriculum/makers.py).
    "module_id": lambda o, _: __import__("tests.curriculum.makers").curriculum.makers.module_id(o),
    "lesson_id": lambda o, _: __import__("tests.curriculum.makers").curriculum.makers.lesson_id(o),
    "question_id": lambda o, _: __import__("tests.curriculum.makers").curriculum.makers.question_id(o),
    "audience": lambda o, _: __import__("tests.curriculum.makers").curriculum.makers.audience(o),
    "step_id": lambda o, _: __import__("tests.curriculum.makers").curriculum.makers.step_id(o),
    # --- certification: add argument makers here ---
    # tier_slug, requirement_id, certificate_id (held by the requester) and code:
    **__import__("tests.certification.support", fromlist=["MATRIX_ARGUMENT_MAKERS"]).MATRIX_ARGUMENT_MAKERS,
    # --- dashboard: add argument makers here ---
    # --- practice: add argument makers here ---
    # --- mentoring ---
    "programme_slug": lambda org, _user: __import__("tests.mentoring.makers", fromlist=["_"]).programme_slug(org),
    "pairing_id": lambda org, user: __import__("tests.mentoring.makers", fromlist=["_"]).pairing_id(org, user),
    "scenario_slug": lambda org, user: __import__("tests.practice.helpers", fromlist=["_"]).matrix_scenario(org, user),
    "attempt_id": lambda org, user: __import__("tests.practice.helpers", fromlist=["_"]).matrix_attempt(org, user),
    # --- sessions: add argument makers here ---
    "session_id": lambda org, user: __import__("tests.sessions.makers", fromlist=["_"]).session_id(org, user),
    "registration_id": lambda org, user: __import__("tests.sessions.makers", fromlist=["_"]).registration_id(org, user),
    # --- coaching: add argument makers here ---
    # The requester is the executive of the engagement (an engagement answers 404 to anyone with no part in it).
    "engagement_id": lambda org, user: __import__("tests.coaching.makers", fromlist=["_"]).engagement_id(org, user),
    "booking_id": lambda org, user: __import__("tests.coaching.makers", fromlist=["_"]).booking_id(org, user),
    "slot_id": lambda org, user: __import__("tests.coaching.makers", fromlist=["_"]).slot_id(org, user),
    # The requester coaches an engagement whose session has taken place (the coach records the log).
    "held_booking_id": lambda org, user: __import__("tests.coaching.makers", fromlist=["_"]).held_booking_id(org, user),
    # --- community: add argument makers here ---
    "post_id": lambda org, user: __import__("tests.community.makers", fromlist=["_"]).question_id(org, user),
    "gallery_post_id": lambda org, user: __import__("tests.community.makers", fromlist=["_"]).gallery_suggestion_id(
        org, user
    ),
    # --- governance RACI: add argument makers here ---
    "raci_activity_id": lambda org, _user: __import__("tests.governance.makers", fromlist=["_"]).raci_activity_id(org),
    "raci_party_id": lambda org, _user: __import__("tests.governance.makers", fromlist=["_"]).raci_party_id(org),
    "policy_slug": lambda org, _user: __import__("tests.governance.makers", fromlist=["_"]).policy_slug(org),
    "account_id": lambda org, _user: __import__("tests.governance.makers", fromlist=["_"]).account_id(org),
    # --- escalation: add argument makers here ---
    "decision_id": lambda organisation, requester: __import__(
        "tests.escalation.matrix", fromlist=["matrix"]
    ).make_decision(organisation, requester),
    "tree_version": lambda organisation, requester: __import__(
        "tests.escalation.matrix", fromlist=["matrix"]
    ).make_tree_version(organisation, requester),
    "tree_node": lambda organisation, requester: __import__(
        "tests.escalation.matrix", fromlist=["matrix"]
    ).make_tree_node(organisation, requester),
    # --- readiness (more): add argument makers here ---
    "readiness_question_id": lambda org, _user: __import__("tests.readiness.makers", fromlist=["_"]).question_id(org),
    "assessment_id": lambda org, _user: __import__("tests.readiness.makers", fromlist=["_"]).assessment_id(org),
    # --- operations: add argument makers here ---
    "job_key": lambda _org, _user: "dashboard.refresh",
    # --- skills and champions: add argument makers here ---
    "skill_slug": lambda org, user: __import__("tests.skills.makers", fromlist=["_"]).skill_slug(org, user),
    "nomination_id": lambda org, user: __import__("tests.skills.makers", fromlist=["_"]).nomination_id(org, user),
    "term_id": lambda org, user: __import__("tests.skills.makers", fromlist=["_"]).term_id(org, user),
    # --- strategy: add argument makers here ---
    "document_id": lambda org, _user: __import__("tests.strategy.makers", fromlist=["_"]).document_id(org),
    "section_key": lambda org, _user: __import__("tests.strategy.makers", fromlist=["_"]).section_key(org),
}


def fill_arguments(route: OrgRoute, *, organisation: Organisation, requester: User) -> dict[str, Any]:
    """Return URL arguments for *route* naming objects that belong to *organisation*.

    A route with an argument this does not know fails, so that someone adds it here.
    """
    values: dict[str, Any] = {}
    for argument in route.arguments:
        if argument == "person_id":
            values[argument] = PersonFactory.create(organisation=organisation).pk
        elif argument == "unit_id":
            values[argument] = UnitFactory.create(organisation=organisation).pk
        elif argument == "job_id":
            values[argument] = RosterImportJob.objects.create(
                organisation=organisation,
                original_filename="roster.csv",
                stored_path="/nonexistent/roster.csv",
                status=RosterImportStatus.SUCCEEDED,
                dry_run=True,
                result={"rows": 0, "errors": []},
            ).pk
        elif argument == "user_id":
            someone = UserFactory.create()
            RoleAssignment.objects.create(organisation=organisation, user=someone, role=Role.LEARNER)
            values[argument] = someone.pk
        elif argument == "invitation_id":
            invitation, _ = account_services.invitation_create(
                organisation=organisation, email=f"invitee-{organisation.slug}@example.com", roles=[], invited_by=None
            )
            values[argument] = invitation.pk
        elif argument == "token_id":
            values[argument] = _token_in(organisation, requester)
        elif argument == "endpoint_id":
            values[argument] = _webhook(organisation).pk
        elif argument == "delivery_id":
            values[argument] = _webhook_delivery(organisation)
        elif argument == "upload_id":
            values[argument] = _roster_upload(organisation)
        elif argument == "course_slug":
            values[argument] = _curriculum(organisation)[0]
        elif argument == "lesson_slug":
            values[argument] = _curriculum(organisation)[1]
        elif argument == "policy_slug":
            from socialu.governance.policies.services import policy_install_default

            values[argument] = policy_install_default(organisation=organisation)[0].slug
        elif argument == "account_id":
            from socialu.governance.registry.services import social_account_create

            values[argument] = social_account_create(organisation=organisation, platform="x", handle="matrix").pk
        elif argument == "assessment_id":
            from socialu.readiness.services import assessment_create

            values[argument] = assessment_create(organisation=organisation, title="Matrix").pk
        elif argument in ARGUMENT_MAKERS:
            values[argument] = ARGUMENT_MAKERS[argument](organisation, requester)
        else:
            pytest.fail(f"Teach fill_arguments() how to make a “{argument}” for the page “{route.name}”.")
    return values


def open_route(client: Client, url: str) -> TestResponse:
    """GET *url*; for a page that only accepts POST, POST to it with no data."""
    response: TestResponse = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response


# API operations (shared with the tenancy test) --------------------------------------------------

# A valid request body for each API operation that takes one, so that the
# organisation and permission checks, not input validation, decide the answer.
API_BODIES: dict[str, dict[str, Any]] = {
    "create_person": {"json": {"employee_id": "T1", "name": "Tess", "email": "tess@example.com"}},
    "update_person": {"json": {"name": "Changed"}},
    "import_roster": {"multipart": {"dry_run": "true"}},
    "add_audience_rule": {"json": {"kind": "job_title", "value": "Director", "audience": "management"}},
    "reset_audience_rules": {"json": {}},
    "remove_audience_rule": {"json": {}},
    "check_post": {"json": {"text": "Hello", "platform": "x", "account_kind": "personal"}},
    # --- learning (manual enrolment, progress, reminders): add request bodies here ---
    "record_completion": {"json": {"lesson": "hello"}},
    "submit_attempt": {"json": {"answers": {"basics-001": [0]}}},
    # --- curriculum authoring: add request bodies here ---
    # --- certification: add request bodies here ---
    "revoke_certificate": {"json": {"reason": "Checked by the permission matrix."}},
    # --- dashboard: add request bodies here ---
    # --- practice: add request bodies here ---
    # --- mentoring ---
    "create_mentoring_programme": {"json": {"name": "Matrix programme two"}},
    "save_mentor_profile": {"json": {}},
    "save_my_mentor_profile": {"json": {}},
    "save_my_mentee_profile": {"json": {}},
    "request_mentor": {"json": {"mentor_id": 1}},
    "adjust_mentoring_proposal": {"json": {"mentor_id": 1}},
    "answer_mentoring_match": {"json": {"accept": True}},
    "agree_mentoring_goals": {"json": {"goals": "Two posts a month."}},
    "record_mentoring_check_in": {"json": {"met": True}},
    "answer_mentoring_survey": {"json": {"stage": "midpoint", "satisfaction": 4}},
    "close_mentoring_pairing": {"json": {}},
    "run_mentoring_match": {"json": {}},
    "publish_mentoring_proposals": {"json": {}},
    "save_practice_draft": {"json": {"text": "We hear you! More are on the way."}},
    "submit_practice_attempt": {"json": {"text": "We hear you! More are on the way."}},
    "review_practice_attempt": {
        "json": {"clarity": 4, "tone": 4, "policy_compliance": 4, "helpfulness": 4, "platform_fit": 4}
        | {"overall_comment": "Good."}
    },
    # --- sessions: add request bodies here ---
    "create_session": {
        "json": {
            "title": "Matrix workshop",
            "time_zone": "Europe/London",
            "starts_at": "2031-01-10T09:00:00",
            "ends_at": "2031-01-10T10:00:00",
            "capacity": 5,
        }
    },
    "publish_session": {"json": {}},
    "cancel_session": {"json": {}},
    "change_session_capacity": {"json": {"capacity": 6}},
    "register_for_session": {"json": {}},
    "cancel_session_registration": {"json": {}},
    "accept_seat_offer": {"json": {}},
    "decline_seat_offer": {"json": {}},
    "decide_session_registration": {"json": {"approve": True}},
    "move_on_waitlist": {"json": {"position": 1}},
    "remove_session_registration": {"json": {}},
    "record_session_attendance": {"json": {"marks": {}}},
    "check_in_to_session": {"json": {"code": "ABCDEF"}},
    "give_session_feedback": {"json": {"rating": 4}},
    "record_external_conference": {"json": {"name": "Matrix Con", "held_on": "2026-05-01", "cost": "10.00"}},
    # --- coaching: add request bodies here ---
    "create_coaching_engagement": {
        "json": {"coach_id": 1, "executive_id": 2, "starts_on": "2030-01-01", "target_on": "2030-03-01"}
    },
    "book_coaching_session": {"json": {"slot_id": 1}},
    "reschedule_coaching_session": {"json": {"slot_id": 1}},
    "cancel_coaching_session": {"json": {}},
    "record_coaching_session": {"json": {"agenda": "First post", "notes": "Private"}},
    "publish_coaching_slot": {"json": {"starts_at": "2030-01-01T09:00:00Z", "ends_at": "2030-01-01T10:00:00Z"}},
    # --- community: add request bodies here ---
    "create_community_tip": {"json": {"title": "Matrix", "body": "Plan ahead.", "why_it_works": "Clear."}},
    "create_community_question": {"json": {"title": "Matrix", "body": "Plan ahead.", "why_it_works": "Clear."}},
    "create_community_answer": {"json": {"title": "Matrix", "body": "Plan ahead.", "why_it_works": "Clear."}},
    "create_community_comment": {"json": {"title": "Matrix", "body": "Plan ahead.", "why_it_works": "Clear."}},
    "create_community_gallery_example": {"json": {"title": "Matrix", "body": "Plan ahead.", "why_it_works": "Clear."}},
    "revise_community_post": {"json": {"title": "Matrix", "body": "Plan ahead.", "why_it_works": "Clear."}},
    "vote_community_post": {"json": {"useful": True}},
    "save_community_post": {"json": {"saved": True}},
    "accept_community_answer": {"json": {"answer_id": 1}},
    "report_community_post": {"json": {"reason": "Checked by the permission matrix."}},
    "moderate_community_post": {"json": {"action": "hide", "note": "Checked by the permission matrix."}},
    "pick_community_gallery_example": {"json": {}},
    # --- governance RACI: add request bodies here ---
    "acknowledge_policy": {"json": {"version": 1}},
    "import_acknowledgements": {"json": {"rows": [], "dry_run": True}},
    "create_social_account": {"json": {"platform": "linkedin", "handle": "matrix-new"}},
    "update_social_account": {"json": {"notes": "Checked"}},
    "import_social_accounts": {"multipart": {"dry_run": "true"}},
    # --- escalation: add request bodies here ---
    "replace_decision_tree": {
        "json": {
            "document": {
                "start": "q",
                "nodes": {
                    "q": {"kind": "question", "text": "Reply?", "options": [{"label": "No", "next": "watch"}]},
                    "watch": {"kind": "outcome", "action": "monitor", "title": "Watch it"},
                },
            },
            "summary": "Matrix",
        }
    },
    "walk_decision_tree": {"json": {"answers": ["Positive", "Yes"]}},
    # --- readiness (more): add request bodies here ---
    "create_assessment": {"json": {"title": "Readiness, spring 2027"}},
    "add_assessment_respondents": {"json": {"audiences": ["leadership"]}},
    "open_assessment": {"json": {"send_invitations": False}},
    "close_assessment": {"json": {}},
    "create_readiness_question": {
        "json": {"title": "Crisis drills", "prompt": "Do we rehearse?", "descriptors": {"1": "a", "3": "b", "5": "c"}}
    },
    "set_readiness_question_weights": {"json": {"weights": {"goals": 2}}},
    # --- operations: add request bodies here ---
    "run_scheduled_job": {"json": {}},
    # --- accounts (API tokens) ---
    "create_own_token": {"json": {"name": "matrix", "scopes": ["read"]}},
    "revoke_organisation_token": {"json": {}},
    "create_webhook_endpoint": {"json": {"url": "https://93.184.215.14/hooks", "events": ["person.changed"]}},
    "delete_webhook_endpoint": {"json": {}},
    "redeliver_webhook": {"json": {}},
    "erase_person": {"json": {"confirm": "ERASE"}},
    # --- skills and champions: add request bodies here ---
    "create_skill": {"json": {"slug": "matrix-skill", "name": "Matrix skill", "kind": "practice"}},
    "update_skill": {"json": {"name": "Video", "kind": "practice"}},
    "update_my_skills_profile": {"json": {"listed": True, "languages": ["en"]}},
    "rate_my_skill": {"json": {"level": 3}},
    "endorse_colleague": {"json": {"person_id": 1}},
    # Nobody has this id: the role check, not the nominator rule (self, manager, admin), decides the answer.
    "nominate_champion": {
        "json": {"person_id": 999_999_999, "role": "champion", "reason": "Runs the weekly social clinic."}
    },
    "renew_champion_term": {"json": {}},
    "load_taxonomy": {"json": {}},
    "end_champion_term": {"json": {}},
    "decide_nomination": {"json": {"approve": True}},
    "post_champion_announcement": {"json": {"title": "Clinic", "body": "Thursdays at ten."}},
    "update_champion_settings": {"json": {"leaderboard_enabled": True, "term_months": 12}},
    # --- strategy: add request bodies here ---
    "generate_strategy_document": {"json": {"title": "Matrix strategy", "cost_per_hour": "30"}},
    "update_strategy_section": {"json": {"body_markdown": "Goals agreed by the board.", "note": "Matrix"}},
}


def api_operations() -> list[tuple[str, str, str]]:
    """Return (path, method, operation name) for every organisation-scoped API operation."""
    spec = api.get_openapi_schema()
    operations = []
    for path, methods in spec["paths"].items():
        if "{org_slug}" not in path:
            continue
        for method, operation in methods.items():
            operations.append((path, method, operation["operationId"].rsplit("_api_", 1)[-1]))
    return operations


API_OPERATIONS = api_operations()


def api_path_objects(path: str, *, organisation: Organisation, requester: User) -> dict[str, Any]:
    """Make the objects of *organisation* that the path parameters of *path* name."""
    unit = UnitFactory.create(organisation=organisation)
    objects: dict[str, Any] = {"person_id": PersonFactory.create(organisation=organisation, unit=unit).pk}
    objects["unit_id"] = unit.pk
    for name in re.findall(r"{(\w+)}", path):
        if name not in objects and name in ARGUMENT_MAKERS:
            objects[name] = ARGUMENT_MAKERS[name](organisation, requester)
    return objects


def api_call(
    user: User, *, path: str, method: str, operation: str, org_slug: str, objects: dict[str, Any]
) -> TestResponse:
    """Call an API operation as *user* with a bearer token, filling path parameters from *objects*."""
    _, raw = account_services.api_token_create(user=user, name="tests")
    url = path.replace("{org_slug}", org_slug)
    for name in re.findall(r"{(\w+)}", url):
        if name not in objects:
            pytest.fail(f"Teach the tests how to make a “{name}” for {path}.")
        url = url.replace("{" + name + "}", str(objects[name]))
    client = Client()
    headers = {"Authorization": f"Bearer {raw}"}
    if method == "get":
        response: TestResponse = client.get(url, headers=headers)
        return response
    if operation not in API_BODIES:
        pytest.fail(f"Add an example body for the API operation “{operation}” to API_BODIES.")
    body = API_BODIES[operation]
    if "multipart" in body:
        roster = SimpleUploadedFile("r.csv", b"Employee ID,Name,Email\nT9,Tom,tom@example.com\n")
        data = encode_multipart(BOUNDARY, {**body["multipart"], "file": roster})
        return client.generic(method.upper(), url, data, MULTIPART_CONTENT, headers=headers)
    return client.generic(method.upper(), url, json.dumps(body["json"]), "application/json", headers=headers)


# operation name → role → may a user holding only that role call it?
EXPECTED_API: dict[str, dict[Role, bool]] = {
    "list_units": _allow(*STAFF),
    "list_people": _allow(*STAFF),
    "get_person": _allow(*STAFF),
    "create_person": _allow(*ADMIN),
    "update_person": _allow(*ADMIN),
    "import_roster": _allow(*ADMIN),
    "roster_import_get": _allow(*ADMIN),
    "list_audience_rules": _allow(*ADMIN),
    "add_audience_rule": _allow(*ADMIN),
    "reset_audience_rules": _allow(*ADMIN),
    "remove_audience_rule": _allow(*ADMIN),
    "check_post": _allow(*EVERYONE),
    # --- accounts: API tokens (admins see and revoke the organisation's; everyone makes their own) ---
    "list_organisation_tokens": _allow(*ADMIN),
    "create_own_token": _allow(*EVERYONE),
    "revoke_organisation_token": _allow(*ADMIN),
    # --- webhooks ---
    "list_webhook_endpoints": _allow(*ADMIN),
    "create_webhook_endpoint": _allow(*ADMIN),
    "delete_webhook_endpoint": _allow(*ADMIN),
    "list_webhook_deliveries": _allow(*ADMIN),
    "redeliver_webhook": _allow(*ADMIN),
    # --- learning (manual enrolment, progress, reminders): add operations here ---
    "my_progress": _allow(*EVERYONE),
    "my_attempts": _allow(*EVERYONE),
    "record_completion": _allow(*EVERYONE),
    "course_quiz": _allow(*EVERYONE),
    "submit_attempt": _allow(*EVERYONE),
    "person_progress": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR, Role.MENTOR),
    "person_attempts": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR, Role.MENTOR),
    # --- curriculum authoring: add operations here ---
    # --- certification: add operations here ---
    "list_tiers": _allow(*EVERYONE),
    "list_certificates": _allow(*ADMIN),
    "list_my_certificates": _allow(*EVERYONE),
    "get_certificate": _allow(*ADMIN),
    "revoke_certificate": _allow(*ADMIN),
    "verify_certificate": _allow(*EVERYONE),
    "list_spokespeople": _allow(*STAFF),
    # --- dashboard: add operations here ---
    "get_programme_dashboard": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR, Role.EXECUTIVE_VIEWER),
    # --- practice: add operations here ---
    # --- mentoring ---
    "list_mentoring_programmes": _allow(*EVERYONE),
    "create_mentoring_programme": _allow(*ADMIN),
    "save_mentor_profile": _allow(*ADMIN),
    "save_my_mentor_profile": _allow(*EVERYONE),
    "save_my_mentee_profile": _allow(*EVERYONE),
    "request_mentor": _allow(*EVERYONE),
    "run_mentoring_match": _allow(*ADMIN),
    "publish_mentoring_proposals": _allow(*ADMIN),
    "list_mentoring_pairings": _allow(*ADMIN),
    "mentoring_outcomes": _allow(*ADMIN),
    "my_mentoring_pairings": _allow(*EVERYONE),
    "adjust_mentoring_proposal": _allow(*ADMIN),
    "answer_mentoring_match": _allow(*EVERYONE),
    "agree_mentoring_goals": _allow(*EVERYONE),
    "record_mentoring_check_in": _allow(*EVERYONE),
    "answer_mentoring_survey": _allow(*EVERYONE),
    "close_mentoring_pairing": _allow(*EVERYONE),
    "list_practice_scenarios": _allow(*EVERYONE),
    "get_practice_scenario": _allow(*EVERYONE),
    "save_practice_draft": _allow(*EVERYONE),
    "submit_practice_attempt": _allow(*EVERYONE),
    "list_my_practice_attempts": _allow(*EVERYONE),
    "practice_review_queue": _allow(*EVERYONE),
    "review_practice_attempt": _allow(*EVERYONE),
    # --- sessions: add operations here ---
    "list_sessions": _allow(*EVERYONE),
    "get_session": _allow(*EVERYONE),
    "create_session": _allow(*ADMIN),
    "publish_session": _allow(*ADMIN),
    "cancel_session": _allow(*ADMIN),
    "change_session_capacity": _allow(*ADMIN),
    "register_for_session": _allow(*EVERYONE),
    "list_session_registrations": _allow(*ADMIN),
    "list_my_session_registrations": _allow(*EVERYONE),
    "cancel_session_registration": _allow(*EVERYONE),
    "accept_seat_offer": _allow(*EVERYONE),
    "decline_seat_offer": _allow(*EVERYONE),
    "decide_session_registration": _allow(*EVERYONE),
    "move_on_waitlist": _allow(*ADMIN),
    "remove_session_registration": _allow(*ADMIN),
    "record_session_attendance": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR),
    "check_in_to_session": _allow(*EVERYONE),
    "give_session_feedback": _allow(*EVERYONE),
    "list_session_feedback": _allow(*ADMIN),
    "list_external_conferences": _allow(*EVERYONE),
    "record_external_conference": _allow(*EVERYONE),
    # --- coaching: add operations here ---
    # Engagements answer 404 to anyone with no part in them; the requester is the executive (or the coach).
    "list_my_coaching_engagements": _allow(*EVERYONE),
    "coaching_overview": _allow(*ADMIN),
    "create_coaching_engagement": _allow(*ADMIN),
    "get_coaching_engagement": _allow(*EVERYONE),
    "list_open_coaching_slots": _allow(*EVERYONE),
    "book_coaching_session": _allow(*EVERYONE),
    "get_coaching_session": _allow(*EVERYONE),
    "reschedule_coaching_session": _allow(*EVERYONE),
    "cancel_coaching_session": _allow(*EVERYONE),
    "record_coaching_session": _allow(*EVERYONE),
    "list_my_coaching_slots": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR),
    "publish_coaching_slot": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR),
    # --- community: add operations here ---
    "list_community_posts": _allow(*EVERYONE),
    "get_community_post": _allow(*EVERYONE),
    "create_community_tip": _allow(*EVERYONE),
    "create_community_question": _allow(*EVERYONE),
    "create_community_answer": _allow(*EVERYONE),
    "create_community_comment": _allow(*EVERYONE),
    "create_community_gallery_example": _allow(*EVERYONE),
    "revise_community_post": _allow(*EVERYONE),
    "vote_community_post": _allow(*EVERYONE),
    "save_community_post": _allow(*EVERYONE),
    "accept_community_answer": _allow(*EVERYONE),
    "report_community_post": _allow(*EVERYONE),
    "search_community": _allow(*EVERYONE),
    "similar_community_questions": _allow(*EVERYONE),
    "list_community_notifications": _allow(*EVERYONE),
    "list_community_moderation_queue": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR),
    "moderate_community_post": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR),
    "export_community_decisions": _allow(Role.PROGRAMME_ADMIN, Role.FACILITATOR),
    "pick_community_gallery_example": _allow(*ADMIN),
    # --- governance RACI: add operations here ---
    "list_policies": _allow(*EVERYONE),
    "get_policy": _allow(*EVERYONE),
    "acknowledge_policy": _allow(*EVERYONE),
    "import_acknowledgements": _allow(*ADMIN),
    "get_policy_coverage": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "list_social_accounts": _allow(*STAFF),
    "list_registry_problems": _allow(*STAFF),
    "get_social_account": _allow(*STAFF),
    "create_social_account": _allow(*ADMIN),
    "update_social_account": _allow(*ADMIN),
    "import_social_accounts": _allow(*ADMIN),
    "get_raci": _allow(*EVERYONE),
    # --- escalation: add operations here ---
    "get_decision_tree": _allow(*EVERYONE),
    "replace_decision_tree": _allow(*ADMIN),
    "walk_decision_tree": _allow(*EVERYONE),
    "list_decision_log": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "get_decision_log_entry": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    # --- readiness (more): add operations here ---
    "list_assessments": _allow(*ADMIN),
    "create_assessment": _allow(*ADMIN),
    "get_assessment": _allow(*ADMIN),
    "add_assessment_respondents": _allow(*ADMIN),
    "open_assessment": _allow(*ADMIN),
    "close_assessment": _allow(*ADMIN),
    "list_assessment_responses": _allow(*ADMIN),
    "get_assessment_results": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "list_readiness_questions": _allow(*ADMIN),
    "create_readiness_question": _allow(*ADMIN),
    "set_readiness_question_weights": _allow(*ADMIN),
    # --- strategy: add operations here ---
    "list_strategy_documents": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "get_strategy_document": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "generate_strategy_document": _allow(*ADMIN),
    "update_strategy_section": _allow(*ADMIN),
    "list_strategy_versions": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    "export_strategy_document": _allow(Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER),
    # --- operations: add operations here ---
    "list_scheduled_jobs": _allow(*ADMIN),
    "run_scheduled_job": _allow(*ADMIN),
    "list_audit_entries": _allow(*ADMIN),
    "export_my_data": _allow(*EVERYONE),
    "export_person_data": _allow(*ADMIN),
    "erase_person": _allow(*ADMIN),
    # --- skills and champions: add operations here ---
    "list_skills": _allow(*EVERYONE),
    "create_skill": _allow(*ADMIN),
    "update_skill": _allow(*ADMIN),
    "load_taxonomy": _allow(*ADMIN),
    "find_experts": _allow(*EVERYONE),
    "get_skill_standing": _allow(*ADMIN),
    "get_my_skills": _allow(*EVERYONE),
    "update_my_skills_profile": _allow(*EVERYONE),
    "rate_my_skill": _allow(*EVERYONE),
    "endorse_colleague": _allow(*EVERYONE),
    "list_champions": _allow(*EVERYONE),
    "get_champion_coverage": _allow(*EVERYONE),
    "list_champion_activity": _allow(*EVERYONE),
    "nominate_champion": _allow(*EVERYONE),
    "list_nominations": _allow(*ADMIN),
    "decide_nomination": _allow(*ADMIN),
    "renew_champion_term": _allow(*ADMIN),
    "end_champion_term": _allow(*ADMIN),
    "list_champion_announcements": _allow(Role.PROGRAMME_ADMIN, Role.CHAMPION),
    "post_champion_announcement": _allow(Role.PROGRAMME_ADMIN, Role.CHAMPION),
    "update_champion_settings": _allow(*ADMIN),
}


# The tests ----------------------------------------------------------------------------------

ROUTES = org_routes()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_every_organisation_page_is_in_the_table() -> None:
    names = {route.name for route in ROUTES}
    missing = sorted(names - set(EXPECTED))
    stale = sorted(set(EXPECTED) - names)
    assert not missing, f"Add these pages to EXPECTED with who may open them: {missing}"
    assert not stale, f"These pages no longer exist; remove them from EXPECTED: {stale}"


def test_every_organisation_page_checks_a_capability() -> None:
    unchecked = [route.name for route in ROUTES if getattr(route.view, "socialu_capability", None) is None]
    assert not unchecked, f"Decorate these views with org_view(Capability.…): {unchecked}"


def test_the_table_covers_every_role() -> None:
    for name, by_role in EXPECTED.items():
        assert set(by_role) == set(Role), f"{name} must say allowed or not for every role"


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.name)
def test_role_alone_may_open_page_only_when_the_table_says_so(db: None, route: OrgRoute, role: Role) -> None:
    if route.name not in EXPECTED:
        pytest.fail(f"“{route.name}” is missing from EXPECTED.")
    organisation = OrganisationFactory.create(slug="matrix", name="Matrix Org")
    user = UserFactory.create()
    RoleAssignment.objects.create(organisation=organisation, user=user, role=role)
    if role != Role.PROGRAMME_ADMIN:
        # The organisation always has an admin; removing members must not trip over the last-admin rule.
        RoleAssignment.objects.create(organisation=organisation, user=UserFactory.create(), role=Role.PROGRAMME_ADMIN)
    url = reverse(
        route.name,
        kwargs={"org_slug": organisation.slug, **fill_arguments(route, organisation=organisation, requester=user)},
    )
    client = Client()
    client.force_login(user)

    response = open_route(client, url)

    if EXPECTED[route.name][role]:
        assert response.status_code not in {403, 404}, f"{role} should be able to open {url}"
        assert response.status_code < 500
    else:
        assert response.status_code == 403, f"{role} should get 403 at {url}, got {response.status_code}"


def test_every_api_operation_is_in_the_table() -> None:
    names = {operation for _, _, operation in API_OPERATIONS}
    assert names == set(EXPECTED_API), (
        f"Add to EXPECTED_API: {sorted(names - set(EXPECTED_API))}; remove from it: {sorted(set(EXPECTED_API) - names)}"
    )


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize(("path", "method", "operation"), API_OPERATIONS, ids=[op for _, _, op in API_OPERATIONS])
def test_role_alone_may_call_api_only_when_the_table_says_so(
    db: None, path: str, method: str, operation: str, role: Role
) -> None:
    if operation not in EXPECTED_API:
        pytest.fail(f"“{operation}” is missing from EXPECTED_API.")
    organisation = OrganisationFactory.create(slug="matrix", name="Matrix Org")
    user = UserFactory.create()
    RoleAssignment.objects.create(organisation=organisation, user=user, role=role)
    objects = api_path_objects(path, organisation=organisation, requester=user)

    response = api_call(user, path=path, method=method, operation=operation, org_slug="matrix", objects=objects)

    if EXPECTED_API[operation][role]:
        assert response.status_code not in {401, 403, 404}, f"{role} should be able to {method.upper()} {path}"
        assert response.status_code < 500
    else:
        assert response.status_code == 403, f"{role} should get 403 for {method.upper()} {path}"
