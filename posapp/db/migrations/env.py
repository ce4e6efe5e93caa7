"""Alembic environment. Always run through `posapp.db.migrate`, which passes an open connection."""

from alembic import context

from posapp.db.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite can only ALTER by rebuilding the table
)
with context.begin_transaction():
    context.run_migrations()
