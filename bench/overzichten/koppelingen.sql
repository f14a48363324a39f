-- bench/overzichten/koppelingen.sql - adds generated koppelingen, their
-- phase changes and evaluations to a database that bench/gezinnen/
-- generate.sql filled with gezinnen, for bench/overzichten/run.sh (see
-- bench/README.md).
--
--   sqlite3 -bail k.db -cmd 'PRAGMA temp_store = MEMORY' \
--           -cmd '.parameter set @koppelingen 60000' < koppelingen.sql
--
-- Needs: gezinnen on both sides, the seeded programme 'Buurtgezinnen', and no
-- koppelingen yet. Koppeling n links the ((n - 1) mod V + 1)-th vraaggezin (by
-- id; with more koppelingen than vraaggezinnen some have an earlier, ended
-- one) with a supporting gezin picked by a hash; werkgebied and coordinator
-- are the vraaggezin's. The gezinnen's own statuses are left as generated:
-- this is load for the overviews, not a consistent history.
--
-- Phases (by a hash of n): voorstel 5 %, kennismaking 8 %, proefperiode 10 %,
-- contract 5 %, lopend 32 %, afronding 25 %, gestopt 15 %. Proposed 0-1,000
-- days ago, linked 7 days later (not for voorstel, nor for a fifth of the
-- stopped ones). Planned evaluations as the Buurtgezinnen rhythm gives them:
-- evaluatie-proefperiode after 2 months, tussentijdse-evaluatie every 6
-- months, afsluitend-gesprek at 24 months; past ones are held, except one
-- in five of the active koppelingen' (overdue), and those of ended
-- koppelingen that were not held lapsed. Every tenth adult on the supporting
-- side gets a VOG of 1,000-1,099 days old, so that the VOG list is not empty.
-- Deterministic except that dates move with the current day.

PRAGMA journal_mode = DELETE;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;

BEGIN;

CREATE TEMP TABLE kg_param AS
SELECT coalesce(@koppelingen, 60000) AS aantal,
       date('now') AS vandaag,
       (SELECT id FROM programmas WHERE naam = 'Buurtgezinnen') AS programma,
       (SELECT count(*) FROM gezinnen WHERE rol = 'vraaggezin') AS n_vraag,
       (SELECT count(*) FROM gezinnen WHERE rol <> 'vraaggezin') AS n_steun,
       (SELECT count(*) FROM koppelingen) AS bestaand;

CREATE TEMP TABLE kg_check (
    ok INTEGER NOT NULL
       CONSTRAINT "koppelingen.sql needs gezinnen on both sides, the programme Buurtgezinnen and no koppelingen"
       CHECK (ok = 1)
);
INSERT INTO kg_check
SELECT aantal BETWEEN 1 AND 10000000 AND programma IS NOT NULL AND n_vraag > 0 AND n_steun > 0 AND bestaand = 0
FROM kg_param;

CREATE TEMP TABLE kg_vraag AS
SELECT row_number() OVER (ORDER BY id) AS idx, id, werkgebied_id, coordinator_id FROM gezinnen WHERE rol = 'vraaggezin';
CREATE INDEX kg_vraag_idx ON kg_vraag(idx);
CREATE TEMP TABLE kg_steun AS
SELECT row_number() OVER (ORDER BY id) - 1 AS idx, id FROM gezinnen WHERE rol <> 'vraaggezin';
CREATE INDEX kg_steun_idx ON kg_steun(idx);

-- The same integer hash as bench/gezinnen/generate.sql (x ^ y written as (x | y) - (x & y)).
CREATE TEMP TABLE kg_h AS
WITH RECURSIVE
    seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < (SELECT aantal FROM kg_param)),
    r0 AS MATERIALIZED (SELECT n, ((n * 4 + 7919) * 2654435761 + 40503) % 4294967296 AS h FROM seq),
    r1 AS MATERIALIZED (SELECT n, ((h | (h >> 16)) - (h & (h >> 16))) * 73244475 % 4294967296 AS h FROM r0),
    r2 AS MATERIALIZED (SELECT n, ((h | (h >> 16)) - (h & (h >> 16))) * 73244475 % 4294967296 AS h FROM r1)
SELECT n, ((h | (h >> 16)) - (h & (h >> 16))) AS h FROM r2;

CREATE TEMP TABLE kg_k AS
SELECT h.n, h.h,
       v.id AS vraaggezin_id, s.id AS steungezin_id, v.werkgebied_id, v.coordinator_id,
       CASE WHEN h.h % 100 < 5 THEN 'voorstel' WHEN h.h % 100 < 13 THEN 'kennismaking'
            WHEN h.h % 100 < 23 THEN 'proefperiode' WHEN h.h % 100 < 28 THEN 'contract'
            WHEN h.h % 100 < 60 THEN 'lopend' WHEN h.h % 100 < 85 THEN 'afronding' ELSE 'gestopt' END AS fase,
       date(p.vandaag, '-' || ((h.h >> 8) % 1000) || ' days') AS voorgesteld_op
FROM kg_h h, kg_param p
JOIN kg_vraag v ON v.idx = (h.n - 1) % p.n_vraag + 1
JOIN kg_steun s ON s.idx = (h.h >> 12) % p.n_steun;

CREATE TEMP TABLE kg_k2 AS
SELECT k.*,
       CASE WHEN fase = 'voorstel' OR (fase = 'gestopt' AND (h >> 20) % 5 = 0) THEN NULL
            ELSE date(voorgesteld_op, '+7 days') END AS koppeling_datum
FROM kg_k k;

INSERT INTO koppelingen(id, vraaggezin_id, steungezin_id, programma_id, werkgebied_id, coordinator_id, fase,
                        voorgesteld_op, koppeling_datum, contract_getekend_op, contact_na_afloop, stop_reden,
                        versie, aangemaakt_op, gewijzigd_op)
SELECT n, vraaggezin_id, steungezin_id, (SELECT programma FROM kg_param), werkgebied_id, coordinator_id, fase,
       voorgesteld_op, koppeling_datum,
       CASE WHEN fase IN ('contract', 'lopend', 'afronding') THEN date(koppeling_datum, '+2 months') END,
       CASE WHEN fase = 'afronding' THEN CASE (h >> 24) % 3 WHEN 0 THEN 'ja' WHEN 1 THEN 'nee' ELSE 'onbekend' END
            ELSE 'onbekend' END,
       CASE WHEN fase = 'gestopt' THEN CASE (h >> 24) % 3 WHEN 0 THEN 'geen-klik' WHEN 1 THEN 'verhuizing' ELSE 'anders' END END,
       1, voorgesteld_op || 'T09:00:00Z', voorgesteld_op || 'T09:00:00Z'
FROM kg_k2 ORDER BY n;

-- Phase changes: the proposal, the start, and the phase it is in now.
INSERT INTO faseovergangen(koppeling_id, van, naar, datum, gebruikersnaam, tijd)
SELECT n, NULL, 'voorstel', voorgesteld_op, 'generator', voorgesteld_op || 'T09:00:00Z' FROM kg_k2 ORDER BY n;
INSERT INTO faseovergangen(koppeling_id, van, naar, datum, gebruikersnaam, tijd)
SELECT n, 'voorstel', 'kennismaking', koppeling_datum, 'generator', koppeling_datum || 'T09:00:00Z'
FROM kg_k2 WHERE koppeling_datum IS NOT NULL ORDER BY n;
INSERT INTO faseovergangen(koppeling_id, van, naar, datum, reden, gebruikersnaam, tijd)
SELECT n, CASE WHEN koppeling_datum IS NULL THEN 'voorstel' ELSE 'kennismaking' END, fase,
       min(date(coalesce(koppeling_datum, voorgesteld_op), '+' || (14 + (h >> 16) % 300) || ' days'),
           (SELECT vandaag FROM kg_param)),
       CASE WHEN fase = 'gestopt' THEN 'geen-klik' END, 'generator', voorgesteld_op || 'T10:00:00Z'
FROM kg_k2 WHERE fase NOT IN ('voorstel', 'kennismaking') ORDER BY n;

-- Planned evaluations of every linked koppeling.
WITH plan(soort, nr, maanden) AS (VALUES ('evaluatie-proefperiode', 1, 2), ('tussentijdse-evaluatie', 1, 6),
                                         ('tussentijdse-evaluatie', 2, 12), ('tussentijdse-evaluatie', 3, 18),
                                         ('afsluitend-gesprek', 1, 24)),
     e AS (SELECT k.n, k.h, k.fase, p.soort, p.nr, date(k.koppeling_datum, '+' || p.maanden || ' months') AS gepland_op
           FROM kg_k2 k JOIN plan p WHERE k.koppeling_datum IS NOT NULL),
     f AS (SELECT e.*, e.gepland_op < (SELECT vandaag FROM kg_param) AS voorbij,
                  e.fase IN ('afronding', 'gestopt') AS beeindigd,
                  ((e.h >> (4 + 3 * e.nr)) % 5) = 0 AS vergeten
           FROM e)
INSERT INTO evaluaties(koppeling_id, soort, sleutel, gepland_op, vervallen, gehouden_op, gebruikersnaam)
SELECT n, soort, soort || '#' || nr, gepland_op,
       CASE WHEN beeindigd AND NOT (voorbij AND fase = 'afronding') THEN 1 ELSE 0 END,
       CASE WHEN voorbij AND (beeindigd OR NOT vergeten) AND NOT (fase = 'gestopt') THEN gepland_op END,
       'generator'
FROM f ORDER BY n, gepland_op;

-- Some VOGs that expire within the next three months (36 months valid).
UPDATE leden SET vog_datum = date((SELECT vandaag FROM kg_param), '-' || (1000 + id % 100) || ' days')
WHERE vog_datum IS NOT NULL AND id % 10 = 0;

DROP TABLE kg_check;
DROP TABLE kg_h;
DROP TABLE kg_k;
DROP TABLE kg_k2;
DROP TABLE kg_vraag;
DROP TABLE kg_steun;
DROP TABLE kg_param;

COMMIT;

PRAGMA journal_mode = WAL;
