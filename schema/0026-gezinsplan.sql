-- 0026: the gezinsplan of a vraaggezin, "één gezin, één plan" (server/gezinsplan.h).
--
-- Every change of a plan stores a new version; a version is never changed
-- or deleted (two triggers, like verlengingen in 0010). The current plan is
-- the highest versie of its gezin. plan holds the version as JSON: its own
-- fields (opgesteldOp, aanwezig, afspraken, notitie) and its goals (doelen:
-- id, the goal in the family's words, its owner, an optional theme, the
-- start score, the latest score with its date, a status). soort says what
-- made the version: the first plan, a change, or an evaluation (new
-- latest scores).
--
-- The one exception: anonymising a gezin (api_avg.c) first marks the gezin
-- and then replaces the texts in every version of its plan; the trigger
-- lets an update through only for an anonymised gezin and only of plan.

CREATE TABLE gezinsplan_versies (
    id             INTEGER PRIMARY KEY,
    gezin_id       INTEGER NOT NULL REFERENCES gezinnen(id),
    versie         INTEGER NOT NULL CHECK (versie >= 1),
    soort          TEXT NOT NULL CHECK (soort IN ('opgesteld', 'gewijzigd', 'evaluatie')),
    plan           TEXT NOT NULL CHECK (plan LIKE '{%}'),
    gebruikersnaam TEXT,
    tijd           TEXT NOT NULL,
    UNIQUE (gezin_id, versie)
) STRICT;

CREATE TRIGGER gezinsplan_versies_blijven BEFORE UPDATE ON gezinsplan_versies
WHEN (SELECT geanonimiseerd_op FROM gezinnen WHERE id = OLD.gezin_id) IS NULL
  OR NEW.id IS NOT OLD.id OR NEW.gezin_id IS NOT OLD.gezin_id OR NEW.versie IS NOT OLD.versie
  OR NEW.soort IS NOT OLD.soort OR NEW.gebruikersnaam IS NOT OLD.gebruikersnaam OR NEW.tijd IS NOT OLD.tijd
BEGIN
    SELECT RAISE(ABORT, 'gezinsplan versions are never changed');
END;

CREATE TRIGGER gezinsplan_versies_niet_weg BEFORE DELETE ON gezinsplan_versies
BEGIN
    SELECT RAISE(ABORT, 'gezinsplan versions are never deleted');
END;
