"""Objects the permission matrix and the tenancy walk need: a published question, a suggested example."""

from __future__ import annotations

from socialu.accounts.models import User
from socialu.community import services
from socialu.community.services import PostContent
from socialu.core.models import Organisation
from tests.factories import PersonFactory


def question_id(organisation: Organisation, requester: User) -> int:
    """Return a published question asked by someone other than *requester*."""
    author = PersonFactory.create(organisation=organisation)
    content = PostContent(title="Matrix question", body="How long should a post be?")
    return services.question_ask(organisation=organisation, author=author, content=content).post.pk


def gallery_suggestion_id(organisation: Organisation, requester: User) -> int:
    """Return a gallery example suggested by someone other than *requester*, waiting for an admin."""
    author = PersonFactory.create(organisation=organisation)
    content = PostContent(title="Matrix example", body="Thanks for asking!", why_it_works="It is warm.")
    return services.gallery_suggest(organisation=organisation, author=author, content=content).post.pk
