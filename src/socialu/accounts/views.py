"""Account pages: accept an invitation, manage members and roles, personal API tokens."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from allauth.account.views import EmailView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from socialu.accounts import selectors, services
from socialu.accounts.forms import ApiTokenForm, InvitationAcceptForm, InvitationForm, MemberRolesForm
from socialu.accounts.models import Invitation, User
from socialu.core.permissions import Capability
from socialu.core.roles import Role
from socialu.core.tenancy import OrgContext, org_view

MEMBERS_PER_PAGE = 100


def _current_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# Your account (no organisation needed) ------------------------------------------------


@login_required
def account_page(request: HttpRequest) -> HttpResponse:
    """Show the signed-in person's account: their address, password, and "sign out everywhere"."""
    user = _current_user(request)
    pending = EmailAddress.objects.filter(user=user, verified=False).exclude(email__iexact=user.email).first()
    context = {
        "pending_email": pending.email if pending else "",
        "email_change_allowed": settings.SOCIALU_EMAIL_CHANGE,
        "token_count": selectors.api_token_list(user=user).count(),
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of the account, this one included, and revoke its API tokens."""
    revoked = services.user_sign_out_everywhere(user=_current_user(request))
    logout(request)
    tokens = "no API tokens were active" if not revoked else f"{revoked} API token{'s' if revoked != 1 else ''} revoked"
    messages.success(request, f"You are signed out on every device and browser ({tokens}). Sign in again here.")
    return redirect("account_login")


class AccountEmailView(EmailView):  # type: ignore[misc]  # allauth ships no type hints
    """allauth's address page, where only a confirmed address can ever become the sign-in address."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            services.email_address_settle(user=_current_user(request))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[no-any-return]

    def _action_primary(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse | None:
        email_address = self._get_email_address(request)
        if email_address is not None and not email_address.verified:
            messages.error(
                request,
                f"{email_address.email} is not confirmed yet. Open the link we sent to it: "
                "it becomes your sign-in address then.",
            )
            return None
        try:
            with transaction.atomic():
                return super()._action_primary(request, *args, **kwargs)  # type: ignore[no-any-return]
        except IntegrityError:
            messages.error(request, "That address is already used by another account. Your address has not changed.")
            return None


account_email = login_required(AccountEmailView.as_view())


# Accepting an invitation (no sign-in needed) ---------------------------------------


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Let an invited person join: choose a password, or join with the account they are signed in with."""
    invitation = selectors.invitation_for_token(raw_token=token)
    problem = services.invitation_problem(invitation)
    if problem is not None or invitation is None:
        status = 404 if invitation is None else 410
        return render(request, "accounts/invitation_accept.html", {"problem": problem}, status=status)
    context: dict[str, Any] = {"invitation": invitation, "organisation": invitation.organisation}
    role_labels = [str(Role(role).label) for role in invitation.roles]
    context["role_labels"] = role_labels
    signed_in = request.user.is_authenticated
    if not signed_in and services.invitation_sign_in_needed(invitation=invitation):
        # Never let a link overwrite the password of an account that has one.
        context["sign_in_url"] = f"{reverse('account_login')}?{urlencode({'next': request.path})}"
        return render(request, "accounts/invitation_accept.html", context)
    form = None if signed_in else InvitationAcceptForm(request.POST or None, email=invitation.email)
    context["form"] = form
    if request.method == "POST":
        try:
            if signed_in:
                acceptance = services.invitation_accept(raw_token=token, user=_current_user(request))
            elif form is not None and form.is_valid():
                acceptance = services.invitation_accept(
                    raw_token=token,
                    password=form.cleaned_data["password1"],
                    display_name=form.cleaned_data["display_name"],
                )
                login(request, acceptance.user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                return render(request, "accounts/invitation_accept.html", context, status=400)
        except services.AccountError as error:
            context["error"] = str(error)
            return render(request, "accounts/invitation_accept.html", context, status=400)
        messages.success(request, f"Welcome to {acceptance.organisation.name}.")
        return redirect("org_home", org_slug=acceptance.organisation.slug)
    return render(request, "accounts/invitation_accept.html", context)


# Members and roles ------------------------------------------------------------------


@org_view(Capability.MANAGE_MEMBERS)
def members(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List members with their roles and pending invitations; a POST sends an invitation."""
    invite_form = InvitationForm(request.POST or None)
    if request.method == "POST" and invite_form.is_valid():
        try:
            invitation, _ = services.invitation_create(
                organisation=org.organisation,
                email=invite_form.cleaned_data["email"],
                roles=invite_form.cleaned_data["roles"],
                invited_by=_current_user(request),
            )
        except services.AccountError as error:
            invite_form.add_error(None, str(error))
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("members", org_slug=org.slug)
    page = Paginator(selectors.member_list(organisation=org.organisation), MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(member, {assignment.role for assignment in member.org_roles}) for member in page]  # type: ignore[attr-defined]
    context = {
        "page": page,
        "rows": rows,
        "roles": Role.choices,
        "invitations": [
            (invitation, [str(Role(role).label) for role in invitation.roles])
            for invitation in selectors.invitation_pending_list(organisation=org.organisation)
        ],
        "invite_form": invite_form,
    }
    return render(request, "accounts/members.html", context, status=400 if invite_form.errors else 200)


def _member_or_404(org: OrgContext, user_id: int) -> User:
    member = selectors.member_get(organisation=org.organisation, user_id=user_id)
    if member is None:
        raise Http404("No such member.")
    return member


@org_view(Capability.MANAGE_MEMBERS)
@require_POST
def member_roles(request: HttpRequest, org: OrgContext, user_id: int) -> HttpResponse:
    """Give a member exactly the ticked roles."""
    member = _member_or_404(org, user_id)
    form = MemberRolesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose roles from the list.")
    else:
        try:
            services.member_roles_set(organisation=org.organisation, user=member, roles=form.cleaned_data["roles"])
        except services.AccountError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Roles of {member.email} saved.")
    return redirect("members", org_slug=org.slug)


@org_view(Capability.MANAGE_MEMBERS)
@require_POST
def member_remove(request: HttpRequest, org: OrgContext, user_id: int) -> HttpResponse:
    """Remove a member from the organisation."""
    member = _member_or_404(org, user_id)
    try:
        services.member_remove(organisation=org.organisation, user=member)
    except services.AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{member.email} is no longer a member of {org.organisation.name}.")
    return redirect("members", org_slug=org.slug)


def _invitation_or_404(org: OrgContext, invitation_id: int) -> Invitation:
    invitation = selectors.invitation_get(organisation=org.organisation, invitation_id=invitation_id)
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


@org_view(Capability.MANAGE_MEMBERS)
@require_POST
def invitation_revoke(request: HttpRequest, org: OrgContext, invitation_id: int) -> HttpResponse:
    """Withdraw a pending invitation."""
    invitation = _invitation_or_404(org, invitation_id)
    try:
        services.invitation_revoke(invitation=invitation)
    except services.AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Invitation for {invitation.email} withdrawn.")
    return redirect("members", org_slug=org.slug)


@org_view(Capability.MANAGE_MEMBERS)
@require_POST
def invitation_resend(request: HttpRequest, org: OrgContext, invitation_id: int) -> HttpResponse:
    """Send a pending invitation again with a new link."""
    invitation = _invitation_or_404(org, invitation_id)
    try:
        services.invitation_resend(invitation=invitation)
    except services.AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Invitation sent to {invitation.email} again. The earlier link no longer works.")
    return redirect("members", org_slug=org.slug)


# API tokens -------------------------------------------------------------------------


@org_view(Capability.MANAGE_OWN_TOKENS)
def api_tokens(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the user's API tokens in this organisation; a POST creates one and shows its secret this once."""
    user = _current_user(request)
    form = ApiTokenForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                token, raw = services.api_token_create(
                    user=user,
                    organisation=org.organisation,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    expires_at=form.expires_at(),
                )
            except services.AccountError as error:
                for field, problems in error.errors.items():
                    for problem in problems:
                        form.add_error(field if field in form.fields else None, problem)
                if not error.errors:
                    form.add_error("name", str(error))
            else:
                context.update(new_token=token, raw_token=raw, form=ApiTokenForm())
                status = 201
        if form.errors:
            status = 400
    context["tokens"] = selectors.api_token_list(user=user, organisation=org.organisation)
    response = render(request, "accounts/api_tokens.html", context, status=status)
    # The page may show a secret: keep it out of every cache.
    response["Cache-Control"] = "no-store"
    return response


@org_view(Capability.MANAGE_OWN_TOKENS)
@require_POST
def api_token_revoke(request: HttpRequest, org: OrgContext, token_id: int) -> HttpResponse:
    """Revoke one of the user's own tokens."""
    token = selectors.api_token_get(user=_current_user(request), token_id=token_id)
    if token is None:
        raise Http404("No such token.")
    services.api_token_revoke(token=token)
    messages.success(request, f"Token “{token.name}” revoked. Anything still using it will be refused.")
    return redirect("api_tokens", org_slug=org.slug)


@org_view(Capability.MANAGE_MEMBERS)
def organisation_tokens(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List every API token made for the organisation: whose, scopes, expiry, last use."""
    tokens = selectors.organisation_token_list(organisation=org.organisation)
    return render(request, "accounts/organisation_tokens.html", {"tokens": tokens, "now": timezone.now()})


@org_view(Capability.MANAGE_MEMBERS)
@require_POST
def organisation_token_revoke(request: HttpRequest, org: OrgContext, token_id: int) -> HttpResponse:
    """Revoke any token made for the organisation."""
    token = selectors.organisation_token_get(organisation=org.organisation, token_id=token_id)
    if token is None:
        raise Http404("No such token.")
    services.api_token_revoke(token=token)
    messages.success(request, f"Token “{token.name}” of {token.user.email} revoked.")
    return redirect("organisation_tokens", org_slug=org.slug)
