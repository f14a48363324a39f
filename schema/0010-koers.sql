-- 0010: every programme walks its own course (server/koers.h).
--
-- programmas.koers holds the course as JSON: which phases it uses, whether
-- the agreements are signed and a trial evaluation is required, durations
-- in days, weeks or months, the maximum duration and what it counts from,
-- extension, and the rules of its evaluation rhythm. NULL means the course
-- the first model's columns describe (bedenktijd_dagen, proef_maanden or
-- proef_weken, evaluatie_maanden, voortgangsgesprekken, max_maanden): it
-- plans exactly the dates those columns planned, so a programme that
-- already has koppelingen keeps every planned date. Only the default
-- programmes nobody used yet get their own course from domain §1 and §4.
--
-- verlengingen: extensions of a koppeling's maximum end date, never
-- edited; the latest one counts. evaluaties.verzet_reden now also holds the
-- reason a planned conversation was cancelled (vervallen by hand).

ALTER TABLE programmas ADD COLUMN koers TEXT CHECK (koers IS NULL OR koers LIKE '{%}');

CREATE TABLE verlengingen (
    id             INTEGER PRIMARY KEY,
    koppeling_id   INTEGER NOT NULL REFERENCES koppelingen(id),
    tot_op         TEXT NOT NULL,  -- the new maximum end date
    reden          TEXT NOT NULL,
    gebruikersnaam TEXT,
    tijd           TEXT NOT NULL
) STRICT;
CREATE INDEX verlengingen_koppeling ON verlengingen(koppeling_id, id);
CREATE TRIGGER verlengingen_blijven BEFORE UPDATE ON verlengingen
BEGIN
    SELECT RAISE(ABORT, 'verlengingen are never changed');
END;

UPDATE programmas SET koers = CASE naam
    WHEN 'Buurtgezinnen' THEN
        '{"proefperiode":{"aantal":2,"eenheid":"maanden"},"afspraken":"getekend","proefevaluatieVereist":true,' ||
        '"bedenktijd":{"aantal":7,"eenheid":"dagen"},"maximaleDuur":{"aantal":24,"eenheid":"maanden"},' ||
        '"maximaleDuurVanaf":"kennismaking","verlenging":false,"ritme":[' ||
        '{"soort":"evaluatie-proefperiode","vanaf":"proefperiode","eerste":{"aantal":2,"eenheid":"maanden"},"elke":null,"deelname":"samen","hoogstens":0},' ||
        '{"soort":"tussentijdse-evaluatie","vanaf":"lopend","eerste":{"aantal":6,"eenheid":"maanden"},"elke":{"aantal":6,"eenheid":"maanden"},"deelname":"samen","hoogstens":0}]}'
    WHEN 'GezinsBuddy' THEN
        '{"proefperiode":null,"afspraken":"niet-getekend","proefevaluatieVereist":false,' ||
        '"bedenktijd":{"aantal":7,"eenheid":"dagen"},"maximaleDuur":{"aantal":24,"eenheid":"maanden"},' ||
        '"maximaleDuurVanaf":"kennismaking","verlenging":false,"ritme":[' ||
        '{"soort":"tussentijdse-evaluatie","vanaf":"kennismaking","eerste":{"aantal":3,"eenheid":"maanden"},"elke":null,"deelname":"samen","hoogstens":0},' ||
        '{"soort":"voortgangsgesprek","vanaf":"kennismaking","eerste":{"aantal":1,"eenheid":"maanden"},"elke":{"aantal":1,"eenheid":"maanden"},"deelname":"apart","hoogstens":0}]}'
    WHEN 'Estafette' THEN
        '{"proefperiode":null,"afspraken":"niet-getekend","proefevaluatieVereist":false,' ||
        '"bedenktijd":{"aantal":7,"eenheid":"dagen"},"maximaleDuur":{"aantal":10,"eenheid":"weken"},' ||
        '"maximaleDuurVanaf":"kennismaking","verlenging":true,"ritme":[' ||
        '{"soort":"tussentijdse-evaluatie","vanaf":"kennismaking","eerste":{"aantal":3,"eenheid":"weken"},"elke":{"aantal":3,"eenheid":"weken"},"deelname":"samen","hoogstens":0}]}'
    WHEN 'Home-Start' THEN
        '{"proefperiode":null,"afspraken":"niet-getekend","proefevaluatieVereist":false,' ||
        '"bedenktijd":{"aantal":0,"eenheid":"dagen"},"maximaleDuur":{"aantal":12,"eenheid":"maanden"},' ||
        '"maximaleDuurVanaf":"kennismaking","verlenging":false,"ritme":[' ||
        '{"soort":"tussentijdse-evaluatie","vanaf":"kennismaking","eerste":{"aantal":6,"eenheid":"maanden"},"elke":null,"deelname":"samen","hoogstens":0}]}'
    WHEN 'Maatjesproject' THEN
        '{"proefperiode":null,"afspraken":"geen","proefevaluatieVereist":false,' ||
        '"bedenktijd":{"aantal":7,"eenheid":"dagen"},"maximaleDuur":{"aantal":12,"eenheid":"maanden"},' ||
        '"maximaleDuurVanaf":"kennismaking","verlenging":true,"ritme":[' ||
        '{"soort":"kennismakingsgesprek","vanaf":"kennismaking","eerste":{"aantal":2,"eenheid":"weken"},"elke":null,"deelname":"samen","hoogstens":0},' ||
        '{"soort":"tussentijdse-evaluatie","vanaf":"lopend","eerste":{"aantal":3,"eenheid":"maanden"},"elke":{"aantal":3,"eenheid":"maanden"},"deelname":"samen","hoogstens":0}]}'
    WHEN 'Moeders Informeren Moeders' THEN
        '{"proefperiode":null,"afspraken":"geen","proefevaluatieVereist":false,' ||
        '"bedenktijd":{"aantal":0,"eenheid":"dagen"},"maximaleDuur":{"aantal":18,"eenheid":"maanden"},' ||
        '"maximaleDuurVanaf":"kennismaking","verlenging":false,"ritme":[' ||
        '{"soort":"voortgangsgesprek","vanaf":"lopend","eerste":{"aantal":1,"eenheid":"maanden"},"elke":{"aantal":1,"eenheid":"maanden"},"deelname":"apart","hoogstens":0}]}'
    END
WHERE naam IN ('Buurtgezinnen', 'GezinsBuddy', 'Estafette', 'Home-Start', 'Maatjesproject', 'Moeders Informeren Moeders')
  AND NOT EXISTS (SELECT 1 FROM koppelingen k WHERE k.programma_id = programmas.id);
