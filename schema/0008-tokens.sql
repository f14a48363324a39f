-- 0008: API tokens have a kind, and die with what they were issued under.
--
-- soort 'api' is a full token for scripts (Authorization: Bearer only);
-- soort 'agenda' reads the owner's agenda.ics and nothing else, and is the
-- only kind accepted in a URL (?token=), because calendar services store
-- the subscription URL on their servers (server/auth.c enforces both).
--
-- Every token of a user is revoked, in the same transaction, when the
-- user's role changes, when the user is disabled and when the password is
-- set to something new. Revocation is permanent: re-enabling the user
-- does not bring a token back. The trigger does this rather than each
-- code path that changes a user (API, command line), so no path can forget
-- it. The one update of the password hash that is not a new password, the
-- rehash with newer argon2id parameters at login, says so by raising
-- hash_vernieuwd in the same statement.

ALTER TABLE api_tokens ADD COLUMN soort TEXT NOT NULL DEFAULT 'api' CHECK (soort IN ('api', 'agenda'));
ALTER TABLE gebruikers ADD COLUMN hash_vernieuwd INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER gebruikers_tokens_intrekken
AFTER UPDATE OF rol, actief, wachtwoord_hash ON gebruikers
WHEN NEW.rol IS NOT OLD.rol
  OR (OLD.actief = 1 AND NEW.actief = 0)
  OR (NEW.wachtwoord_hash IS NOT OLD.wachtwoord_hash AND NEW.hash_vernieuwd IS OLD.hash_vernieuwd)
BEGIN
    UPDATE api_tokens SET ingetrokken_op = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    WHERE gebruiker_id = NEW.id AND ingetrokken_op IS NULL;
END;

