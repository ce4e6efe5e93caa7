"""Alembic environment. Always run through `posapp.db.migrate`, which passes an open connection."""

from alembic import context

from posapp.db.tables import metadata


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    # The FTS5 search index and its shadow tables are made by hand-written SQL (migration 0002);
    # autogenerate must not offer to drop them.
    return not (type_ == "table" and name is not None and name.startswith("products_fts"))


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite can only ALTER by rebuilding the table
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
