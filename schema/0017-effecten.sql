-- 0017: the effectencalculator (issue 14): a tariff list with versions by
-- validity period, a reference scenario per vraaggezin as items, the
-- outcome per formal-help item, the programme cost per koppeling year and
-- the band within which the programme counts as "ongeveer gelijk".
--
-- Amounts are whole cents; quantities, durations and caps hundredths (1,5
-- uur is 150). The calculation itself is never stored: every report
-- computes it again from the items with server/effecten.c, so each figure
-- can be traced to its items and formulas.

-- A tariff is known by its code; each row is one version of it, valid from
-- geldig_van up to and including geldig_tot (NULL: open). The API keeps the
-- versions of one code from overlapping.
CREATE TABLE tarieven (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
    omschrijving  TEXT NOT NULL CHECK (length(omschrijving) BETWEEN 1 AND 200),
    bedrag_cent   INTEGER NOT NULL CHECK (bedrag_cent > 0),
    eenheid       TEXT NOT NULL CHECK (eenheid IN ('uur', 'etmaal', 'dag', 'sessie', 'maand', 'gezin-per-jaar', 'vast')),
    bron          TEXT NOT NULL CHECK (length(bron) BETWEEN 1 AND 200),
    bron_datum    TEXT NOT NULL,
    betaler       TEXT NOT NULL CHECK (betaler IN ('gemeente-jeugdwet', 'gemeente-wmo', 'gemeente-participatiewet',
                                                   'zorgverzekeraar-zvw', 'rijk')),
    geldig_van    TEXT NOT NULL,
    geldig_tot    TEXT CHECK (geldig_tot IS NULL OR geldig_tot >= geldig_van),
    vervanging    TEXT CHECK (vervanging IS NULL OR length(vervanging) <= 300),
    versie        INTEGER NOT NULL DEFAULT 1,
    aangemaakt_op TEXT NOT NULL,
    gewijzigd_op  TEXT NOT NULL,
    UNIQUE (code, geldig_van)
) STRICT;

-- The reference scenario of a vraaggezin: the formal help of the first year
-- without the koppeling, from startdatum.
CREATE TABLE referentiescenarios (
    gezin_id         INTEGER PRIMARY KEY REFERENCES gezinnen(id),
    startdatum       TEXT NOT NULL,
    onafhankelijk    INTEGER NOT NULL DEFAULT 0 CHECK (onafhankelijk IN (0, 1)),
    toelichting      TEXT CHECK (toelichting IS NULL OR length(toelichting) <= 2000),
    versie           INTEGER NOT NULL DEFAULT 1,
    gewijzigd_op     TEXT NOT NULL
) STRICT;

-- Its items, in order (volgnr from 0); wacht_op is the volgnr of the item
-- whose start this one waits from.
CREATE TABLE scenario_items (
    gezin_id        INTEGER NOT NULL REFERENCES referentiescenarios(gezin_id) ON DELETE CASCADE,
    volgnr          INTEGER NOT NULL CHECK (volgnr >= 0),
    tarief_code     TEXT NOT NULL,
    omschrijving    TEXT CHECK (omschrijving IS NULL OR length(omschrijving) <= 200),
    per             TEXT NOT NULL CHECK (per IN ('totaal', 'week', 'maand')),
    onbekend        INTEGER NOT NULL DEFAULT 0 CHECK (onbekend IN (0, 1)),
    doorlopend      INTEGER NOT NULL DEFAULT 0 CHECK (doorlopend IN (0, 1)),
    hoeveelheid     INTEGER,
    hoeveelheid_tot INTEGER,
    duur            INTEGER,
    kinderen        INTEGER NOT NULL DEFAULT 1,
    maximum         INTEGER,
    wacht_op        INTEGER,
    wacht_maanden   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (gezin_id, volgnr)
) STRICT, WITHOUT ROWID;

-- The outcome of one item of the family's formal help (0016).
CREATE TABLE hulp_uitkomsten (
    formele_hulp_id INTEGER PRIMARY KEY REFERENCES formele_hulp(id),
    uitkomst        TEXT NOT NULL CHECK (uitkomst IN ('voorkomen', 'verminderd', 'beeindigd', 'opgeschaald',
                                                      'alleen-extra')),
    mate            TEXT CHECK (mate IN ('dankzij', 'mede-dankzij')),
    gewijzigd_op    TEXT NOT NULL,
    CHECK ((uitkomst = 'alleen-extra') = (mate IS NULL))
) STRICT;

-- Programme cost per supporting family (per_gezin = 0) or per family, for
-- its first year and each later year.
CREATE TABLE programma_kosten (
    programma_id INTEGER PRIMARY KEY REFERENCES programmas(id),
    jaar1_cent   INTEGER NOT NULL CHECK (jaar1_cent >= 0),
    later_cent   INTEGER NOT NULL CHECK (later_cent >= 0),
    per_gezin    INTEGER NOT NULL DEFAULT 0 CHECK (per_gezin IN (0, 1))
) STRICT;
INSERT INTO programma_kosten(programma_id, jaar1_cent, later_cent, per_gezin)
SELECT id, 315000, 115000, 0 FROM programmas WHERE naam = 'Buurtgezinnen';
INSERT INTO programma_kosten(programma_id, jaar1_cent, later_cent, per_gezin)
SELECT id, 240000, 240000, 1 FROM programmas WHERE naam = 'GezinsBuddy';

-- The band (cents) within which programme and reference count as about the same.
CREATE TABLE effect_instellingen (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    band_cent INTEGER NOT NULL CHECK (band_cent >= 0)
) STRICT;
INSERT INTO effect_instellingen(id, band_cent) VALUES (1, 50000);

-- Anonymising a gezin (server/api_avg.c) clears the free text of its scenario too.
CREATE TRIGGER referentiescenario_anoniem AFTER UPDATE OF geanonimiseerd_op ON gezinnen
WHEN NEW.geanonimiseerd_op IS NOT NULL
BEGIN
    UPDATE referentiescenarios SET toelichting = NULL WHERE gezin_id = NEW.id AND toelichting IS NOT NULL;
    UPDATE scenario_items SET omschrijving = NULL WHERE gezin_id = NEW.id AND omschrijving IS NOT NULL;
END;
