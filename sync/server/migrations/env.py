"""Alembic environment for head office. Always run through `sync.server.migrate`, which passes
an open connection."""

from alembic import context

from sync.server.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
