-- 0018: a match round explains itself. Each proposal keeps, as the round
-- scored them, the criteria on which the pair fits best (a JSON array of
-- {"criterium": code, "score": 0-100}, best first: codes only, nothing of
-- the families' own words); and the round keeps the waiting vraaggezinnen
-- it could not give a proposal, each with the reason (a fixed sentence).
-- Both are written once, when the round is made, and never changed: they
-- say why Koppel proposed what it proposed on that day.

ALTER TABLE matchvoorstellen ADD COLUMN criteria TEXT CHECK (criteria IS NULL OR criteria LIKE '[%]');

CREATE TABLE matchronde_zonder_voorstel (
    id             INTEGER PRIMARY KEY,
    ronde_id       INTEGER NOT NULL REFERENCES matchrondes(id) ON DELETE CASCADE,
    vraaggezin_id  INTEGER NOT NULL REFERENCES gezinnen(id),
    reden          TEXT NOT NULL
) STRICT;
CREATE INDEX matchronde_zonder_voorstel_ronde ON matchronde_zonder_voorstel(ronde_id, id);
CREATE TRIGGER matchronde_zonder_voorstel_blijft BEFORE UPDATE ON matchronde_zonder_voorstel
BEGIN
    SELECT RAISE(ABORT, 'matchronde_zonder_voorstel is never changed');
END;
