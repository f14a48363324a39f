-- 0025: the wachtlijst with responsibility (issue 19, point 5).
--
-- wachtlijst: per waiting vraaggezin its urgency (a code of the fixed list
-- in server/wachtlijst.c; the API validates it, so the list can grow
-- without a migration) and the named contact person while it waits (a
-- coordinator of the gezin's werkgebied or a beheerder, checked by the API
-- in the statement that writes it). A vraaggezin without a row waits with
-- urgency 'normaal' and nobody named.
--
-- wachtlijst_berichten: the moments the family was told about its wait
-- (op, how: telefoon, mail or bezoek, a short note). Never edited; the
-- latest op is "laatst geïnformeerd". Anonymising a gezin clears the notes.

CREATE TABLE wachtlijst (
    gezin_id          INTEGER PRIMARY KEY REFERENCES gezinnen(id) ON DELETE CASCADE,
    urgentie          TEXT NOT NULL DEFAULT 'normaal',
    contactpersoon_id INTEGER REFERENCES gebruikers(id) ON DELETE SET NULL,
    versie            INTEGER NOT NULL DEFAULT 1,
    gewijzigd_op      TEXT NOT NULL,
    gebruikersnaam    TEXT
) STRICT;
CREATE INDEX wachtlijst_contactpersoon ON wachtlijst(contactpersoon_id);

CREATE TABLE wachtlijst_berichten (
    id             INTEGER PRIMARY KEY,
    gezin_id       INTEGER NOT NULL REFERENCES gezinnen(id) ON DELETE CASCADE,
    op             TEXT NOT NULL,
    wijze          TEXT NOT NULL CHECK (wijze IN ('telefoon', 'mail', 'bezoek')),
    notitie        TEXT,
    gebruiker_id   INTEGER,
    gebruikersnaam TEXT,
    aangemaakt_op  TEXT NOT NULL
) STRICT;
CREATE INDEX wachtlijst_berichten_gezin ON wachtlijst_berichten(gezin_id, op);
