-- 0019: gemeenten are data, a family's gemeente has a dated history, and
-- the beheerder sets targets (doelen) per gemeente, programme and year.
--
-- werkgebied_gemeenten: the gemeenten a werkgebied covers, in their
-- canonical spelling. A family's gemeente must be one of its werkgebied's
-- list (or empty: "gemeente onbekend"); server/gemeenten.c checks this and
-- stores the list's spelling. A gemeente is listed at most once per
-- werkgebied whatever its case.
--
-- gezin_gemeenten: where a family lived and which werkgebied held it, as
-- dated rows [van, tot) (tot NULL: the current row). Written by the
-- application, never by triggers, in the same transaction as every create
-- or update that changes the gemeente or the werkgebied: the current row
-- is closed on the change day and a new one opens on that day; a second
-- change on the same day rewrites the row opened that day.
--
-- doelen: a target per year, gemeente, programme (NULL: all programmes) and
-- unit. "Leiden 20-24 gezinnen" is minimum 20, maximum 24; "Zoetermeer 28
-- koppelingen" is minimum 28 and no maximum.
--
-- Backfill: existing spellings are made canonical first (per gemeente,
-- case and surrounding blanks ignored, the spelling most families use; an
-- empty gemeente becomes NULL), then every werkgebied lists the gemeenten
-- its families live in, and every family gets one open history row from
-- its registration date.

UPDATE gezinnen SET gemeente = NULL WHERE gemeente IS NOT NULL AND trim(gemeente) = '';

WITH spelling AS (
    SELECT lower(trim(gemeente)) AS sleutel, trim(gemeente) AS vorm, count(*) AS n
    FROM gezinnen WHERE gemeente IS NOT NULL
    GROUP BY lower(trim(gemeente)), trim(gemeente)
),
canoniek AS (
    SELECT s.sleutel, (SELECT t.vorm FROM spelling t WHERE t.sleutel = s.sleutel ORDER BY t.n DESC, t.vorm LIMIT 1) AS vorm
    FROM spelling s GROUP BY s.sleutel
)
UPDATE gezinnen SET gemeente = (SELECT c.vorm FROM canoniek c WHERE c.sleutel = lower(trim(gezinnen.gemeente)))
WHERE gemeente IS NOT NULL
  AND gemeente IS NOT (SELECT c.vorm FROM canoniek c WHERE c.sleutel = lower(trim(gezinnen.gemeente)));

CREATE TABLE werkgebied_gemeenten (
    werkgebied_id INTEGER NOT NULL REFERENCES werkgebieden(id),
    gemeente      TEXT NOT NULL CHECK (length(gemeente) BETWEEN 1 AND 100),
    PRIMARY KEY (werkgebied_id, gemeente)
) STRICT;
CREATE UNIQUE INDEX werkgebied_gemeenten_nocase ON werkgebied_gemeenten(werkgebied_id, gemeente COLLATE NOCASE);
CREATE INDEX werkgebied_gemeenten_gemeente ON werkgebied_gemeenten(gemeente COLLATE NOCASE, werkgebied_id);

-- the gemeenten of a werkgebied's families (GET /gemeenten, removing one from a list)
CREATE INDEX gezinnen_werkgebied_gemeente ON gezinnen(werkgebied_id, gemeente);

INSERT INTO werkgebied_gemeenten(werkgebied_id, gemeente)
SELECT DISTINCT werkgebied_id, gemeente FROM gezinnen WHERE gemeente IS NOT NULL;

CREATE TABLE gezin_gemeenten (
    id            INTEGER PRIMARY KEY,
    gezin_id      INTEGER NOT NULL REFERENCES gezinnen(id) ON DELETE CASCADE,
    gemeente      TEXT,              -- NULL: gemeente onbekend
    werkgebied_id INTEGER NOT NULL,
    van           TEXT NOT NULL,     -- date, inclusive
    tot           TEXT,              -- date, exclusive; NULL: current
    CHECK (tot IS NULL OR tot > van)
) STRICT;
CREATE INDEX gezin_gemeenten_gezin ON gezin_gemeenten(gezin_id, van);
CREATE UNIQUE INDEX gezin_gemeenten_huidig ON gezin_gemeenten(gezin_id) WHERE tot IS NULL;
CREATE INDEX gezin_gemeenten_periode ON gezin_gemeenten(gemeente, van);

INSERT INTO gezin_gemeenten(gezin_id, gemeente, werkgebied_id, van, tot)
SELECT id, gemeente, werkgebied_id, aangemeld_op, NULL FROM gezinnen ORDER BY id;

CREATE TABLE doelen (
    id            INTEGER PRIMARY KEY,
    jaar          INTEGER NOT NULL CHECK (jaar BETWEEN 2000 AND 2100),
    gemeente      TEXT NOT NULL CHECK (length(gemeente) BETWEEN 1 AND 100),
    programma_id  INTEGER REFERENCES programmas(id),   -- NULL: all programmes
    eenheid       TEXT NOT NULL CHECK (eenheid IN ('gezinnen', 'koppelingen')),
    minimum       INTEGER NOT NULL CHECK (minimum >= 0),
    maximum       INTEGER CHECK (maximum IS NULL OR maximum >= minimum),
    versie        INTEGER NOT NULL DEFAULT 1,
    aangemaakt_op TEXT NOT NULL,
    gewijzigd_op  TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX doelen_uniek ON doelen(jaar, gemeente COLLATE NOCASE, ifnull(programma_id, 0), eenheid);
CREATE INDEX doelen_gemeente ON doelen(gemeente COLLATE NOCASE, jaar);
