-- koppel: herbouw
-- 0027: professional trajectories (issue 19): a programme whose supporter is
-- a gezinscoach, a user, instead of a supporting gezin.
--
-- This migration rebuilds gebruikers and koppelingen (SQLite's procedure for
-- changing a table: the first line above makes the runner turn foreign keys
-- off while it runs, put back every index and trigger that went with the
-- old tables, and roll everything back unless PRAGMA foreign_key_check
-- finds nothing; server/db.c). Every row and id stays as it was.
--
-- gebruikers.rol: a fourth role, gezinscoach (README, "Access and the audit
-- log"): scoped to werkgebieden like a coordinator, and within them sees
-- only the trajectories it coaches and their families.
--
-- programmas.steun_soort: who supports in the programme's koppelingen:
-- 'gezin' (a supporting gezin; every programme so far) or 'professional' (a
-- gezinscoach). woord_koppeling: what the programme calls a koppeling
-- ("traject" for a coach's), next to woord_steun and woord_vraag (0011).
--
-- koppelingen: exactly one of steungezin_id and coach_id is set; a coach
-- trajectory has no supporting gezin. fase also allows the phases of the
-- coach's course (inventarisatie, verandering, afbouw, nazorg); which
-- programme walks them is the course's business (server/koers.c). The
-- derived steun_werkgebied_id (0015) of a trajectory is its vraaggezin's
-- werkgebied, kept by the same triggers, so the caseload and reports that
-- read it from their indexes count a trajectory where its family is.
--
-- The programme "Gezinscoach" is seeded and offered nowhere: the beheerder
-- chooses where.

CREATE TABLE gebruikers_nieuw (
    id              INTEGER PRIMARY KEY,
    gebruikersnaam  TEXT NOT NULL UNIQUE COLLATE NOCASE,
    naam            TEXT NOT NULL,
    rol             TEXT NOT NULL CHECK (rol IN ('beheerder', 'coordinator', 'rapportage', 'gezinscoach')),
    wachtwoord_hash TEXT NOT NULL CHECK (wachtwoord_hash LIKE '$argon2id$%'),
    actief          INTEGER NOT NULL DEFAULT 1 CHECK (actief IN (0, 1)),
    versie          INTEGER NOT NULL DEFAULT 1,
    aangemaakt_op   TEXT NOT NULL,
    gewijzigd_op    TEXT NOT NULL,
    hash_vernieuwd  INTEGER NOT NULL DEFAULT 0,
    leidinggevende  INTEGER NOT NULL DEFAULT 0 CHECK (leidinggevende IN (0, 1))
) STRICT;
INSERT INTO gebruikers_nieuw(id, gebruikersnaam, naam, rol, wachtwoord_hash, actief, versie, aangemaakt_op,
                             gewijzigd_op, hash_vernieuwd, leidinggevende)
SELECT id, gebruikersnaam, naam, rol, wachtwoord_hash, actief, versie, aangemaakt_op, gewijzigd_op, hash_vernieuwd,
       leidinggevende
FROM gebruikers ORDER BY id;
DROP TABLE gebruikers;
ALTER TABLE gebruikers_nieuw RENAME TO gebruikers;

ALTER TABLE programmas ADD COLUMN steun_soort TEXT NOT NULL DEFAULT 'gezin'
    CHECK (steun_soort IN ('gezin', 'professional'));
ALTER TABLE programmas ADD COLUMN woord_koppeling TEXT NOT NULL DEFAULT 'koppeling'
    CHECK (length(woord_koppeling) BETWEEN 1 AND 40);

CREATE TABLE koppelingen_nieuw (
    id                  INTEGER PRIMARY KEY,
    vraaggezin_id       INTEGER NOT NULL REFERENCES gezinnen(id),
    steungezin_id       INTEGER REFERENCES gezinnen(id),
    programma_id        INTEGER NOT NULL REFERENCES programmas(id),
    werkgebied_id       INTEGER NOT NULL REFERENCES werkgebieden(id),
    coordinator_id      INTEGER REFERENCES gebruikers(id),
    fase                TEXT NOT NULL CHECK (fase IN ('voorstel', 'kennismaking', 'proefperiode', 'contract',
                                                      'lopend', 'afronding', 'gestopt', 'inventarisatie',
                                                      'verandering', 'afbouw', 'nazorg')),
    voorgesteld_op      TEXT NOT NULL,    -- date
    koppeling_datum     TEXT,             -- start of kennismaking: the maximum duration counts from here
    contract_getekend_op TEXT,
    contact_na_afloop   TEXT NOT NULL DEFAULT 'onbekend' CHECK (contact_na_afloop IN ('ja', 'nee', 'onbekend')),
    stop_reden          TEXT,
    stop_toelichting    TEXT,
    versie              INTEGER NOT NULL DEFAULT 1,
    aangemaakt_op       TEXT NOT NULL,
    gewijzigd_op        TEXT NOT NULL,
    vraag_werkgebied_id INTEGER,          -- derived (0007)
    vraag_coordinator_id INTEGER,         -- derived (0007)
    keuze_id            INTEGER REFERENCES koppelingen(id),
    steun_werkgebied_id INTEGER,          -- derived (0015, and above)
    coach_id            INTEGER REFERENCES gebruikers(id),
    CHECK (vraaggezin_id != steungezin_id),
    CHECK ((steungezin_id IS NULL) != (coach_id IS NULL))
) STRICT;
INSERT INTO koppelingen_nieuw(id, vraaggezin_id, steungezin_id, programma_id, werkgebied_id, coordinator_id, fase,
                              voorgesteld_op, koppeling_datum, contract_getekend_op, contact_na_afloop, stop_reden,
                              stop_toelichting, versie, aangemaakt_op, gewijzigd_op, vraag_werkgebied_id,
                              vraag_coordinator_id, keuze_id, steun_werkgebied_id, coach_id)
SELECT id, vraaggezin_id, steungezin_id, programma_id, werkgebied_id, coordinator_id, fase, voorgesteld_op,
       koppeling_datum, contract_getekend_op, contact_na_afloop, stop_reden, stop_toelichting, versie, aangemaakt_op,
       gewijzigd_op, vraag_werkgebied_id, vraag_coordinator_id, keuze_id, steun_werkgebied_id, NULL
FROM koppelingen ORDER BY id;
DROP TABLE koppelingen;
ALTER TABLE koppelingen_nieuw RENAME TO koppelingen;

-- a coach's trajectories and their families (server/scope.h)
CREATE INDEX koppelingen_coach ON koppelingen(coach_id, vraaggezin_id) WHERE coach_id IS NOT NULL;

-- the supporter's werkgebied: the steungezin's, or for a trajectory the vraaggezin's
CREATE TRIGGER koppelingen_steun_scope_na_insert AFTER INSERT ON koppelingen
BEGIN
    UPDATE koppelingen
    SET steun_werkgebied_id = (SELECT g.werkgebied_id FROM gezinnen g
                               WHERE g.id = coalesce(NEW.steungezin_id, NEW.vraaggezin_id))
    WHERE id = NEW.id;
END;

CREATE TRIGGER koppelingen_steun_scope_na_wissel AFTER UPDATE OF steungezin_id, vraaggezin_id ON koppelingen
BEGIN
    UPDATE koppelingen
    SET steun_werkgebied_id = (SELECT g.werkgebied_id FROM gezinnen g
                               WHERE g.id = coalesce(NEW.steungezin_id, NEW.vraaggezin_id))
    WHERE id = NEW.id;
END;

DROP TRIGGER gezinnen_steun_scope_naar_koppelingen;
CREATE TRIGGER gezinnen_steun_scope_naar_koppelingen AFTER UPDATE OF werkgebied_id ON gezinnen
WHEN OLD.werkgebied_id IS NOT NEW.werkgebied_id
BEGIN
    UPDATE koppelingen SET steun_werkgebied_id = NEW.werkgebied_id
    WHERE steungezin_id = NEW.id OR (steungezin_id IS NULL AND vraaggezin_id = NEW.id);
END;

-- Gezinscoach: intake, a plan, evaluations every 3 months, at most 2 years;
-- no VOG rule applies to a professional (the column needs a value).
INSERT INTO programmas(naam, rollen, bedenktijd_dagen, proef_maanden, proef_weken, evaluatie_maanden,
                       voortgangsgesprekken, max_maanden, vog_geldigheid_maanden, estafette_vog_vrijgesteld,
                       verlenging_toegestaan, aangemaakt_op, gewijzigd_op, steun_soort, woord_steun, woord_vraag,
                       woord_koppeling)
SELECT 'Gezinscoach', '[]', 0, 0, 0, 3, 0, 24, 36, 0, 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'professional', 'gezinscoach', 'gezin', 'traject'
WHERE NOT EXISTS (SELECT 1 FROM programmas p WHERE p.naam = 'Gezinscoach');
