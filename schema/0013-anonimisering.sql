-- 0013: anonymising a gezin (the AVG's right to erasure, and the end of
-- the retention period).
--
-- The beheerder (or `koppel anonimiseer --verlopen`) anonymises a gezin
-- in one transaction (server/api_avg.c): names, contact details, the
-- address below PC4, birth dates (the year stays, in leden.geboortejaar)
-- and every free text about it are removed; roles, statuses and their
-- dates, koppelingen, phases and their dates, stop reasons and the
-- children stay, so that the reports of past periods do not change.
-- geanonimiseerd_op records when; the reason is in the audit entry.
--
-- Logboek entries, agreements and extensions are never edited, except to
-- empty their text when the gezin they belong to is anonymised: the
-- triggers below allow exactly that, and refuse every edit of a gezin
-- once it is anonymised.

ALTER TABLE gezinnen ADD COLUMN geanonimiseerd_op TEXT;
ALTER TABLE leden ADD COLUMN geboortejaar INTEGER CHECK (geboortejaar IS NULL OR geboortejaar BETWEEN 1900 AND 2200);

CREATE INDEX gezinnen_geanonimiseerd ON gezinnen(geanonimiseerd_op) WHERE geanonimiseerd_op IS NOT NULL;

-- An anonymised gezin stays as it is: only its werkgebied and coordinator
-- may still move (a werkgebied is split or a coordinator leaves).
CREATE TRIGGER gezinnen_geanonimiseerd_blijft BEFORE UPDATE OF naam, rol, status, postcode, plaats, profiel, geanonimiseerd_op
ON gezinnen
WHEN OLD.geanonimiseerd_op IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'an anonymised gezin is not edited');
END;

CREATE TRIGGER logboek_geanonimiseerd_geen_nieuwe BEFORE INSERT ON logboek
WHEN (SELECT geanonimiseerd_op FROM gezinnen WHERE id = NEW.gezin_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'an anonymised gezin gets no new logboek entries');
END;

DROP TRIGGER logboek_no_update;
CREATE TRIGGER logboek_no_update BEFORE UPDATE ON logboek
WHEN NOT (NEW.tekst = '' AND NEW.datum = OLD.datum AND NEW.soort = OLD.soort
          AND (SELECT geanonimiseerd_op FROM gezinnen WHERE id = OLD.gezin_id) IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'logboek entries are never edited; add a correction');
END;

DROP TRIGGER afspraken_no_update;
CREATE TRIGGER afspraken_no_update BEFORE UPDATE ON afspraken
WHEN NOT (NEW.inhoud = '{}' AND NEW.versie = OLD.versie AND NEW.koppeling_id = OLD.koppeling_id
          AND EXISTS (SELECT 1 FROM koppelingen k JOIN gezinnen g ON g.id IN (k.vraaggezin_id, k.steungezin_id)
                      WHERE k.id = OLD.koppeling_id AND g.geanonimiseerd_op IS NOT NULL))
BEGIN
    SELECT RAISE(ABORT, 'agreements are versioned: add a new version');
END;

DROP TRIGGER verlengingen_blijven;
CREATE TRIGGER verlengingen_blijven BEFORE UPDATE ON verlengingen
WHEN NOT (NEW.reden = '' AND NEW.tot_op = OLD.tot_op AND NEW.koppeling_id = OLD.koppeling_id
          AND EXISTS (SELECT 1 FROM koppelingen k JOIN gezinnen g ON g.id IN (k.vraaggezin_id, k.steungezin_id)
                      WHERE k.id = OLD.koppeling_id AND g.geanonimiseerd_op IS NOT NULL))
BEGIN
    SELECT RAISE(ABORT, 'verlengingen are never changed');
END;
