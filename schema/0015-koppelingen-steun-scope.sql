-- 0015: each koppeling also carries its supporter's current werkgebied, kept
-- by triggers in the same transaction as any change, like the vraaggezin's
-- (0007). A koppeling is visible only while the caller sees both its
-- gezinnen (server/scope.h); the caseload overview counts koppelingen and
-- their evaluations from indexes, and with this column the supporter's side
-- of that rule is read from the same index instead of one gezinnen row per
-- koppeling. The column is derived: only the triggers write it.

ALTER TABLE koppelingen ADD COLUMN steun_werkgebied_id INTEGER;

UPDATE koppelingen
SET steun_werkgebied_id = (SELECT g.werkgebied_id FROM gezinnen g WHERE g.id = koppelingen.steungezin_id);

CREATE TRIGGER koppelingen_steun_scope_na_insert AFTER INSERT ON koppelingen
BEGIN
    UPDATE koppelingen
    SET steun_werkgebied_id = (SELECT g.werkgebied_id FROM gezinnen g WHERE g.id = NEW.steungezin_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER koppelingen_steun_scope_na_wissel AFTER UPDATE OF steungezin_id ON koppelingen
BEGIN
    UPDATE koppelingen
    SET steun_werkgebied_id = (SELECT g.werkgebied_id FROM gezinnen g WHERE g.id = NEW.steungezin_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER gezinnen_steun_scope_naar_koppelingen AFTER UPDATE OF werkgebied_id ON gezinnen
WHEN OLD.werkgebied_id IS NOT NEW.werkgebied_id
BEGIN
    UPDATE koppelingen SET steun_werkgebied_id = NEW.werkgebied_id WHERE steungezin_id = NEW.id;
END;

-- the two scope indexes of 0007, now with the supporter's werkgebied
DROP INDEX koppelingen_fase_scope;
CREATE INDEX koppelingen_fase_scope ON koppelingen(fase, vraag_werkgebied_id, vraag_coordinator_id, vraaggezin_id,
                                                   steun_werkgebied_id);
DROP INDEX koppelingen_id_scope;
CREATE INDEX koppelingen_id_scope ON koppelingen(id, fase, vraag_werkgebied_id, vraag_coordinator_id, steun_werkgebied_id);
