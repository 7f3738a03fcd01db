"""Every permission decision in SocialU is made here.

A view, API endpoint or CLI command names the *capability* it needs; this
module alone knows which roles grant it. The table is deliberately explicit so
that a reader can see, in one place, who may do what.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from socialu.core.roles import Role


class Capability(StrEnum):
    """Something a member of an organisation may be allowed to do."""

    VIEW_HOME = "view_home"
    VIEW_PEOPLE = "view_people"
    MANAGE_PEOPLE = "manage_people"
    IMPORT_ROSTER = "import_roster"
    EXPORT_PEOPLE = "export_people"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_OWN_TOKENS = "manage_own_tokens"
    VIEW_CURRICULUM = "view_curriculum"
    CHECK_POSTS = "check_posts"
    MANAGE_POLICY_RULES = "manage_policy_rules"
    VIEW_POLICIES = "view_policies"
    MANAGE_POLICIES = "manage_policies"
    VIEW_POLICY_COVERAGE = "view_policy_coverage"
    VIEW_ACCOUNT_REGISTRY = "view_account_registry"
    MANAGE_ACCOUNT_REGISTRY = "manage_account_registry"
    RUN_ASSESSMENTS = "run_assessments"
    VIEW_ASSESSMENT_RESULTS = "view_assessment_results"
    VIEW_OWN_LEARNING = "view_own_learning"
    # Curriculum authoring and enrolment management.
    AUTHOR_CURRICULUM = "author_curriculum"
    MANAGE_ENROLMENTS = "manage_enrolments"
    VIEW_LEARNER_PROGRESS = "view_learner_progress"
    # Certification and the spokesperson register.
    VIEW_OWN_CERTIFICATES = "view_own_certificates"
    MANAGE_CERTIFICATION = "manage_certification"
    VIEW_SPOKESPERSON_REGISTER = "view_spokesperson_register"
    # Programme dashboard.
    VIEW_PROGRAMME_DASHBOARD = "view_programme_dashboard"
    # Practice sandbox.
    PRACTISE = "practise"
    REVIEW_PRACTICE = "review_practice"
    MANAGE_SCENARIOS = "manage_scenarios"
    MANAGE_PRACTICE_RULES = "manage_practice_rules"
    # Roles and responsibilities (RACI).
    VIEW_RACI = "view_raci"
    MANAGE_RACI = "manage_raci"
    # Escalation and response decision tree.
    WALK_DECISION_TREE = "walk_decision_tree"
    MANAGE_DECISION_TREE = "manage_decision_tree"
    VIEW_DECISION_LOG = "view_decision_log"
    # Strategy document.
    VIEW_STRATEGY = "view_strategy"
    MANAGE_STRATEGY = "manage_strategy"
    # Operating SocialU: scheduled jobs and settings, the audit log, people's data.
    MANAGE_OPERATIONS = "manage_operations"
    VIEW_AUDIT_LOG = "view_audit_log"
    MANAGE_PERSONAL_DATA = "manage_personal_data"
    EXPORT_OWN_DATA = "export_own_data"
    # Group sessions.
    VIEW_SESSIONS = "view_sessions"
    MANAGE_SESSIONS = "manage_sessions"
    TAKE_ATTENDANCE = "take_attendance"
    # Skills and the champions network.
    FIND_SKILLED_PEOPLE = "find_skilled_people"
    MANAGE_SKILLS = "manage_skills"
    VIEW_CHAMPIONS = "view_champions"
    NOMINATE_CHAMPIONS = "nominate_champions"
    MANAGE_CHAMPIONS = "manage_champions"
    USE_CHAMPION_SPACE = "use_champion_space"
    # 1:1 executive coaching.
    TAKE_COACHING = "take_coaching"
    COACH = "coach"
    MANAGE_COACHING = "manage_coaching"
    # Mentoring programmes.
    MANAGE_MENTORING = "manage_mentoring"
    TAKE_PART_IN_MENTORING = "take_part_in_mentoring"
    # Knowledge sharing: tips, questions and answers, the gallery.
    SHARE_KNOWLEDGE = "share_knowledge"
    MODERATE_COMMUNITY = "moderate_community"
    CURATE_GALLERY = "curate_gallery"
    # SCIM provisioning: an identity provider creates, changes and deactivates people and units.
    PROVISION_PEOPLE = "provision_people"
    # Webhooks: subscribe other systems to the organisation's events.
    MANAGE_WEBHOOKS = "manage_webhooks"


_EVERYONE = frozenset(Role)
_STAFF = frozenset({Role.PROGRAMME_ADMIN, Role.FACILITATOR, Role.MENTOR, Role.CHAMPION, Role.EXECUTIVE_VIEWER})
_ADMINS = frozenset({Role.PROGRAMME_ADMIN})
_LEADS = frozenset({Role.PROGRAMME_ADMIN, Role.FACILITATOR, Role.MENTOR})

CAPABILITY_ROLES: dict[Capability, frozenset[Role]] = {
    Capability.VIEW_HOME: _EVERYONE,
    Capability.VIEW_PEOPLE: _STAFF,
    Capability.MANAGE_PEOPLE: _ADMINS,
    Capability.IMPORT_ROSTER: _ADMINS,
    Capability.EXPORT_PEOPLE: _ADMINS,
    Capability.MANAGE_MEMBERS: _ADMINS,
    Capability.MANAGE_OWN_TOKENS: _EVERYONE,
    Capability.VIEW_CURRICULUM: _EVERYONE,
    # The policy pre-flight check: anyone may check a post; admins set the rules.
    Capability.CHECK_POSTS: _EVERYONE,
    Capability.MANAGE_POLICY_RULES: _ADMINS,
    # Governance: everyone reads and acknowledges policies; admins publish them;
    # admins and executive viewers see who has acknowledged.
    Capability.VIEW_POLICIES: _EVERYONE,
    Capability.MANAGE_POLICIES: _ADMINS,
    Capability.VIEW_POLICY_COVERAGE: frozenset({Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER}),
    # Who manages our social media properties: staff see the registry; admins keep it.
    Capability.VIEW_ACCOUNT_REGISTRY: _STAFF,
    Capability.MANAGE_ACCOUNT_REGISTRY: _ADMINS,
    # Readiness: admins run assessments; admins and executive viewers read the results.
    Capability.RUN_ASSESSMENTS: _ADMINS,
    Capability.VIEW_ASSESSMENT_RESULTS: frozenset({Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER}),
    Capability.VIEW_OWN_LEARNING: _EVERYONE,
    # Admins write the curriculum and enrol people by hand; the people who run
    # sessions and mentor learners may follow everyone's progress.
    Capability.AUTHOR_CURRICULUM: _ADMINS,
    Capability.MANAGE_ENROLMENTS: _ADMINS,
    Capability.VIEW_LEARNER_PROGRESS: _LEADS,
    # Everyone sees their own certificates; admins configure tiers and revoke;
    # staff see who may speak for the organisation.
    Capability.VIEW_OWN_CERTIFICATES: _EVERYONE,
    Capability.MANAGE_CERTIFICATION: _ADMINS,
    Capability.VIEW_SPOKESPERSON_REGISTER: _STAFF,
    Capability.VIEW_PROGRAMME_DASHBOARD: frozenset({Role.PROGRAMME_ADMIN, Role.FACILITATOR, Role.EXECUTIVE_VIEWER}),
    # Everyone practises and may review a peer's draft; mentors and facilitators
    # work the review queue; admins and facilitators keep the scenarios.
    Capability.PRACTISE: _EVERYONE,
    Capability.REVIEW_PRACTICE: _EVERYONE,
    Capability.MANAGE_SCENARIOS: frozenset({Role.PROGRAMME_ADMIN, Role.FACILITATOR}),
    # Whose reviews decide is the programme's rule, set by its admins.
    Capability.MANAGE_PRACTICE_RULES: _ADMINS,
    # Who does what is shown to everyone; admins keep it.
    Capability.VIEW_RACI: _EVERYONE,
    Capability.MANAGE_RACI: _ADMINS,
    # Anyone may ask "should we respond to this?"; admins keep the tree and,
    # with executive viewers, review the decision log.
    Capability.WALK_DECISION_TREE: _EVERYONE,
    Capability.MANAGE_DECISION_TREE: _ADMINS,
    Capability.VIEW_DECISION_LOG: frozenset({Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER}),
    # The strategy document: admins write it; executive viewers read it.
    Capability.VIEW_STRATEGY: frozenset({Role.PROGRAMME_ADMIN, Role.EXECUTIVE_VIEWER}),
    Capability.MANAGE_STRATEGY: _ADMINS,
    # Operating SocialU: admins run the scheduled jobs, read the audit log and
    # answer people's export and erasure requests; everyone downloads their own data.
    Capability.MANAGE_OPERATIONS: _ADMINS,
    Capability.VIEW_AUDIT_LOG: _ADMINS,
    Capability.MANAGE_PERSONAL_DATA: _ADMINS,
    Capability.EXPORT_OWN_DATA: _EVERYONE,
    # Group sessions: everyone registers (and managers decide on their reports' registrations, a check
    # the service makes on the data); admins run the catalogue; facilitators and admins take the roll.
    Capability.VIEW_SESSIONS: _EVERYONE,
    Capability.MANAGE_SESSIONS: _ADMINS,
    Capability.TAKE_ATTENDANCE: frozenset({Role.PROGRAMME_ADMIN, Role.FACILITATOR}),
    # Skills: everyone keeps their own skills and may look for someone who can help;
    # admins keep the taxonomy and export standings.
    Capability.FIND_SKILLED_PEOPLE: _EVERYONE,
    Capability.MANAGE_SKILLS: _ADMINS,
    # Champions: everyone sees the network and may nominate; admins approve, renew and post.
    Capability.VIEW_CHAMPIONS: _EVERYONE,
    Capability.NOMINATE_CHAMPIONS: _EVERYONE,
    Capability.MANAGE_CHAMPIONS: _ADMINS,
    # The champions' own space: champions (the role follows a running term) and admins.
    Capability.USE_CHAMPION_SPACE: frozenset({Role.PROGRAMME_ADMIN, Role.CHAMPION}),
    # Coaching: anyone may be coached or assist an executive (what they see depends on the engagement);
    # facilitators coach (admins may open the availability page, to see how it works, but publish nothing);
    # admins start engagements and see that sessions happened, never what was said.
    Capability.TAKE_COACHING: _EVERYONE,
    Capability.COACH: frozenset({Role.PROGRAMME_ADMIN, Role.FACILITATOR}),
    Capability.MANAGE_COACHING: _ADMINS,
    # Admins run mentoring programmes and the batch match; anyone may ask for or offer mentoring.
    Capability.MANAGE_MENTORING: _ADMINS,
    Capability.TAKE_PART_IN_MENTORING: _EVERYONE,
    # Everyone shares tips, asks and answers; admins and facilitators moderate (and see who asked
    # anonymously); only admins pick gallery examples.
    Capability.SHARE_KNOWLEDGE: _EVERYONE,
    Capability.MODERATE_COMMUNITY: frozenset({Role.PROGRAMME_ADMIN, Role.FACILITATOR}),
    Capability.CURATE_GALLERY: _ADMINS,
    # The identity provider acts with the token of a programme admin (scope scim).
    Capability.PROVISION_PEOPLE: _ADMINS,
    Capability.MANAGE_WEBHOOKS: _ADMINS,
}


# --- API token scopes -------------------------------------------------------------------------
#
# A request made with an API token must be allowed twice: by the roles of the
# token's user (the table above) and by the scopes the token carries (below).
# A browser session carries every scope.


class Scope(StrEnum):
    """What an API token may be used for."""

    READ = "read"
    WRITE = "write"
    ADMIN = "admin"
    SCIM = "scim"


SCOPE_LABELS: dict[Scope, str] = {
    Scope.READ: "read: look things up (every GET)",
    Scope.WRITE: "write: change things (POST, PUT, PATCH, DELETE); includes read",
    Scope.ADMIN: (
        "admin: members, API tokens, webhooks, operations, the audit log and people's data; includes read and write"
    ),
    Scope.SCIM: "scim: SCIM provisioning at /scim/v2/ only",
}

# What each scope lets a token do besides itself.
SCOPE_INCLUDES: dict[Scope, frozenset[Scope]] = {
    Scope.READ: frozenset({Scope.READ}),
    Scope.WRITE: frozenset({Scope.READ, Scope.WRITE}),
    Scope.ADMIN: frozenset({Scope.READ, Scope.WRITE, Scope.ADMIN}),
    Scope.SCIM: frozenset({Scope.SCIM}),
}

# Capabilities that administer the organisation itself: a token needs the admin scope for them,
# whatever the request's method.
ADMIN_SCOPE_CAPABILITIES = frozenset(
    {
        Capability.MANAGE_MEMBERS,
        # A token that makes tokens could give itself any scope.
        Capability.MANAGE_OWN_TOKENS,
        Capability.MANAGE_OPERATIONS,
        # Webhook endpoints send the organisation's events elsewhere.
        Capability.MANAGE_WEBHOOKS,
        Capability.VIEW_AUDIT_LOG,
        Capability.MANAGE_PERSONAL_DATA,
    }
)
# Capabilities whose POST only computes an answer and stores nothing: the read scope is enough.
READ_SCOPE_POST_CAPABILITIES = frozenset({Capability.CHECK_POSTS})


def scope_required(capability: Capability, *, changes: bool) -> Scope:
    """Return the scope a token needs to use *capability* in a request that *changes* something (or only reads)."""
    if capability is Capability.PROVISION_PEOPLE:
        return Scope.SCIM
    if capability in ADMIN_SCOPE_CAPABILITIES:
        return Scope.ADMIN
    if changes and capability not in READ_SCOPE_POST_CAPABILITIES:
        return Scope.WRITE
    return Scope.READ


def scopes_grant(scopes: Iterable[str], capability: Capability, *, changes: bool) -> bool:
    """Return whether a token carrying *scopes* may use *capability* (``changes``: the method is not GET/HEAD)."""
    held: set[Scope] = set()
    for scope in scopes:
        if scope in Scope.__members__.values():
            held |= SCOPE_INCLUDES[Scope(scope)]
    return scope_required(capability, changes=changes) in held


def roles_grant(roles: Iterable[str], capability: Capability) -> bool:
    """Return whether any of *roles* grants *capability*."""
    allowed = CAPABILITY_ROLES[capability]
    return any(role in allowed for role in roles)


def capabilities_for(roles: Iterable[str]) -> frozenset[Capability]:
    """Return every capability the given roles grant together."""
    held = set(roles)
    return frozenset(cap for cap, allowed in CAPABILITY_ROLES.items() if held & set(allowed))
