"""SQLite local store: tables, engine, repositories, unit of work, migrations."""
