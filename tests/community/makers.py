"""Objects the permission matrix and the tenancy walk need: a published question, a suggested example."""

from __future__ import annotations

from datetime import timedelta

from socialu.accounts.models import User
from socialu.community import services
from socialu.community.models import Post
from socialu.community.services import PostContent
from socialu.core.models import Organisation
from socialu.people.models import Person
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


def doctor_accepted_too_early(person: Person) -> int:
    """Give *person* a question whose accepted answer is dated after its acceptance (for socialu doctor)."""
    organisation = person.organisation
    question = services.question_ask(
        organisation=organisation, author=person, content=PostContent(title="Doctor question", body="When?")
    ).post
    answer = services.answer_post(
        organisation=organisation, author=person, question_id=question.pk, content=PostContent(body="Now.")
    ).post
    services.answer_accept(organisation=organisation, person=person, question_id=question.pk, answer_id=answer.pk)
    return Post.objects.filter(pk=question.pk).update(accepted_at=answer.created_at - timedelta(days=1))


def doctor_report_count(person: Person) -> int:
    """Give *person* a tip whose open-report count does not match its reports (for socialu doctor)."""
    tip = services.tip_post(
        organisation=person.organisation, author=person, content=PostContent(title="Doctor tip", body="Hello.")
    ).post
    return Post.objects.filter(pk=tip.pk).update(open_reports=2)
