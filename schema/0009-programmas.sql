-- 0009: programmes are records the beheerder manages, offered per werkgebied.
--
-- gearchiveerd: an archived programme is kept (koppelingen and matchrondes
-- refer to it) but can no longer be chosen for a new koppeling or round,
-- and only the beheerder still sees it.
-- max_afstand_km: the programme's distance limit between the two gezinnen
-- (NULL: the programme sets none). Buurtgezinnen works within 10 km.
-- vog_vrijgestelde_rollen: a JSON array of supporter roles that need no VOG
-- in this programme. It replaces estafette_vog_vrijgesteld, which is kept
-- until every reader has moved to the new column: every write of the list
-- (server/api_programmas.c) sets the old flag to "estafettegezin is in it".
--
-- werkgebied_programmas (schema 0004) says where a programme is offered; a
-- coordinator sees and picks only programmes offered in one of their
-- werkgebieden. To leave existing databases working as before, every
-- programme is offered in every werkgebied that exists now. A werkgebied
-- added later is offered nothing until the beheerder chooses.
--
-- The three defaults that were missing are seeded with the settings the
-- present columns can express (domain §1 and §4). Nothing here touches
-- koppelingen, evaluaties or any planned date.

ALTER TABLE programmas ADD COLUMN gearchiveerd INTEGER NOT NULL DEFAULT 0 CHECK (gearchiveerd IN (0, 1));
ALTER TABLE programmas ADD COLUMN max_afstand_km INTEGER CHECK (max_afstand_km IS NULL OR max_afstand_km BETWEEN 1 AND 500);
ALTER TABLE programmas ADD COLUMN vog_vrijgestelde_rollen TEXT NOT NULL DEFAULT '[]'
    CHECK (vog_vrijgestelde_rollen LIKE '[%]');

UPDATE programmas SET vog_vrijgestelde_rollen = '["estafettegezin"]' WHERE estafette_vog_vrijgesteld = 1;
UPDATE programmas SET max_afstand_km = 10 WHERE naam = 'Buurtgezinnen';

INSERT OR IGNORE INTO werkgebied_programmas(werkgebied_id, programma_id)
SELECT w.id, p.id FROM werkgebieden w, programmas p;

CREATE INDEX werkgebied_programmas_programma ON werkgebied_programmas(programma_id, werkgebied_id);

-- Home-Start: one volunteer, no trial, a mid-term evaluation after 6 months
-- and the closing one at 1 year.
-- Maatjesproject: one maatje, no trial, an evaluation every 3 months, about a
-- year, extension possible.
-- Moeders Informeren Moeders: a volunteer mother, no trial, a monthly
-- voortgangsgesprek, until the child is 18 months (18 months at most).
-- These are not offered anywhere yet: the beheerder chooses where.
INSERT INTO programmas(naam, rollen, bedenktijd_dagen, proef_maanden, proef_weken, evaluatie_maanden,
                       voortgangsgesprekken, max_maanden, vog_geldigheid_maanden, estafette_vog_vrijgesteld,
                       verlenging_toegestaan, aangemaakt_op, gewijzigd_op)
SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7, v.column8, v.column9, 0,
       v.column10, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM (VALUES ('Home-Start', '["steunmaatje"]', 7, 0, 0, 6, 0, 12, 36, 0),
             ('Maatjesproject', '["steunmaatje"]', 7, 0, 0, 3, 0, 12, 36, 1),
             ('Moeders Informeren Moeders', '["steunmaatje"]', 7, 0, 0, 1, 1, 18, 36, 0)) v
WHERE NOT EXISTS (SELECT 1 FROM programmas p WHERE p.naam = v.column1);
