-- 0002: werkgebieden, gebruikers with one role each, sessions, API tokens
-- and the tamper-evident audit log.
--
-- Times shown to people are ISO 8601 UTC text; session times are unix
-- seconds because they are only compared. Secrets (session and API
-- tokens) are stored as BLAKE2b hashes, passwords as $argon2id$ strings.

CREATE TABLE werkgebieden (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(code) BETWEEN 2 AND 32),
    naam          TEXT NOT NULL CHECK (length(naam) BETWEEN 1 AND 200),
    versie        INTEGER NOT NULL DEFAULT 1,
    aangemaakt_op TEXT NOT NULL,
    gewijzigd_op  TEXT NOT NULL
) STRICT;

CREATE TABLE gebruikers (
    id              INTEGER PRIMARY KEY,
    gebruikersnaam  TEXT NOT NULL UNIQUE COLLATE NOCASE,
    naam            TEXT NOT NULL,
    rol             TEXT NOT NULL CHECK (rol IN ('beheerder', 'coordinator', 'rapportage')),
    wachtwoord_hash TEXT NOT NULL CHECK (wachtwoord_hash LIKE '$argon2id$%'),
    actief          INTEGER NOT NULL DEFAULT 1 CHECK (actief IN (0, 1)),
    versie          INTEGER NOT NULL DEFAULT 1,
    aangemaakt_op   TEXT NOT NULL,
    gewijzigd_op    TEXT NOT NULL
) STRICT;

-- Which werkgebieden a coordinator works in (or a rapportage user reports on).
CREATE TABLE gebruiker_werkgebieden (
    gebruiker_id  INTEGER NOT NULL REFERENCES gebruikers(id) ON DELETE CASCADE,
    werkgebied_id INTEGER NOT NULL REFERENCES werkgebieden(id),
    PRIMARY KEY (gebruiker_id, werkgebied_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX gebruiker_werkgebieden_werkgebied ON gebruiker_werkgebieden(werkgebied_id);

CREATE TABLE sessies (
    id               INTEGER PRIMARY KEY,
    token_hash       BLOB NOT NULL UNIQUE,
    gebruiker_id     INTEGER NOT NULL REFERENCES gebruikers(id) ON DELETE CASCADE,
    csrf_token       TEXT NOT NULL,
    aangemaakt_op    INTEGER NOT NULL,
    laatst_actief_op INTEGER NOT NULL,
    verloopt_op      INTEGER NOT NULL   -- absolute end of the session
) STRICT;
CREATE INDEX sessies_gebruiker ON sessies(gebruiker_id);

CREATE TABLE api_tokens (
    id                 INTEGER PRIMARY KEY,
    gebruiker_id       INTEGER NOT NULL REFERENCES gebruikers(id) ON DELETE CASCADE,
    naam               TEXT NOT NULL,
    prefix             TEXT NOT NULL,   -- first characters, to recognise a token in lists
    token_hash         BLOB NOT NULL UNIQUE,
    aangemaakt_op      TEXT NOT NULL,
    laatst_gebruikt_op TEXT,
    ingetrokken_op     TEXT
) STRICT;
CREATE INDEX api_tokens_gebruiker ON api_tokens(gebruiker_id);

-- Append-only. hash = BLAKE2b-256(previous hash || this row's fields), see
-- server/audit.c; `koppel audit verify` recomputes the chain. No foreign
-- keys: the log outlives what it describes.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    tijd           TEXT NOT NULL,
    gebruiker_id   INTEGER,
    gebruikersnaam TEXT,
    actie          TEXT NOT NULL,
    object_soort   TEXT NOT NULL,
    object_id      TEXT,
    client         TEXT,
    details        TEXT,
    hash           BLOB NOT NULL
) STRICT;
CREATE INDEX audit_log_gebruiker ON audit_log(gebruiker_id, id);
CREATE INDEX audit_log_object ON audit_log(object_soort, object_id, id);
CREATE INDEX audit_log_tijd ON audit_log(tijd);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
