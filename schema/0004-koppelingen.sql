-- 0004: programmes, koppelingen and their evaluations.
--
-- A programma fixes how an organisation works: which supporting roles it
-- uses and the rhythm of a koppeling (bedenktijd, trial, evaluations,
-- maximum duration, VOG validity). Three documented defaults are seeded;
-- the beheerder can change them. A koppeling links one vraaggezin with one
-- supporting gezin and walks the phases of server/fasen.c; every phase
-- change is a dated row. Agreements are versioned, never overwritten.
-- Evaluations are planned by Koppel (automatisch = 1) from the programme
-- and the phase dates, moved only with a reason, and logged when held.

CREATE TABLE programmas (
    id                      INTEGER PRIMARY KEY,
    naam                    TEXT NOT NULL UNIQUE,
    rollen                  TEXT NOT NULL,           -- JSON array of supporting roles
    bedenktijd_dagen        INTEGER NOT NULL CHECK (bedenktijd_dagen BETWEEN 0 AND 60),
    proef_maanden           INTEGER NOT NULL CHECK (proef_maanden BETWEEN 0 AND 12),
    proef_weken             INTEGER NOT NULL CHECK (proef_weken BETWEEN 0 AND 52),
    evaluatie_maanden       INTEGER NOT NULL CHECK (evaluatie_maanden BETWEEN 0 AND 24),
    voortgangsgesprekken    INTEGER NOT NULL DEFAULT 0,
    max_maanden             INTEGER NOT NULL CHECK (max_maanden BETWEEN 1 AND 120),
    vog_geldigheid_maanden  INTEGER NOT NULL CHECK (vog_geldigheid_maanden BETWEEN 1 AND 120),
    estafette_vog_vrijgesteld INTEGER NOT NULL DEFAULT 0,
    verlenging_toegestaan   INTEGER NOT NULL DEFAULT 0,
    versie                  INTEGER NOT NULL DEFAULT 1,
    aangemaakt_op           TEXT NOT NULL,
    gewijzigd_op            TEXT NOT NULL
) STRICT;

-- Buurtgezinnen: trial ~2 months, tussentijdse evaluatie every 6 months, at most 2 years.
-- GezinsBuddy: joint evaluation after 3 months, monthly voortgangsgesprek, at most 2 years.
-- Estafette: ~10 meetings in ~10 weeks: an evaluation after 5 weeks and a closing
-- conversation after 3 months (2 evaluations); extension allowed.
INSERT INTO programmas(naam, rollen, bedenktijd_dagen, proef_maanden, proef_weken, evaluatie_maanden,
                       voortgangsgesprekken, max_maanden, vog_geldigheid_maanden, estafette_vog_vrijgesteld,
                       verlenging_toegestaan, aangemaakt_op, gewijzigd_op) VALUES
    ('Buurtgezinnen', '["steungezin","steunmaatje"]', 7, 2, 0, 6, 0, 24, 36, 0, 0,
     strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('GezinsBuddy', '["buddy"]', 7, 3, 0, 1, 1, 24, 36, 0, 0,
     strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ('Estafette', '["estafettegezin"]', 7, 0, 5, 0, 0, 3, 36, 0, 1,
     strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

CREATE TABLE werkgebied_programmas (
    werkgebied_id INTEGER NOT NULL REFERENCES werkgebieden(id),
    programma_id  INTEGER NOT NULL REFERENCES programmas(id),
    PRIMARY KEY (werkgebied_id, programma_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE koppelingen (
    id                  INTEGER PRIMARY KEY,
    vraaggezin_id       INTEGER NOT NULL REFERENCES gezinnen(id),
    steungezin_id       INTEGER NOT NULL REFERENCES gezinnen(id),
    programma_id        INTEGER NOT NULL REFERENCES programmas(id),
    werkgebied_id       INTEGER NOT NULL REFERENCES werkgebieden(id),
    coordinator_id      INTEGER REFERENCES gebruikers(id),
    fase                TEXT NOT NULL CHECK (fase IN ('voorstel', 'kennismaking', 'proefperiode', 'contract',
                                                      'lopend', 'afronding', 'gestopt')),
    voorgesteld_op      TEXT NOT NULL,    -- date
    koppeling_datum     TEXT,             -- start of kennismaking: the maximum duration counts from here
    contract_getekend_op TEXT,
    contact_na_afloop   TEXT NOT NULL DEFAULT 'onbekend' CHECK (contact_na_afloop IN ('ja', 'nee', 'onbekend')),
    stop_reden          TEXT,
    stop_toelichting    TEXT,
    versie              INTEGER NOT NULL DEFAULT 1,
    aangemaakt_op       TEXT NOT NULL,
    gewijzigd_op        TEXT NOT NULL,
    CHECK (vraaggezin_id != steungezin_id)
) STRICT;
CREATE INDEX koppelingen_vraaggezin ON koppelingen(vraaggezin_id);
CREATE INDEX koppelingen_steungezin ON koppelingen(steungezin_id, fase);
CREATE INDEX koppelingen_werkgebied ON koppelingen(werkgebied_id, fase);

CREATE TABLE koppeling_kinderen (
    koppeling_id INTEGER NOT NULL REFERENCES koppelingen(id) ON DELETE CASCADE,
    lid_id       INTEGER NOT NULL REFERENCES leden(id),
    PRIMARY KEY (koppeling_id, lid_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE faseovergangen (
    id             INTEGER PRIMARY KEY,
    koppeling_id   INTEGER NOT NULL REFERENCES koppelingen(id) ON DELETE CASCADE,
    van            TEXT,
    naar           TEXT NOT NULL,
    datum          TEXT NOT NULL,
    reden          TEXT,
    toelichting    TEXT,
    gebruiker_id   INTEGER,
    gebruikersnaam TEXT,
    tijd           TEXT NOT NULL
) STRICT;
CREATE INDEX faseovergangen_koppeling ON faseovergangen(koppeling_id, id);
CREATE INDEX faseovergangen_datum ON faseovergangen(naar, datum);

CREATE TABLE afspraken (
    id             INTEGER PRIMARY KEY,
    koppeling_id   INTEGER NOT NULL REFERENCES koppelingen(id) ON DELETE CASCADE,
    versie         INTEGER NOT NULL,
    inhoud         TEXT NOT NULL,    -- JSON: frequentie, dagEnTijd, halenBrengen, huisregels, doelen
    vastgelegd_op  TEXT NOT NULL,
    gebruikersnaam TEXT,
    UNIQUE (koppeling_id, versie)
) STRICT;
CREATE TRIGGER afspraken_no_update BEFORE UPDATE ON afspraken
BEGIN
    SELECT RAISE(ABORT, 'agreements are versioned: add a new version');
END;

CREATE TABLE verloop (
    id             INTEGER PRIMARY KEY,
    koppeling_id   INTEGER NOT NULL REFERENCES koppelingen(id) ON DELETE CASCADE,
    datum          TEXT NOT NULL,
    verloop        TEXT NOT NULL CHECK (verloop IN ('soepel', 'hick-ups', 'stagnatie')),
    toelichting    TEXT,
    gebruikersnaam TEXT
) STRICT;
CREATE INDEX verloop_koppeling ON verloop(koppeling_id, datum);

CREATE TABLE evaluaties (
    id              INTEGER PRIMARY KEY,
    koppeling_id    INTEGER NOT NULL REFERENCES koppelingen(id) ON DELETE CASCADE,
    soort           TEXT NOT NULL,
    sleutel         TEXT,             -- planned ones: soort and number, e.g. "tussentijdse-evaluatie#2"
    gepland_op      TEXT NOT NULL,
    verzet_reden    TEXT,             -- set when a person moved it; then replanning leaves it alone
    vervallen       INTEGER NOT NULL DEFAULT 0,  -- no longer due (the koppeling ended first)
    gehouden_op     TEXT,
    verslag         TEXT,             -- JSON: deelnemers, tevredenheid, doorgaan, verloop, doelen, ...
    gebruikersnaam  TEXT,
    UNIQUE (koppeling_id, sleutel)
) STRICT;
CREATE INDEX evaluaties_gepland ON evaluaties(gehouden_op, vervallen, gepland_op);
CREATE INDEX evaluaties_koppeling ON evaluaties(koppeling_id, gepland_op);
