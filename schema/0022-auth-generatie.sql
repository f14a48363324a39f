-- 0022: a generation counter for everything a session's rights depend on.
--
-- The daemon keeps the users behind recently used sessions in memory
-- (server/auth.c) and reads only this one row per request, in the same read
-- snapshot as the request's handler: an entry made under another
-- generation is never used. The triggers raise the counter whenever a
-- session ends (logout, expiry, housekeeping, a password change that ends
-- the user's sessions) and whenever a user's name, role, password, active
-- flag or werkgebieden change, or a user is removed, whatever path makes
-- the change (API, command line, plain SQL). Refreshing a session's
-- last-use time does not raise it.
CREATE TABLE auth_generatie (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
) STRICT;
INSERT INTO auth_generatie(id, n) VALUES (1, 1);

CREATE TRIGGER auth_generatie_sessie_weg AFTER DELETE ON sessies
BEGIN
    UPDATE auth_generatie SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER auth_generatie_sessie_anders AFTER UPDATE OF token_hash, gebruiker_id, csrf_token, verloopt_op ON sessies
BEGIN
    UPDATE auth_generatie SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER auth_generatie_gebruiker AFTER UPDATE OF gebruikersnaam, rol, actief, wachtwoord_hash ON gebruikers
BEGIN
    UPDATE auth_generatie SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER auth_generatie_gebruiker_weg AFTER DELETE ON gebruikers
BEGIN
    UPDATE auth_generatie SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER auth_generatie_werkgebied_bij AFTER INSERT ON gebruiker_werkgebieden
BEGIN
    UPDATE auth_generatie SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER auth_generatie_werkgebied_weg AFTER DELETE ON gebruiker_werkgebieden
BEGIN
    UPDATE auth_generatie SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER auth_generatie_werkgebied_anders AFTER UPDATE ON gebruiker_werkgebieden
BEGIN
    UPDATE auth_generatie SET n = n + 1 WHERE id = 1;
END;
