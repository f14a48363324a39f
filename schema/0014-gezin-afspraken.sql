-- 0014: expected children, the leidinggevende of a werkgebied and the
-- follow-up of a zorgsignaal.
--
-- leden.verwacht_op: a child on the way has its expected birth date here
-- and no geboortedatum; once born, the coordinator sets geboortedatum and
-- clears verwacht_op. Ages are still never stored.
--
-- gebruikers.leidinggevende: a coordinator or beheerder who follows up the
-- zorgsignalen of their werkgebieden (a beheerder: of every werkgebied).
-- Set by the beheerder.
--
-- zorgsignaal_opvolgingen: who followed up a zorgsignaal (a logboek entry of
-- soort 'zorgsignaal', which itself is never edited), when, and how. A
-- zorgsignaal without a row here is open.

ALTER TABLE leden ADD COLUMN verwacht_op TEXT;

ALTER TABLE gebruikers ADD COLUMN leidinggevende INTEGER NOT NULL DEFAULT 0 CHECK (leidinggevende IN (0, 1));

CREATE TABLE zorgsignaal_opvolgingen (
    id             INTEGER PRIMARY KEY,
    logboek_id     INTEGER NOT NULL UNIQUE REFERENCES logboek(id) ON DELETE CASCADE,
    tekst          TEXT NOT NULL CHECK (length(tekst) BETWEEN 1 AND 4000),
    gebruiker_id   INTEGER,
    gebruikersnaam TEXT,
    opgevolgd_op   TEXT NOT NULL
) STRICT;

CREATE INDEX logboek_zorgsignalen ON logboek(gezin_id) WHERE soort = 'zorgsignaal';
