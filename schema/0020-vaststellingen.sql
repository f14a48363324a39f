-- 0020: a period report frozen when it is sent to the funder (a
-- vaststelling): the parameters it was asked with, the scope it was made
-- under, its canonical figures (the report JSON with sorted keys, compact)
-- and their SHA-256 in hex. Later regenerations are compared with it
-- (GET /api/v1/rapportages/vaststellingen/{id}). Never changed, never
-- deleted.
--
-- werkgebieden: the JSON array of the werkgebieden whose figures it holds
-- (the maker's, or the one asked for); NULL when a beheerder made it over
-- the whole organisation. A coordinator sees a vaststelling when every
-- werkgebied in it is one of theirs; the beheerder sees all.

CREATE TABLE vaststellingen (
    id               INTEGER PRIMARY KEY,
    parameters       TEXT NOT NULL,
    van              TEXT NOT NULL,
    tot              TEXT NOT NULL,
    werkgebieden     TEXT,
    cijfers          TEXT NOT NULL,
    hash             TEXT NOT NULL CHECK (length(hash) = 64),
    vastgesteld_op   TEXT NOT NULL,
    gebruiker_id     INTEGER,
    gebruikersnaam   TEXT
) STRICT;
CREATE INDEX vaststellingen_van ON vaststellingen(van, id);

CREATE TRIGGER vaststellingen_niet_wijzigen BEFORE UPDATE ON vaststellingen
BEGIN
    SELECT RAISE(ABORT, 'a vaststelling is never changed');
END;

CREATE TRIGGER vaststellingen_niet_weg BEFORE DELETE ON vaststellingen
BEGIN
    SELECT RAISE(ABORT, 'a vaststelling is never deleted');
END;
