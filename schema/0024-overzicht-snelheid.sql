-- 0024: the caseload overview's counts from narrow indexes only.
--
-- Each evaluation carries its koppeling's scope: the vraaggezin's werkgebied
-- and coordinator, the supporter's werkgebied (the copies of 0007 and 0015)
-- and the programme, kept by triggers in the same transaction as any change
-- of the koppeling or of either gezin (the koppeling's copies are themselves
-- kept by the triggers of 0007 and 0015, whose updates fire the trigger
-- below). The open evaluations overdue or due within 30 days are then
-- counted per scope from one partial index, without looking up the
-- koppeling of each of them (about 20,000 lookups for the beheerder at
-- 100,000 gezinnen). The columns are derived: only the triggers write them.

ALTER TABLE evaluaties ADD COLUMN vraag_werkgebied_id INTEGER;
ALTER TABLE evaluaties ADD COLUMN vraag_coordinator_id INTEGER;
ALTER TABLE evaluaties ADD COLUMN steun_werkgebied_id INTEGER;
ALTER TABLE evaluaties ADD COLUMN programma_id INTEGER;

UPDATE evaluaties
SET (vraag_werkgebied_id, vraag_coordinator_id, steun_werkgebied_id, programma_id) =
    (SELECT k.vraag_werkgebied_id, k.vraag_coordinator_id, k.steun_werkgebied_id, k.programma_id
     FROM koppelingen k WHERE k.id = evaluaties.koppeling_id);

CREATE TRIGGER evaluaties_scope_na_insert AFTER INSERT ON evaluaties
BEGIN
    UPDATE evaluaties
    SET (vraag_werkgebied_id, vraag_coordinator_id, steun_werkgebied_id, programma_id) =
        (SELECT k.vraag_werkgebied_id, k.vraag_coordinator_id, k.steun_werkgebied_id, k.programma_id
         FROM koppelingen k WHERE k.id = NEW.koppeling_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER evaluaties_scope_na_wissel AFTER UPDATE OF koppeling_id ON evaluaties
BEGIN
    UPDATE evaluaties
    SET (vraag_werkgebied_id, vraag_coordinator_id, steun_werkgebied_id, programma_id) =
        (SELECT k.vraag_werkgebied_id, k.vraag_coordinator_id, k.steun_werkgebied_id, k.programma_id
         FROM koppelingen k WHERE k.id = NEW.koppeling_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER koppelingen_scope_naar_evaluaties
AFTER UPDATE OF vraag_werkgebied_id, vraag_coordinator_id, steun_werkgebied_id, programma_id ON koppelingen
WHEN OLD.vraag_werkgebied_id IS NOT NEW.vraag_werkgebied_id OR OLD.vraag_coordinator_id IS NOT NEW.vraag_coordinator_id
  OR OLD.steun_werkgebied_id IS NOT NEW.steun_werkgebied_id OR OLD.programma_id IS NOT NEW.programma_id
BEGIN
    UPDATE evaluaties
    SET vraag_werkgebied_id = NEW.vraag_werkgebied_id, vraag_coordinator_id = NEW.vraag_coordinator_id,
        steun_werkgebied_id = NEW.steun_werkgebied_id, programma_id = NEW.programma_id
    WHERE koppeling_id = NEW.id;
END;

-- open evaluations by date with their scope (replaces evaluaties_open of 0006)
CREATE INDEX evaluaties_open_scope ON evaluaties(gepland_op, vraag_werkgebied_id, vraag_coordinator_id,
                                                 steun_werkgebied_id, programma_id)
    WHERE gehouden_op IS NULL AND vervallen = 0;

-- the koppeling scope indexes of 0015 with the programme, so that a count
-- filtered (or not) by programme reads the index alone, never the table row
DROP INDEX koppelingen_fase_scope;
CREATE INDEX koppelingen_fase_scope ON koppelingen(fase, vraag_werkgebied_id, vraag_coordinator_id, vraaggezin_id,
                                                   steun_werkgebied_id, programma_id);
DROP INDEX koppelingen_id_scope;
CREATE INDEX koppelingen_id_scope ON koppelingen(id, fase, vraag_werkgebied_id, vraag_coordinator_id,
                                                 steun_werkgebied_id, programma_id);
