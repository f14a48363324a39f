-- bench/rapportage/gemeenten.sql - gives the gezinnen that bench/gezinnen/
-- generate.sql wrote the gemeente data a report reads (schema 0019), for
-- bench/rapportage/run.sh (see bench/README.md):
--
--   sqlite3 -bail k.db -cmd 'PRAGMA temp_store = MEMORY' \
--           -cmd '.parameter set @verhuisd 20' < gemeenten.sql
--
-- - werkgebied_gemeenten: every werkgebied lists the gemeenten its gezinnen
--   live in (the generator uses the plaats as gemeente);
-- - gezin_gemeenten: one open row per gezin from its registration; one in
--   @verhuisd (default 20) of the gezinnen registered more than 60 days ago
--   moved: it lived in another gemeente of its werkgebied until a day between
--   its registration and today, as the application writes a move;
-- - one in 50 gezinnen has no gemeente (gemeente onbekend), from the start;
-- - doelen for the current year for the twelve gemeenten with the most
--   vraaggezinnen: a range of gezinnen for all programmes and a minimum of
--   koppelingen for the programme Buurtgezinnen.
-- Deterministic apart from the dates, which move with the current day.

PRAGMA journal_mode = DELETE;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;

BEGIN;

CREATE TEMP TABLE gm_param AS
SELECT coalesce(@verhuisd, 20) AS verhuisd,
       date('now') AS vandaag,
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now') AS nu,
       (SELECT id FROM programmas WHERE naam = 'Buurtgezinnen') AS programma;

CREATE TEMP TABLE gm_check (
    ok INTEGER NOT NULL
       CONSTRAINT "gemeenten.sql needs gezinnen without history rows and no doelen" CHECK (ok = 1)
);
INSERT INTO gm_check
SELECT (SELECT count(*) FROM gezinnen) > 0 AND (SELECT count(*) FROM gezin_gemeenten) = 0
       AND (SELECT count(*) FROM doelen) = 0 AND verhuisd > 0
FROM gm_param;

-- gemeente onbekend for one in 50
UPDATE gezinnen SET gemeente = NULL WHERE ((id * 2654435761) % 4294967296) % 50 = 7;

INSERT OR IGNORE INTO werkgebied_gemeenten(werkgebied_id, gemeente)
SELECT DISTINCT werkgebied_id, gemeente FROM gezinnen WHERE gemeente IS NOT NULL;

-- the gemeenten of each werkgebied, numbered, to pick a former one by a hash
CREATE TEMP TABLE gm_lijst AS
SELECT werkgebied_id, gemeente,
       row_number() OVER (PARTITION BY werkgebied_id ORDER BY gemeente) - 1 AS idx,
       count(*) OVER (PARTITION BY werkgebied_id) AS n
FROM werkgebied_gemeenten;
CREATE INDEX gm_lijst_idx ON gm_lijst(werkgebied_id, idx);

CREATE TEMP TABLE gm_verhuisd AS
SELECT g.id, g.werkgebied_id, g.gemeente, g.aangemeld_op,
       date(g.aangemeld_op, '+' || (1 + ((g.id * 40503) % 65536) % (CAST(julianday((SELECT vandaag FROM gm_param))
           - julianday(g.aangemeld_op) AS INTEGER) - 1)) || ' days') AS verhuisd_op,
       (SELECT l.gemeente FROM gm_lijst l WHERE l.werkgebied_id = g.werkgebied_id
        AND l.idx = ((g.id * 7919) % 1000003) % l.n) AS vorige
FROM gezinnen g
WHERE g.gemeente IS NOT NULL
  AND julianday((SELECT vandaag FROM gm_param)) - julianday(g.aangemeld_op) > 60
  AND ((g.id * 2246822519) % 4294967296) % (SELECT verhuisd FROM gm_param) = 3;
DELETE FROM gm_verhuisd WHERE vorige IS NULL OR vorige = gemeente;

-- the former gemeente, closed on the day of the move
INSERT INTO gezin_gemeenten(gezin_id, gemeente, werkgebied_id, van, tot)
SELECT id, vorige, werkgebied_id, aangemeld_op, verhuisd_op FROM gm_verhuisd ORDER BY id;
-- the current row
INSERT INTO gezin_gemeenten(gezin_id, gemeente, werkgebied_id, van, tot)
SELECT g.id, g.gemeente, g.werkgebied_id, coalesce(v.verhuisd_op, g.aangemeld_op), NULL
FROM gezinnen g LEFT JOIN gm_verhuisd v ON v.id = g.id ORDER BY g.id;

-- targets for this year
INSERT INTO doelen(jaar, gemeente, programma_id, eenheid, minimum, maximum, aangemaakt_op, gewijzigd_op)
SELECT CAST(strftime('%Y', p.vandaag) AS INTEGER), t.gemeente, NULL, 'gezinnen', t.n / 20, t.n / 20 + t.n / 80,
       p.nu, p.nu
FROM (SELECT gemeente, count(*) AS n FROM gezinnen WHERE rol = 'vraaggezin' AND gemeente IS NOT NULL
      GROUP BY gemeente ORDER BY n DESC, gemeente LIMIT 12) t, gm_param p;
INSERT INTO doelen(jaar, gemeente, programma_id, eenheid, minimum, maximum, aangemaakt_op, gewijzigd_op)
SELECT jaar, gemeente, (SELECT programma FROM gm_param), 'koppelingen', minimum, NULL, aangemaakt_op, gewijzigd_op
FROM doelen WHERE eenheid = 'gezinnen' AND (SELECT programma FROM gm_param) IS NOT NULL;

COMMIT;

SELECT 'gemeenten=' || (SELECT count(DISTINCT gemeente) FROM werkgebied_gemeenten)
       || ' verhuisd=' || (SELECT count(*) FROM gm_verhuisd)
       || ' onbekend=' || (SELECT count(*) FROM gezinnen WHERE gemeente IS NULL)
       || ' doelen=' || (SELECT count(*) FROM doelen);
