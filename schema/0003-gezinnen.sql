-- 0003: gezinnen on both sides of a koppeling, their members, role and
-- status history, consents, logboek, and the PC4 postcode areas that give
-- a gezin its coordinates.
--
-- The search-and-filter fields of a gezin are columns; the rest of its
-- profile (strengths, address details, languages, referral, vraag or
-- aanbod) is one JSON object validated by the API (server/api_gezinnen.c).
-- Ages are never stored: they follow from geboortedatum.

CREATE TABLE postcodes (
    pc4    INTEGER PRIMARY KEY CHECK (pc4 BETWEEN 1000 AND 9999),
    plaats TEXT NOT NULL,
    lat    REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon    REAL NOT NULL CHECK (lon BETWEEN -180 AND 180)
) STRICT;

CREATE TABLE gezinnen (
    id             INTEGER PRIMARY KEY,
    naam           TEXT NOT NULL,
    rol            TEXT NOT NULL CHECK (rol IN ('vraaggezin', 'steungezin', 'steunmaatje', 'buddy', 'estafettegezin')),
    status         TEXT NOT NULL,
    werkgebied_id  INTEGER NOT NULL REFERENCES werkgebieden(id),
    coordinator_id INTEGER REFERENCES gebruikers(id),
    postcode       TEXT,              -- "1234 AB"
    pc4            INTEGER,
    plaats         TEXT,
    gemeente       TEXT,
    lat            REAL,              -- from postcodes, NULL when unknown
    lon            REAL,
    aangemeld_op   TEXT NOT NULL,     -- date
    profiel        TEXT NOT NULL,     -- JSON object, validated by the API
    versie         INTEGER NOT NULL DEFAULT 1,
    aangemaakt_op  TEXT NOT NULL,
    gewijzigd_op   TEXT NOT NULL
) STRICT;
CREATE INDEX gezinnen_naam ON gezinnen(naam COLLATE NOCASE, id);
CREATE INDEX gezinnen_werkgebied ON gezinnen(werkgebied_id, naam COLLATE NOCASE, id);
CREATE INDEX gezinnen_rol_status ON gezinnen(rol, status);
CREATE INDEX gezinnen_coordinator ON gezinnen(coordinator_id);
CREATE INDEX gezinnen_pc4 ON gezinnen(pc4);

-- Substring search on naam and plaats (kept in step by server/gezinnen.c).
CREATE VIRTUAL TABLE gezinnen_zoek USING fts5(tekst, tokenize = 'trigram');

CREATE TABLE leden (
    id            INTEGER PRIMARY KEY,
    gezin_id      INTEGER NOT NULL REFERENCES gezinnen(id) ON DELETE CASCADE,
    volgorde      INTEGER NOT NULL,
    soort         TEXT NOT NULL CHECK (soort IN ('volwassene', 'kind')),
    voornaam      TEXT NOT NULL,
    achternaam    TEXT,
    geboortedatum TEXT,
    telefoon      TEXT,
    email         TEXT,
    woont_thuis   INTEGER NOT NULL DEFAULT 1,
    steun_voor    INTEGER NOT NULL DEFAULT 0,   -- the vraag is (also) for this child
    vog_datum     TEXT                          -- certificate of conduct, adults on the supporting side
) STRICT;
CREATE INDEX leden_gezin ON leden(gezin_id, volgorde);

CREATE TABLE gezin_rollen (
    id       INTEGER PRIMARY KEY,
    gezin_id INTEGER NOT NULL REFERENCES gezinnen(id) ON DELETE CASCADE,
    rol      TEXT NOT NULL,
    van      TEXT NOT NULL,
    tot      TEXT
) STRICT;
CREATE INDEX gezin_rollen_gezin ON gezin_rollen(gezin_id, id);

CREATE TABLE gezin_statussen (
    id             INTEGER PRIMARY KEY,
    gezin_id       INTEGER NOT NULL REFERENCES gezinnen(id) ON DELETE CASCADE,
    rol            TEXT NOT NULL,     -- the role the status belongs to
    status         TEXT NOT NULL,
    datum          TEXT NOT NULL,
    gebruiker_id   INTEGER,
    gebruikersnaam TEXT
) STRICT;
CREATE INDEX gezin_statussen_gezin ON gezin_statussen(gezin_id, id);
CREATE INDEX gezin_statussen_datum ON gezin_statussen(status, datum);

CREATE TABLE toestemmingen (
    id             INTEGER PRIMARY KEY,
    gezin_id       INTEGER NOT NULL REFERENCES gezinnen(id) ON DELETE CASCADE,
    doel           TEXT NOT NULL,
    gegeven_op     TEXT NOT NULL,
    gegeven_door   TEXT NOT NULL,
    ingetrokken_op TEXT
) STRICT;
CREATE INDEX toestemmingen_gezin ON toestemmingen(gezin_id);

-- Never edited: corrections are new entries.
CREATE TABLE logboek (
    id             INTEGER PRIMARY KEY,
    gezin_id       INTEGER NOT NULL REFERENCES gezinnen(id) ON DELETE CASCADE,
    datum          TEXT NOT NULL,
    soort          TEXT NOT NULL CHECK (soort IN ('notitie', 'contact', 'zorgsignaal')),
    tekst          TEXT NOT NULL,
    gebruiker_id   INTEGER,
    gebruikersnaam TEXT,
    aangemaakt_op  TEXT NOT NULL
) STRICT;
CREATE INDEX logboek_gezin ON logboek(gezin_id, id);
CREATE TRIGGER logboek_no_update BEFORE UPDATE ON logboek
BEGIN
    SELECT RAISE(ABORT, 'logboek entries are never edited; add a correction');
END;
