"""``socialu community``: list, search, post and moderate knowledge sharing from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from socialu.community import selectors, services
from socialu.community.exports import decisions_csv_lines
from socialu.community.models import PostKind
from socialu.community.presenting import post_values, search_values
from socialu.community.search import SearchFilters, search_backend
from socialu.community.services import PostContent
from socialu.core.commands import CommandFailedError, ExitCode, SocialUCommand
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.people.selectors import person_find

KINDS = ["tip", "question", "answer", "comment", "gallery"]


class Command(SocialUCommand):
    help = (
        "Knowledge sharing. `list` and `search` read tips, questions, answers and the gallery; `post` writes one "
        "through the pre-flight check (exit 1 when it is kept as a draft); `queue`, `moderate` and `decisions` work "
        "the moderation queue and export its log; `settings` sets the reports that hide a post; `reindex` rebuilds "
        "the SQLite search index."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="List published posts of one kind, newest first.")
        self.add_org_argument(listing)
        listing.add_argument("--kind", choices=["tip", "question", "answer", "gallery"], default="tip")
        listing.add_argument("--skill", default="")
        listing.add_argument("--platform", default="")
        listing.add_argument("--unanswered", action="store_true", help="Questions with no answer yet.")
        listing.add_argument("--limit", type=int, default=50)
        searching = actions.add_parser("search", help="Search published posts, best first.")
        searching.add_argument("query")
        self.add_org_argument(searching)
        searching.add_argument("--kind", choices=["", "tip", "question", "answer", "gallery"], default="")
        searching.add_argument("--skill", default="")
        searching.add_argument("--platform", default="")
        searching.add_argument("--limit", type=int, default=20)
        posting = actions.add_parser("post", help="Write a tip, question, answer, comment or gallery example.")
        posting.add_argument("kind", choices=KINDS)
        self.add_org_argument(posting)
        posting.add_argument("--as", dest="author", required=True, help="The author's email or employee id.")
        posting.add_argument("--title", default="")
        posting.add_argument("--body", required=True, help="The text (Markdown); '-' reads standard input.")
        posting.add_argument("--on", type=int, help="For an answer or a comment: the post it belongs to.")
        posting.add_argument("--skill", action="append", default=[], help="A skill slug (repeat for more).")
        posting.add_argument("--platform", default="")
        posting.add_argument("--link", default="")
        posting.add_argument("--why", default="", help="For a gallery example: why it works.")
        posting.add_argument("--anonymous", action="store_true", help="For a question: hide the asker from learners.")
        posting.add_argument("--confirm-warning", action="store_true", help="Publish past a pre-flight warning.")
        queue = actions.add_parser("queue", help="List the posts waiting for a moderator.")
        self.add_org_argument(queue)
        moderating = actions.add_parser("moderate", help="Hide, restore or edit a post, with a note for the log.")
        moderating.add_argument("post_id", type=int)
        moderating.add_argument("decision", choices=["hide", "restore", "edit"])
        self.add_org_argument(moderating)
        moderating.add_argument("--as", dest="moderator", required=True, help="The moderator's email or employee id.")
        moderating.add_argument("--note", required=True)
        moderating.add_argument("--body", default="", help="For edit: the new words.")
        decisions = actions.add_parser("decisions", help="Export the moderation decision log as CSV.")
        self.add_org_argument(decisions)
        decisions.add_argument("--output", type=Path, help="Write to this file (default: standard output).")
        setting = actions.add_parser("settings", help="Show or set how many reports hide a post.")
        self.add_org_argument(setting)
        setting.add_argument("--reports-to-hide", type=int)
        reindex = actions.add_parser("reindex", help="Rebuild the search index from the posts (SQLite only).")
        self.add_org_argument(reindex, required=False)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "reindex":
            with self.working("Rebuilding the search index…"):
                search_backend().rebuild()
            self._say({"reindexed": True}, "The search index was rebuilt.")
            return
        organisation = self.organisation(options)
        handler = {
            "list": self._list,
            "search": self._search,
            "post": self._post,
            "queue": self._queue,
            "moderate": self._moderate,
            "decisions": self._decisions,
            "settings": self._settings,
        }[action]
        handler(organisation, options)

    def _say(self, data: Any, text: str) -> None:
        if self.as_json:
            self.emit(data)
        else:
            self.stdout.write(text)

    def _person(self, organisation: Organisation, identifier: str) -> Person:
        person = person_find(organisation=organisation, identifier=identifier)
        if person is None:
            raise CommandFailedError(
                f"No one in {organisation.slug} has the email or employee id “{identifier}”.", code=ExitCode.UNUSABLE
            )
        return person

    def _rows(self, posts: Any) -> None:
        rows = [post_values(post, viewer=None, moderator=True) for post in posts]
        if self.as_json:
            self.emit(rows)
            return
        for row in rows:
            self.stdout.write(f"{row['id']:>7}  {row['kind']:<8} {row['status']:<9} {row['title'] or row['body'][:60]}")
        self.stdout.write(f"{len(rows)} post(s).")

    def _list(self, organisation: Organisation, options: dict[str, Any]) -> None:
        if options["unanswered"]:
            posts = selectors.questions_unanswered(organisation=organisation)
        else:
            posts = selectors.posts_published(
                organisation=organisation, kind=options["kind"], skill=options["skill"], platform=options["platform"]
            )
        self._rows(posts.select_related("author").prefetch_related("tags")[: max(options["limit"], 0)])

    def _search(self, organisation: Organisation, options: dict[str, Any]) -> None:
        filters = SearchFilters(kind=options["kind"], skill=options["skill"], platform=options["platform"])
        page = selectors.community_search(
            organisation=organisation, query=options["query"], filters=filters, limit=max(options["limit"], 1)
        )
        hits = search_values(page)
        if self.as_json:
            self.emit(hits)
            return
        for hit in hits:
            snippet = hit["snippet_html"].replace("<mark>", "[").replace("</mark>", "]")
            self.stdout.write(f"{hit['post_id']:>7}  {hit['kind']:<8} {snippet}")
        self.stdout.write(f"{len(hits)} result(s).")

    def _post(self, organisation: Organisation, options: dict[str, Any]) -> None:
        author = self._person(organisation, options["author"])
        body = sys.stdin.read() if options["body"] == "-" else options["body"]
        content = PostContent(
            body=body,
            title=options["title"],
            link=options["link"],
            platform=options["platform"],
            skills=options["skill"],
            why_it_works=options["why"],
        )
        confirm = options["confirm_warning"]
        kind = options["kind"]
        if kind in {PostKind.ANSWER, PostKind.COMMENT} and not options["on"]:
            raise CommandFailedError(f"Say which post the {kind} belongs to with --on ID.", code=ExitCode.UNUSABLE)
        org, on = organisation, options["on"]
        if kind == PostKind.TIP:
            outcome = services.tip_post(organisation=org, author=author, content=content, confirm_warning=confirm)
        elif kind == PostKind.QUESTION:
            outcome = services.question_ask(
                organisation=org,
                author=author,
                content=content,
                anonymous=options["anonymous"],
                confirm_warning=confirm,
            )
        elif kind == PostKind.ANSWER:
            outcome = services.answer_post(
                organisation=org, author=author, content=content, question_id=on, confirm_warning=confirm
            )
        elif kind == PostKind.COMMENT:
            outcome = services.comment_post(
                organisation=org, author=author, content=content, post_id=on, confirm_warning=confirm
            )
        else:
            outcome = services.gallery_suggest(
                organisation=org, author=author, content=content, confirm_warning=confirm
            )
        values = post_values(outcome.post, viewer=author, moderator=False)
        if self.as_json:
            self.emit(values)
        else:
            self.stdout.write(f"{kind.capitalize()} {outcome.post.pk}: {outcome.post.status}.")
            for finding in values["findings"]:
                self.stdout.write(f"  {finding['severity']}: {finding['message']} {finding['fix']}")
        if not outcome.published:
            raise CommandFailedError(
                "The pre-flight check kept it as a draft: change the words, or add --confirm-warning for a warning.",
                code=ExitCode.PROBLEMS,
            )

    def _queue(self, organisation: Organisation, options: dict[str, Any]) -> None:
        self._rows(selectors.moderation_queue(organisation=organisation).prefetch_related("tags"))

    def _moderate(self, organisation: Organisation, options: dict[str, Any]) -> None:
        moderator = self._person(organisation, options["moderator"])
        org, post_id, note = organisation, options["post_id"], options["note"]
        if options["decision"] == "hide":
            post = services.post_hide(organisation=org, moderator=moderator, post_id=post_id, note=note)
        elif options["decision"] == "restore":
            post = services.post_restore(organisation=org, moderator=moderator, post_id=post_id, note=note)
        else:
            post = services.post_moderate_edit(
                organisation=org, moderator=moderator, post_id=post_id, note=note, body=options["body"]
            )
        self._say(post_values(post, viewer=None, moderator=True), f"Post {post.pk} is now {post.status}.")

    def _decisions(self, organisation: Organisation, options: dict[str, Any]) -> None:
        lines = decisions_csv_lines(organisation=organisation)
        output: Path | None = options["output"]
        if output is None:
            for line in lines:
                self.stdout.write(line.decode("utf-8-sig"), ending="")
            return
        with output.open("wb") as handle:
            for line in lines:
                handle.write(line)
        self.stdout.write(f"Wrote the decision log to {output}.")

    def _settings(self, organisation: Organisation, options: dict[str, Any]) -> None:
        if options["reports_to_hide"] is not None:
            services.community_settings_update(organisation=organisation, reports_to_hide=options["reports_to_hide"])
        value = selectors.reports_to_hide(organisation=organisation)
        self._say({"reports_to_hide": value}, f"A post is hidden after {value} open report(s).")
