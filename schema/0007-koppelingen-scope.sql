-- 0007: each koppeling carries its vraaggezin's werkgebied and coordinator,
-- kept current by triggers, so that the caseload overview counts koppelingen
-- and their evaluations per werkgebied and coordinator from an index instead
-- of looking up the vraaggezin of every row. The columns are derived: only
-- the triggers write them.

ALTER TABLE koppelingen ADD COLUMN vraag_werkgebied_id INTEGER;
ALTER TABLE koppelingen ADD COLUMN vraag_coordinator_id INTEGER;

UPDATE koppelingen
SET vraag_werkgebied_id = (SELECT g.werkgebied_id FROM gezinnen g WHERE g.id = koppelingen.vraaggezin_id),
    vraag_coordinator_id = (SELECT g.coordinator_id FROM gezinnen g WHERE g.id = koppelingen.vraaggezin_id);

CREATE TRIGGER koppelingen_vraag_scope_na_insert AFTER INSERT ON koppelingen
BEGIN
    UPDATE koppelingen
    SET vraag_werkgebied_id = (SELECT g.werkgebied_id FROM gezinnen g WHERE g.id = NEW.vraaggezin_id),
        vraag_coordinator_id = (SELECT g.coordinator_id FROM gezinnen g WHERE g.id = NEW.vraaggezin_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER koppelingen_vraag_scope_na_wissel AFTER UPDATE OF vraaggezin_id ON koppelingen
BEGIN
    UPDATE koppelingen
    SET vraag_werkgebied_id = (SELECT g.werkgebied_id FROM gezinnen g WHERE g.id = NEW.vraaggezin_id),
        vraag_coordinator_id = (SELECT g.coordinator_id FROM gezinnen g WHERE g.id = NEW.vraaggezin_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER gezinnen_scope_naar_koppelingen AFTER UPDATE OF werkgebied_id, coordinator_id ON gezinnen
WHEN OLD.werkgebied_id IS NOT NEW.werkgebied_id OR OLD.coordinator_id IS NOT NEW.coordinator_id
BEGIN
    UPDATE koppelingen SET vraag_werkgebied_id = NEW.werkgebied_id, vraag_coordinator_id = NEW.coordinator_id
    WHERE vraaggezin_id = NEW.id;
END;

-- koppelingen per phase and the children they reach, per scope
CREATE INDEX koppelingen_fase_scope ON koppelingen(fase, vraag_werkgebied_id, vraag_coordinator_id, vraaggezin_id);
-- from an evaluation to its koppeling's phase and scope
CREATE INDEX koppelingen_id_scope ON koppelingen(id, fase, vraag_werkgebied_id, vraag_coordinator_id);
-- replaced by the two above
DROP INDEX koppelingen_fase;
DROP INDEX koppelingen_scope;
