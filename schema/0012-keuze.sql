-- 0012: a vraaggezin may be offered more than one candidate in one voorstel
-- (the Estafette practice: the startgezin chooses between two relay
-- families). The koppelingen of one such voorstel share keuze_id (the id of
-- the first of them). When the family's choice enters kennismaking, the
-- others end as gestopt with reason niet-gekozen: that ends no started
-- koppeling, is no stopped pair (it blocks no later proposal) and no report
-- counts it, because it never had a koppeling date.
-- programmas.kandidaten: how many candidates the programme offers at most.

ALTER TABLE koppelingen ADD COLUMN keuze_id INTEGER REFERENCES koppelingen(id);
CREATE INDEX koppelingen_keuze ON koppelingen(keuze_id) WHERE keuze_id IS NOT NULL;

ALTER TABLE programmas ADD COLUMN kandidaten INTEGER NOT NULL DEFAULT 1 CHECK (kandidaten BETWEEN 1 AND 3);
UPDATE programmas SET kandidaten = 2 WHERE naam = 'Estafette';
