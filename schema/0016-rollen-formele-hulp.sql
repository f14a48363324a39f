-- 0016: the formal help a gezin receives, as a list with history, and the
-- roles of a gezin as periods that each keep their own status and profile.
--
-- formele_hulp: one row per form of formal help (wijkteam, jeugdhulp,
-- jeugdbescherming, ...) with its kader (vrijwillig or gedwongen), its
-- omvang (short free text such as "2 uur per week"), the organisation or
-- contact person, and the period van..tot (tot NULL: still running). No
-- diagnoses: toelichting says in practical words what the help does.
-- A row is never deleted; a change is an UPDATE that a trigger first copies
-- into formele_hulp_historie, so every earlier value stays findable.
-- The effect calculation (issue 14) reads this table.
--
-- gezin_rollen (0003) already holds the periods of a gezin's roles. A gezin
-- may now hold two roles at once, one per side: a vraaggezin may also
-- support another family (buddy, steunmaatje, steungezin, estafettegezin).
-- gezinnen.rol/status stay the primary role: the vraaggezin role while one
-- runs, else the supporting role, so every query on the asking side keeps
-- working. Each period gets:
--   status  - its current status (kept by a trigger for the primary role;
--             written by the API for the other one);
--   profiel - when the period ends, a copy of its vraag or aanbod as it was,
--             so a later edit of the profile never changes what an ended
--             role was.
-- A gezin inserted without a role period (older tools, tests) gets one from
-- a trigger, so the history is complete for every gezin.

CREATE TABLE formele_hulp (
    id             INTEGER PRIMARY KEY,
    gezin_id       INTEGER NOT NULL REFERENCES gezinnen(id),
    soort          TEXT NOT NULL,
    kader          TEXT NOT NULL CHECK (kader IN ('vrijwillig', 'gedwongen')),
    omvang         TEXT CHECK (omvang IS NULL OR length(omvang) <= 100),
    contact        TEXT CHECK (contact IS NULL OR length(contact) <= 200),
    toelichting    TEXT CHECK (toelichting IS NULL OR length(toelichting) <= 2000),
    van            TEXT NOT NULL,
    tot            TEXT CHECK (tot IS NULL OR tot >= van),
    versie         INTEGER NOT NULL DEFAULT 1,
    gewijzigd_op   TEXT NOT NULL,
    gebruikersnaam TEXT
) STRICT;
CREATE INDEX formele_hulp_gezin ON formele_hulp(gezin_id, van, id);

CREATE TABLE formele_hulp_historie (
    id              INTEGER PRIMARY KEY,
    formele_hulp_id INTEGER NOT NULL REFERENCES formele_hulp(id),
    versie          INTEGER NOT NULL,
    soort           TEXT NOT NULL,
    kader           TEXT NOT NULL,
    omvang          TEXT,
    contact         TEXT,
    toelichting     TEXT,
    van             TEXT NOT NULL,
    tot             TEXT,
    gewijzigd_op    TEXT NOT NULL,
    gebruikersnaam  TEXT,
    UNIQUE (formele_hulp_id, versie)
) STRICT;

CREATE TRIGGER formele_hulp_bewaar_versie BEFORE UPDATE OF soort, kader, omvang, contact, toelichting, van, tot
ON formele_hulp
WHEN (SELECT geanonimiseerd_op FROM gezinnen WHERE id = OLD.gezin_id) IS NULL
BEGIN
    INSERT INTO formele_hulp_historie(formele_hulp_id, versie, soort, kader, omvang, contact, toelichting, van, tot,
                                      gewijzigd_op, gebruikersnaam)
    VALUES (OLD.id, OLD.versie, OLD.soort, OLD.kader, OLD.omvang, OLD.contact, OLD.toelichting, OLD.van, OLD.tot,
            OLD.gewijzigd_op, OLD.gebruikersnaam);
END;

CREATE TRIGGER formele_hulp_niet_weg BEFORE DELETE ON formele_hulp
BEGIN
    SELECT RAISE(ABORT, 'formal help is never deleted; set tot');
END;

-- the history changes only when an anonymised gezin loses its free text
CREATE TRIGGER formele_hulp_historie_blijft BEFORE UPDATE ON formele_hulp_historie
WHEN (SELECT g.geanonimiseerd_op FROM formele_hulp f JOIN gezinnen g ON g.id = f.gezin_id
      WHERE f.id = OLD.formele_hulp_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'the history of formal help is never changed');
END;

CREATE TRIGGER formele_hulp_historie_niet_weg BEFORE DELETE ON formele_hulp_historie
BEGIN
    SELECT RAISE(ABORT, 'the history of formal help is never deleted');
END;

-- the one overwritten value of before (vraag.formeleHulp: geen, vrijwillig
-- or gedwongen, plus a text) becomes the first item of the list, from the
-- registration date; the profile no longer holds it
INSERT INTO formele_hulp(gezin_id, soort, kader, toelichting, van, gewijzigd_op, gebruikersnaam)
SELECT id, 'overig', json_extract(profiel, '$.vraag.formeleHulp.soort'),
       nullif(json_extract(profiel, '$.vraag.formeleHulp.tekst'), ''), aangemeld_op, gewijzigd_op, 'migratie 0016'
FROM gezinnen
WHERE json_valid(profiel) AND json_extract(profiel, '$.vraag.formeleHulp.soort') IN ('vrijwillig', 'gedwongen')
ORDER BY id;

UPDATE gezinnen SET profiel = json_remove(profiel, '$.vraag.formeleHulp'), versie = versie + 1
WHERE geanonimiseerd_op IS NULL AND json_valid(profiel) AND json_type(profiel, '$.vraag.formeleHulp') IS NOT NULL;

-- roles as periods
ALTER TABLE gezin_rollen ADD COLUMN status TEXT;
ALTER TABLE gezin_rollen ADD COLUMN profiel TEXT;

-- every gezin has a role period
INSERT INTO gezin_rollen(gezin_id, rol, van)
SELECT g.id, g.rol, g.aangemeld_op FROM gezinnen g
WHERE NOT EXISTS (SELECT 1 FROM gezin_rollen r WHERE r.gezin_id = g.id)
ORDER BY g.id;

-- the open period of the primary role carries the gezin's status
UPDATE gezin_rollen SET status = (SELECT g.status FROM gezinnen g WHERE g.id = gezin_rollen.gezin_id)
WHERE tot IS NULL AND rol = (SELECT g.rol FROM gezinnen g WHERE g.id = gezin_rollen.gezin_id);

-- an ended period carries its last status
UPDATE gezin_rollen SET status = (SELECT s.status FROM gezin_statussen s WHERE s.gezin_id = gezin_rollen.gezin_id
                                  AND s.rol = gezin_rollen.rol AND s.datum <= gezin_rollen.tot
                                  ORDER BY s.datum DESC, s.id DESC LIMIT 1)
WHERE tot IS NOT NULL;

CREATE INDEX gezin_rollen_open ON gezin_rollen(gezin_id, rol) WHERE tot IS NULL;

CREATE TRIGGER gezinnen_rol_na_insert AFTER INSERT ON gezinnen
WHEN NOT EXISTS (SELECT 1 FROM gezin_rollen r WHERE r.gezin_id = NEW.id)
BEGIN
    INSERT INTO gezin_rollen(gezin_id, rol, van, status) VALUES (NEW.id, NEW.rol, NEW.aangemeld_op, NEW.status);
END;

CREATE TRIGGER gezinnen_status_naar_rol AFTER UPDATE OF status, rol ON gezinnen
BEGIN
    UPDATE gezin_rollen SET status = NEW.status WHERE gezin_id = NEW.id AND rol = NEW.rol AND tot IS NULL;
END;
