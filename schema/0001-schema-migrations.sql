-- 0001: the record of applied migrations.
-- PRAGMA user_version holds the schema version; this table adds when each
-- migration was applied, for operators reading an old database.
CREATE TABLE schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    applied_at TEXT NOT NULL  -- UTC, ISO 8601
) STRICT;
