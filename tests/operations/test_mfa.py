"""Two-step sign-in with an authenticator app, and an organisation that requires it of its admins."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.test import Client

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.core.roles import Role
from tests.factories import member

PASSWORD = "correct horse battery"


def _code(secret: str) -> str:
    import time

    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))


def _sign_in(client: Client, email: str) -> str:
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    return str(response.get("Location", ""))


def test_an_organisation_that_requires_it_sends_an_admin_to_set_it_up_then_lets_them_in(
    organisation: Organisation,
) -> None:
    admin = member(organisation, Role.PROGRAMME_ADMIN, email="admin@acme.example")
    admin.set_password(PASSWORD)
    admin.save()
    learner = member(organisation, email="lee@acme.example")
    organisation.require_mfa_for_admins = True
    organisation.save()
    client = Client()
    _sign_in(client, "admin@acme.example")

    blocked = client.get("/o/acme/", follow=True)
    assert blocked.redirect_chain[-1][0] == "/accounts/2fa/"
    assert "asks its programme admins to use two-step sign-in" in blocked.content.decode()

    # allauth asks for the password again before adding an authenticator.
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session[SECRET_SESSION_KEY]
    activated = client.post("/accounts/2fa/totp/activate/", {"code": _code(secret)})
    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists()
    assert client.get("/o/acme/").status_code == 200

    # Next time the password alone is not enough.
    again = Client()
    assert _sign_in(again, "admin@acme.example") == "/accounts/2fa/authenticate/"
    assert again.get("/o/acme/").status_code == 302
    assert again.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200
    assert again.post("/accounts/2fa/authenticate/", {"code": _code(secret)}).status_code == 302
    assert again.get("/o/acme/").status_code == 200

    # Learners are not asked.
    learner_client = Client()
    learner_client.force_login(learner)
    assert learner_client.get("/o/acme/").status_code == 200


def test_an_organisation_that_does_not_require_it_lets_admins_in_without(
    organisation: Organisation, admin_client: Client
) -> None:
    assert admin_client.get("/o/acme/").status_code == 200


def test_admins_switch_the_requirement_on_in_operations_settings(
    organisation: Organisation, admin_client: Client, admin_user: User
) -> None:
    refused = admin_client.post(
        "/o/acme/operations/settings/", {"upload_retention_days": "0", "inactive_person_retention_days": "5"}
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Ensure this value is greater than or equal to 1" in page and 'value="5"' in page, "what was typed stays"

    response = admin_client.post(
        "/o/acme/operations/settings/",
        {"require_mfa_for_admins": "on", "upload_retention_days": "14", "inactive_person_retention_days": ""},
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.require_mfa_for_admins and organisation.upload_retention_days == 14
    assert organisation.inactive_person_retention_days is None
    # From now on this admin (who has no authenticator yet) is sent to set one up.
    assert admin_client.get("/o/acme/operations/")["Location"] == "/accounts/2fa/"
