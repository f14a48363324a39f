-- 0005: what matching needs beyond gezinnen and koppelingen: weights per
-- programme, manual exclusions of a pair, and match rounds whose proposals
-- a coordinator accepts (creating a koppeling in voorstel) or rejects.

ALTER TABLE programmas ADD COLUMN gewichten TEXT;            -- JSON {criterium: 0-100}; NULL: the documented defaults
ALTER TABLE programmas ADD COLUMN wachttijd_prioriteit INTEGER NOT NULL DEFAULT 0
    CHECK (wachttijd_prioriteit BETWEEN 0 AND 100);         -- bonus points for a year of waiting, in rounds

CREATE TABLE uitsluitingen (
    id             INTEGER PRIMARY KEY,
    vraaggezin_id  INTEGER NOT NULL REFERENCES gezinnen(id) ON DELETE CASCADE,
    steungezin_id  INTEGER NOT NULL REFERENCES gezinnen(id) ON DELETE CASCADE,
    reden          TEXT NOT NULL,
    gebruikersnaam TEXT,
    aangemaakt_op  TEXT NOT NULL,
    UNIQUE (vraaggezin_id, steungezin_id)
) STRICT;

CREATE TABLE matchrondes (
    id                   INTEGER PRIMARY KEY,
    werkgebied_id        INTEGER NOT NULL REFERENCES werkgebieden(id),
    programma_id         INTEGER NOT NULL REFERENCES programmas(id),
    wachttijd_prioriteit INTEGER NOT NULL,
    totaal_optimaal      INTEGER NOT NULL,
    totaal_greedy        INTEGER NOT NULL,
    vraaggezinnen        INTEGER NOT NULL,   -- waiting families considered
    steungezinnen        INTEGER NOT NULL,   -- available supporters considered
    gebruikersnaam       TEXT,
    aangemaakt_op        TEXT NOT NULL
) STRICT;

CREATE TABLE matchvoorstellen (
    id             INTEGER PRIMARY KEY,
    ronde_id       INTEGER NOT NULL REFERENCES matchrondes(id) ON DELETE CASCADE,
    vraaggezin_id  INTEGER NOT NULL REFERENCES gezinnen(id),
    steungezin_id  INTEGER NOT NULL REFERENCES gezinnen(id),
    score          INTEGER NOT NULL,
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'geaccepteerd', 'afgewezen')),
    koppeling_id   INTEGER REFERENCES koppelingen(id),
    beslist_op     TEXT,
    gebruikersnaam TEXT
) STRICT;
CREATE INDEX matchvoorstellen_ronde ON matchvoorstellen(ronde_id);
