"""SQL storage through SQLAlchemy Core: SQLite by default, PostgreSQL in production."""
