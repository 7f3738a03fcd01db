"""The knowledge-sharing pages: posting through the pre-flight check, Q&A, search, moderation."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from socialu.community import services
from socialu.community.images import MAX_IMAGE_BYTES
from socialu.community.models import Post, PostStatus
from socialu.community.services import PostContent
from socialu.core.models import Organisation
from socialu.people.models import Person

pytestmark = pytest.mark.django_db
BASE = "/o/acme/community"


def client_for(person: Person) -> Client:
    assert person.user is not None
    client = Client()
    client.force_login(person.user)
    return client


def test_a_tip_with_a_confidential_name_is_stopped_and_its_text_kept(asker: Person) -> None:
    text = "Hint at Project Falcon in your posts."
    page = client_for(asker).post(f"{BASE}/tips/new/", {"title": "Teasers", "body": text})
    html = page.content.decode()
    assert page.status_code == 200 and "Not published yet" in html and "is confidential" in html
    assert text in html and 'name="draft_id"' in html
    assert Post.objects.get().status == PostStatus.DRAFT


def test_an_oversized_image_is_refused_with_a_message_and_the_text_kept(asker: Person) -> None:
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (MAX_IMAGE_BYTES + 1), content_type="image/png")
    page = client_for(asker).post(f"{BASE}/tips/new/", {"title": "Big", "body": "Keep this text", "images": big})
    html = page.content.decode()
    assert page.status_code == 422 and "at most 2 MB" in html and "Keep this text" in html
    assert not Post.objects.exists()


def test_markdown_is_sanitised_on_the_post_page(organisation: Organisation, asker: Person, helper: Person) -> None:
    body = "**Bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    post = services.tip_post(organisation=organisation, author=asker, content=PostContent(title="Safe", body=body)).post
    html = client_for(helper).get(f"{BASE}/posts/{post.pk}/").content.decode()
    prose = html.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
    assert "<strong>Bold</strong>" in prose
    assert "<script" not in prose and 'href="javascript' not in prose and "<img" not in prose
    assert "&lt;script&gt;" in prose  # shown as text, never run


def test_ask_see_similar_answer_and_accept(organisation: Organisation, asker: Person, helper: Person) -> None:
    services.question_ask(
        organisation=organisation, author=helper,
        content=PostContent(title="How do we handle a complaint on X?", body="An angry reply."),
    )  # fmt: skip
    similar = client_for(asker).get(f"{BASE}/questions/similar/", {"title": "complaint handl"}).content.decode()
    assert "<mark>complaint</mark>" in similar
    page = client_for(asker).post(
        f"{BASE}/questions/ask/", {"title": "Reply to a complaint?", "body": "Publicly?", "anonymous": "on"}
    )
    question = Post.objects.get(title="Reply to a complaint?")
    assert page.status_code == 302
    shown = client_for(helper).get(f"{BASE}/posts/{question.pk}/").content.decode()
    assert "Asker" not in shown and "asked anonymously" in shown
    client_for(helper).post(f"{BASE}/posts/{question.pk}/reply/", {"kind": "answer", "body": "Reply once, then DM."})
    answer = Post.objects.get(parent=question)
    client_for(asker).post(f"{BASE}/posts/{answer.pk}/act/", {"action": "accept"})
    question.refresh_from_db()
    assert question.accepted_answer_id == answer.pk


def test_search_highlights_and_moderation_hides(
    organisation: Organisation, asker: Person, helper: Person, moderator: Person
) -> None:
    post = services.tip_post(
        organisation=organisation, author=asker, content=PostContent(title="Caption videos", body="Captions help.")
    ).post
    html = client_for(helper).get(f"{BASE}/search/", {"q": "captioning"}).content.decode()
    assert "<mark>Caption</mark>" in html
    client_for(helper).post(f"{BASE}/posts/{post.pk}/act/", {"action": "report", "reason": "Wrong"})
    queue = client_for(moderator).get(f"{BASE}/moderation/").content.decode()
    assert "Caption videos" in queue and "Wrong" in queue
    client_for(moderator).post(f"{BASE}/posts/{post.pk}/moderate/", {"action": "hide", "note": "Checked"})
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN
    assert client_for(helper).get(f"{BASE}/posts/{post.pk}/").status_code == 404


def test_unanswered_questions_show_on_champions_home_pages_only(
    organisation: Organisation, asker: Person, champion: Person, helper: Person
) -> None:
    services.question_ask(
        organisation=organisation, author=asker, content=PostContent(title="Who approves replies?", body="Unsure.")
    )
    assert "Who approves replies?" in client_for(champion).get("/o/acme/").content.decode()
    assert "Who approves replies?" not in client_for(helper).get("/o/acme/").content.decode()
