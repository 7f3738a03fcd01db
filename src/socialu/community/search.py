"""Full text search over tips, questions, answers and the gallery, on the database's own engine.

One interface, two backends chosen by the database in use:

* SQLite: an FTS5 table (``community_post_fts``) with the Porter stemmer, whose *external content* is the
  post table itself. The services keep it in step (``search_index`` after a write, ``search_unindex``
  with the old text before an edit or a deletion); ranking is BM25 with the title weighted up.
* PostgreSQL: ``to_tsvector('english', …)`` over the same columns with a GIN index on that expression;
  ranking is ``ts_rank`` and highlighting ``ts_headline``.

Highlights come back as HTML: the text is escaped and only the ``<mark>`` around matched words is ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Any, Protocol

from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from socialu.community.models import Post, PostKind, PostStatus

SEARCHABLE_KINDS = (PostKind.TIP, PostKind.QUESTION, PostKind.ANSWER, PostKind.GALLERY)
FTS_TABLE = "community_post_fts"
MAX_TERMS = 12
_WORD = re.compile(r"\w+", re.UNICODE)
_START, _STOP = "\x02", "\x03"
# The title weighs more than the words (A against B); the GIN index is on this very expression.
PG_VECTOR = (
    "(setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', body || ' ' || coalesce(why_it_works, '')), 'B'))"
)


@dataclass(frozen=True)
class SearchFilters:
    """What to narrow a search to; empty values do not narrow."""

    kind: str = ""
    skill: str = ""
    platform: str = ""
    audience: str = ""
    since: datetime | None = None
    until: datetime | None = None
    # Only in questions (the "similar questions" suggestion).
    exclude_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    """One result: the post, how it ranked, and its title and best passage with the matches marked."""

    post_id: int
    kind: str
    rank: float
    title_html: SafeString
    snippet_html: SafeString
    published_at: datetime | None
    question_id: int | None


@dataclass
class SearchPage:
    hits: list[SearchHit] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)


def search_terms(query: str) -> list[str]:
    """Return the words of *query* that search uses (no operators: people type words, not syntax)."""
    return [word.lower() for word in _WORD.findall(query)][:MAX_TERMS]


def marked_html(text: str) -> SafeString:
    """Return *text* escaped, with the engine's match markers turned into ``<mark>`` elements."""
    escaped = escape(text or "")
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308 - escaped above


def _filter_sql(organisation_id: int, filters: SearchFilters, alias: str) -> tuple[str, list[Any]]:
    clauses = [f"{alias}.organisation_id = %s", f"{alias}.status = %s"]
    params: list[Any] = [organisation_id, PostStatus.PUBLISHED]
    kinds = [filters.kind] if filters.kind else list(SEARCHABLE_KINDS)
    clauses.append(f"{alias}.kind IN ({', '.join(['%s'] * len(kinds))})")
    params.extend(kinds)
    if filters.platform:
        clauses.append(f"{alias}.platform = %s")
        params.append(filters.platform)
    for kind, slug in (("skill", filters.skill), ("audience", filters.audience)):
        if slug:
            clauses.append(
                f"{alias}.id IN (SELECT post_id FROM community_posttag WHERE organisation_id = %s "  # noqa: S608
                "AND kind = %s AND slug = %s)"
            )
            params.extend([organisation_id, kind, slug])
    if filters.since is not None:
        clauses.append(f"{alias}.published_at >= %s")
        params.append(connection.ops.adapt_datetimefield_value(filters.since))
    if filters.until is not None:
        clauses.append(f"{alias}.published_at <= %s")
        params.append(connection.ops.adapt_datetimefield_value(filters.until))
    if filters.exclude_ids:
        clauses.append(f"{alias}.id NOT IN ({', '.join(['%s'] * len(filters.exclude_ids))})")
        params.extend(filters.exclude_ids)
    return " AND ".join(clauses), params


class SearchBackend(Protocol):
    def index(self, post: Post) -> None: ...

    def unindex(self, *, post_id: int, title: str, body: str, why_it_works: str) -> None: ...

    def search(
        self, *, organisation_id: int, terms: list[str], filters: SearchFilters, any_term: bool, limit: int, offset: int
    ) -> list[tuple[Any, ...]]: ...

    def bare(self, *, organisation_id: int, terms: list[str], limit: int) -> list[int]: ...

    def rebuild(self) -> None: ...


class SqliteFts5Backend:
    """SQLite FTS5 with an external-content table kept in step by the services."""

    def index(self, post: Post) -> None:
        if post.kind not in SEARCHABLE_KINDS:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {FTS_TABLE}(rowid, title, body, why_it_works) VALUES (%s, %s, %s, %s)",  # noqa: S608
                [post.pk, post.title, post.body, post.why_it_works],
            )

    def unindex(self, *, post_id: int, title: str, body: str, why_it_works: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body, why_it_works) "  # noqa: S608
                "VALUES ('delete', %s, %s, %s, %s)",
                [post_id, title, body, why_it_works],
            )

    @staticmethod
    def match_expression(terms: list[str], *, any_term: bool) -> str:
        """Return an FTS5 query: each word quoted (so no word is an operator), the last one as a prefix."""
        quoted = [f'"{term}"' for term in terms]
        if any_term and quoted:
            quoted[-1] = f"{quoted[-1]}*"
        return (" OR " if any_term else " ").join(quoted)

    def search(
        self, *, organisation_id: int, terms: list[str], filters: SearchFilters, any_term: bool, limit: int, offset: int
    ) -> list[tuple[Any, ...]]:
        where, params = _filter_sql(organisation_id, filters, "p")
        sql = (
            f"SELECT p.id, p.kind, bm25({FTS_TABLE}, 8.0, 1.0, 2.0) AS rank, "  # noqa: S608
            f"highlight({FTS_TABLE}, 0, char(2), char(3)), "
            f"snippet({FTS_TABLE}, -1, char(2), char(3), '…', 24), p.published_at, p.parent_id "
            f"FROM {FTS_TABLE} JOIN community_post p ON p.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND {where} ORDER BY rank LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.match_expression(terms, any_term=any_term), *params, limit, offset])
            return [(row[0], row[1], -float(row[2]), *row[3:]) for row in cursor.fetchall()]

    def bare(self, *, organisation_id: int, terms: list[str], limit: int) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s ORDER BY rank LIMIT %s",  # noqa: S608
                [self.match_expression(terms, any_term=False), limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def rebuild(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")  # noqa: S608


class PostgresBackend:
    """PostgreSQL full text search over an expression the GIN index covers; nothing to keep in step."""

    def index(self, post: Post) -> None:
        return None

    def unindex(self, *, post_id: int, title: str, body: str, why_it_works: str) -> None:
        return None

    def search(
        self, *, organisation_id: int, terms: list[str], filters: SearchFilters, any_term: bool, limit: int, offset: int
    ) -> list[tuple[Any, ...]]:
        where, params = _filter_sql(organisation_id, filters, "p")
        joiner = " | " if any_term else " & "
        query = joiner.join(
            f"{term}:*" if any_term and index == len(terms) - 1 else term for index, term in enumerate(terms)
        )
        options = f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=…"
        sql = (
            f"SELECT p.id, p.kind, ts_rank({PG_VECTOR}, q) AS rank, "  # noqa: S608
            f"ts_headline('english', p.title, q, %s), ts_headline('english', p.body, q, %s), p.published_at, "
            f"p.parent_id FROM community_post p, to_tsquery('english', %s) q "
            f"WHERE {PG_VECTOR} @@ q AND {where} ORDER BY rank DESC, p.id DESC LIMIT %s OFFSET %s"
        )
        title_options = f"StartSel={_START}, StopSel={_STOP}, HighlightAll=true"
        with connection.cursor() as cursor:
            cursor.execute(sql, [title_options, options, query, *params, limit, offset])
            return [tuple(row) for row in cursor.fetchall()]

    def bare(self, *, organisation_id: int, terms: list[str], limit: int) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM community_post, to_tsquery('english', %s) q WHERE {PG_VECTOR} @@ q "  # noqa: S608
                f"ORDER BY ts_rank({PG_VECTOR}, q) DESC LIMIT %s",
                [" & ".join(terms), limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def rebuild(self) -> None:
        return None


def search_backend() -> SearchBackend:
    """Return the backend for the database in use."""
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SqliteFts5Backend()


def search_index(post: Post) -> None:
    """Add *post*'s current text to the index (SQLite; PostgreSQL indexes the column itself)."""
    search_backend().index(post)


def search_unindex(*, post_id: int, title: str, body: str, why_it_works: str) -> None:
    """Remove a post's *old* text from the index, before it changes or goes."""
    search_backend().unindex(post_id=post_id, title=title, body=body, why_it_works=why_it_works)


def search_run(
    *,
    organisation_id: int,
    query: str,
    filters: SearchFilters,
    any_term: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """Return the published posts matching *query*, best first, with the matched words marked."""
    terms = search_terms(query)
    if not terms:
        return SearchPage()
    rows = search_backend().search(
        organisation_id=organisation_id, terms=terms, filters=filters, any_term=any_term, limit=limit, offset=offset
    )
    hits = [
        SearchHit(
            post_id=row[0],
            kind=row[1],
            rank=float(row[2]),
            title_html=marked_html(row[3] or ""),
            snippet_html=marked_html(row[4] or ""),
            published_at=row[5],
            question_id=row[6] if row[1] == PostKind.ANSWER else None,
        )
        for row in rows
    ]
    return SearchPage(hits=hits, terms=terms)
