"""Full text search: an FTS5 table on SQLite, a GIN expression index on PostgreSQL (see community/search.py)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE community_post_fts USING fts5("
    "title, body, why_it_works, content='community_post', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')"
)
SQLITE_FILL = "INSERT INTO community_post_fts(community_post_fts) VALUES ('rebuild')"
SQLITE_DROP = "DROP TABLE IF EXISTS community_post_fts"
POSTGRES_CREATE = (
    "CREATE INDEX community_post_search ON community_post USING GIN "
    "((setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', body || ' ' || coalesce(why_it_works, '')), 'B')))"
)
POSTGRES_DROP = "DROP INDEX IF EXISTS community_post_search"


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
        schema_editor.execute(SQLITE_FILL)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
