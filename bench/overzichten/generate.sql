-- bench/overzichten/generate.sql - fills a migrated koppel database with
-- generated gezinnen for bench/overzichten/run.sh (see bench/README.md); then
-- koppelingen.sql adds the koppelingen. A copy of bench/gezinnen/generate.sql
-- as of this benchmark, so that the two benchmarks can change separately.
--
--   sqlite3 -bail k.db -cmd 'PRAGMA temp_store = MEMORY' \
--           -cmd '.parameter set @gezinnen 100000' < generate.sql
--
-- (temp_store is set by the caller: changing it inside this script would drop
-- the temp schema, and with it the @gezinnen parameter.)
--
-- Needs: schema 0003 or later, the PC4 table imported, at least two
-- werkgebieden, at least one coordinator and one beheerder, and no gezinnen
-- yet. Gezinnen with a PC4 below the median PC4 go to the werkgebied with the
-- lowest id, the others to the next one; the first coordinator (lowest id)
-- is responsible for most gezinnen of the first werkgebied, the first
-- beheerder for half of those of the second.
--
-- The rows are what server/gezinnen.c writes for a new gezin: the gezinnen row
-- (columns plus the JSON profiel), 1-4 leden, one gezin_rollen and one
-- gezin_statussen row, one 'registratie' toestemming, and the gezinnen_zoek
-- row (rowid = gezin id, tekst = naam || ' ' || plaats). No audit entries:
-- the generated gezinnen were never created through the API.
--
-- The data is deterministic: every choice comes from a fixed integer hash of
-- the gezin number, so two runs with the same count produce the same names,
-- places and statuses (only dates move with the current day).
-- @gezinnen (default 100000) sets the number of gezinnen.

-- Benchmark data only: no fsync, and a rollback journal instead of WAL while
-- loading, so that every page is written once instead of twice (WAL, then the
-- checkpoint). WAL is switched back on at the end; koppel sets it anyway.
PRAGMA journal_mode = DELETE;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;

BEGIN;

CREATE TEMP TABLE gen_param AS
SELECT coalesce(@gezinnen, 100000) AS aantal,
       date('now') AS vandaag,
       (SELECT id FROM werkgebieden ORDER BY id LIMIT 1) AS wg_a,
       (SELECT id FROM werkgebieden ORDER BY id LIMIT 1 OFFSET 1) AS wg_b,
       (SELECT pc4 FROM postcodes ORDER BY pc4 LIMIT 1 OFFSET (SELECT count(*) / 2 FROM postcodes)) AS pc4_midden,
       (SELECT id FROM gebruikers WHERE rol = 'coordinator' AND actief ORDER BY id LIMIT 1) AS coord_id,
       (SELECT gebruikersnaam FROM gebruikers WHERE rol = 'coordinator' AND actief ORDER BY id LIMIT 1) AS coord_login,
       (SELECT id FROM gebruikers WHERE rol = 'beheerder' AND actief ORDER BY id LIMIT 1) AS beheer_id,
       (SELECT gebruikersnaam FROM gebruikers WHERE rol = 'beheerder' AND actief ORDER BY id LIMIT 1) AS beheer_login,
       (SELECT count(*) FROM gezinnen) AS bestaand;

-- Refuse to run on a database that does not fit (the CHECK fails the insert,
-- and -bail stops the script before anything is committed).
CREATE TEMP TABLE gen_check (
    ok INTEGER NOT NULL
       CONSTRAINT "generate.sql needs two werkgebieden, a coordinator, a beheerder, the PC4 table and no gezinnen"
       CHECK (ok = 1)
);
INSERT INTO gen_check
SELECT aantal BETWEEN 1 AND 10000000 AND wg_a IS NOT NULL AND wg_b IS NOT NULL AND pc4_midden IS NOT NULL
       AND coord_id IS NOT NULL AND beheer_id IS NOT NULL AND bestaand = 0
FROM gen_param;

-- --- word lists ---------------------------------------------------------------

CREATE TEMP TABLE gen_lijst (
    lijst  TEXT NOT NULL,
    idx    INTEGER NOT NULL,
    waarde TEXT NOT NULL,
    PRIMARY KEY (lijst, idx)
) WITHOUT ROWID;

-- Surnames, most common first: the pick below favours the front of the list,
-- so the last names are rare (a few hundred gezinnen each in 100,000).
INSERT INTO gen_lijst SELECT 'achternaam', key, value FROM json_each('[
 "de Jong","Jansen","de Vries","van den Berg","van Dijk","Bakker","Janssen","Visser","Smit","Meijer",
 "de Boer","Mulder","de Groot","Bos","Vos","Peters","Hendriks","van Leeuwen","Dekker","Brouwer",
 "de Wit","Dijkstra","Smits","de Graaf","van der Meer","van der Linden","Kok","Jacobs","de Haan","Vermeulen",
 "van den Heuvel","van der Veen","van den Broek","de Bruijn","de Bruin","van der Heijden","Schouten","van Beek","Willems","van Vliet",
 "van de Ven","Hoekstra","Maas","Verhoeven","Koster","van Dam","van der Wal","Prins","Blom","Huisman",
 "Yilmaz","El Amrani","de Jonge","Kuipers","van Veen","Post","Kaya","Veenstra","Kramer","van den Brink",
 "Scholten","van Wijk","Postma","Martens","Vink","de Ruiter","Bouzid","Timmermans","Groen","Gerritsen",
 "Jonker","van Loon","Demir","Boer","van der Velde","Willemsen","Smeets","de Lange","de Vos","Nguyen",
 "Bosch","van Dongen","Schipper","de Koning","Öztürk","van der Laan","Koning","Pinas","Driessen","van Doorn",
 "Hermans","Evers","Haddou","van den Bosch","Sedney","van der Meulen","Hofman","Bosman","Wolters","Sanders",
 "van der Horst","Mol","Kuijpers","Molenaar","Ait Hamou","van de Pol","de Leeuw","Verbeek","Kartosen","Graanoogst"
]');

INSERT INTO gen_lijst SELECT 'voornaam_volw', key, value FROM json_each('[
 "Marieke","Sanne","Linda","Fatima","Esther","Anouk","Iris","Petra","Naima","Yvonne",
 "Saskia","Ayşe","Mirjam","Kim","Nicole","Samira","Judith","Monique","Ilse","Wendy",
 "Mark","Dennis","Jeroen","Mohamed","Bas","Erik","Rachid","Mehmet","Thijs","Pieter",
 "Joost","Ahmed","Ruud","Martijn","Kevin","Stefan","Hakan","Rob","Johan","Youssef",
 "Annemiek","Lotte","Femke","Karin","Bram","Sander","Niels","Priya","Winston","Lieke"
]');

INSERT INTO gen_lijst SELECT 'voornaam_kind', key, value FROM json_each('[
 "Sem","Noah","Liam","Lucas","Finn","Daan","Levi","Milan","Adam","Mees",
 "Emma","Julia","Mila","Tess","Sophie","Zoë","Nora","Yara","Saar","Lina",
 "Luuk","Bram","Jesse","Ryan","Amir","Ilias","Mohammed","Olivia","Fenna","Lieke",
 "Sara","Maryam","Ella","Jayden","Noor","Elif","Rayan","Evi","Hamza","Isa"
]');

INSERT INTO gen_lijst SELECT 'straat', key, value FROM json_each('[
 "Dorpsstraat","Kerkstraat","Schoolstraat","Molenweg","Lindelaan","Beukenlaan","Stationsweg","Julianastraat",
 "Wilhelminastraat","Prinses Beatrixlaan","Eikenlaan","Kastanjelaan","Nieuwstraat","Hoofdstraat","Marktplein",
 "Parallelweg","Sportlaan","Zonnebloemstraat","Tulpstraat","Rozenstraat","Lindengracht","Havenstraat",
 "Industrieweg","Vogelzang","Merelstraat","Spoorstraat","Burgemeester de Withstraat","Van Goghlaan"
]');

INSERT INTO gen_lijst SELECT 'wat_gaat_goed', key, value FROM json_each('[
 "Veel liefde in huis, de kinderen gaan graag naar school.",
 "Moeder is creatief en kookt elke dag samen met de kinderen.",
 "Hecht gezin met een grote vriendenkring in de buurt.",
 "Vader is handig en helpt buren graag met klussen.",
 "De kinderen sporten veel en hebben goede vriendjes.",
 "Ouders zijn open over wat ze nodig hebben en vragen zelf om hulp.",
 "Oma woont dichtbij en springt bij als het kan.",
 "Het gezin heeft een vaste structuur door de week.",
 "De oudste dochter zit op muziekles en treedt graag op.",
 "Moeder heeft net een nieuwe baan gevonden en is trots."
]');

INSERT INTO gen_lijst SELECT 'vraag', key, value FROM json_each('[
 "Een paar uur per week rust, zodat ik ook aandacht heb voor de baby.",
 "Iemand bij wie de kinderen af en toe een weekend kunnen logeren.",
 "Hulp bij het huiswerk van onze zoon, wij spreken nog weinig Nederlands.",
 "Een luisterend oor en iemand die meedenkt over de opvoeding.",
 "Iemand die onze dochter meeneemt naar buiten, naar de kinderboerderij of het bos.",
 "Hulp met de post en de rekeningen, het loopt me boven het hoofd.",
 "Een vast adres voor de kinderen als ik naar het ziekenhuis moet.",
 "Even samen koken en eten met een ander gezin, we zijn vaak alleen."
]');

INSERT INTO gen_lijst SELECT 'motivatie', key, value FROM json_each('[
 "Onze kinderen zijn groot, we hebben tijd en ruimte over.",
 "Ik ben zelf geholpen toen het moeilijk was en wil iets terugdoen.",
 "We vinden het fijn om ons huis open te stellen voor een ander kind.",
 "Ik werk parttime en wil mijn vrije middag zinvol besteden.",
 "Als student pedagogiek wil ik ervaring opdoen in een gezin."
]');

INSERT INTO gen_lijst SELECT 'interesse', key, value FROM json_each('[
 "koken","voetbal","tekenen","voorlezen","fietsen","muziek","tuinieren","knutselen","zwemmen","dieren"
]');

INSERT INTO gen_lijst SELECT 'steunvorm', key, value FROM json_each('[
 "opvang-overdag","weekendopvang","praktische-hulp","netwerk-uitbreiden","spelen-met-andere-kinderen",
 "extra-aandacht-kind","opvoedsteun","luisterend-oor","mee-naar-instanties","administratie-en-geld",
 "taal","huiswerk-en-lezen","klussen"
]');

INSERT INTO gen_lijst SELECT 'dag', key, value FROM json_each('["ma","di","wo","do","vr","za","zo"]');
INSERT INTO gen_lijst SELECT 'deel', key, value FROM json_each('["ochtend","middag","avond","nacht"]');
INSERT INTO gen_lijst SELECT 'frequentie', key, value FROM json_each('["wekelijks","wekelijks","tweewekelijks","maandelijks","anders"]');
INSERT INTO gen_lijst SELECT 'verwijzer', key, value FROM json_each('[
 "zelf","wijkteam","wijkteam","jeugdteam","school","huisarts","poh-ggz","jgz","voedselbank","anders"
]');
INSERT INTO gen_lijst SELECT 'talen', key, value FROM json_each('[
 "[\"nl\"]","[\"nl\"]","[\"nl\"]","[\"nl\"]","[\"nl\"]","[\"nl\",\"en\"]","[\"nl\",\"ar\"]","[\"nl\",\"tr\"]",
 "[\"ar\"]","[\"pl\",\"en\"]","[\"nl\",\"pap\"]","[\"ti\"]"
]');
INSERT INTO gen_lijst SELECT 'steunstijl', key, value FROM json_each('["activerend","afwisselend","overnemend"]');

CREATE TEMP TABLE gen_telling AS SELECT lijst, count(*) AS n FROM gen_lijst GROUP BY lijst;

-- Real PC4 areas, numbered 0..n-1.
CREATE TEMP TABLE gen_pc (idx INTEGER PRIMARY KEY, pc4 INTEGER, plaats TEXT, lat REAL, lon REAL);
INSERT INTO gen_pc SELECT row_number() OVER (ORDER BY pc4) - 1, pc4, plaats, lat, lon FROM postcodes;

-- --- random words: 16 hashed 32-bit words per gezin -----------------------------
-- Word j of gezin n is a hash of n * 16 + j: a multiple of the golden-ratio
-- constant, then two xor-shift-multiply rounds and a final xor-shift (a
-- 32-bit integer finaliser). SQLite has no xor operator, so a ^ b is written
-- (a | b) - (a & b). Every product stays below 2^63: nothing overflows into
-- floating point. Words h0..h11 describe the gezin, l0..l3 its leden (one
-- word per lid). One row per gezin with 16 columns is several times faster
-- than one row per word.

CREATE TEMP TABLE gen_h AS
WITH RECURSIVE
    seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < (SELECT aantal FROM gen_param)),
    r0 AS MATERIALIZED (SELECT n,
        ((n * 16 +  0) * 2654435761 + 40503) % 4294967296 AS h0,
        ((n * 16 +  1) * 2654435761 + 40503) % 4294967296 AS h1,
        ((n * 16 +  2) * 2654435761 + 40503) % 4294967296 AS h2,
        ((n * 16 +  3) * 2654435761 + 40503) % 4294967296 AS h3,
        ((n * 16 +  4) * 2654435761 + 40503) % 4294967296 AS h4,
        ((n * 16 +  5) * 2654435761 + 40503) % 4294967296 AS h5,
        ((n * 16 +  6) * 2654435761 + 40503) % 4294967296 AS h6,
        ((n * 16 +  7) * 2654435761 + 40503) % 4294967296 AS h7,
        ((n * 16 +  8) * 2654435761 + 40503) % 4294967296 AS h8,
        ((n * 16 +  9) * 2654435761 + 40503) % 4294967296 AS h9,
        ((n * 16 + 10) * 2654435761 + 40503) % 4294967296 AS h10,
        ((n * 16 + 11) * 2654435761 + 40503) % 4294967296 AS h11,
        ((n * 16 + 12) * 2654435761 + 40503) % 4294967296 AS l0,
        ((n * 16 + 13) * 2654435761 + 40503) % 4294967296 AS l1,
        ((n * 16 + 14) * 2654435761 + 40503) % 4294967296 AS l2,
        ((n * 16 + 15) * 2654435761 + 40503) % 4294967296 AS l3
        FROM seq),
    r1 AS MATERIALIZED (SELECT n,
        ((h0 | (h0 >> 16)) - (h0 & (h0 >> 16))) * 73244475 % 4294967296 AS h0,
        ((h1 | (h1 >> 16)) - (h1 & (h1 >> 16))) * 73244475 % 4294967296 AS h1,
        ((h2 | (h2 >> 16)) - (h2 & (h2 >> 16))) * 73244475 % 4294967296 AS h2,
        ((h3 | (h3 >> 16)) - (h3 & (h3 >> 16))) * 73244475 % 4294967296 AS h3,
        ((h4 | (h4 >> 16)) - (h4 & (h4 >> 16))) * 73244475 % 4294967296 AS h4,
        ((h5 | (h5 >> 16)) - (h5 & (h5 >> 16))) * 73244475 % 4294967296 AS h5,
        ((h6 | (h6 >> 16)) - (h6 & (h6 >> 16))) * 73244475 % 4294967296 AS h6,
        ((h7 | (h7 >> 16)) - (h7 & (h7 >> 16))) * 73244475 % 4294967296 AS h7,
        ((h8 | (h8 >> 16)) - (h8 & (h8 >> 16))) * 73244475 % 4294967296 AS h8,
        ((h9 | (h9 >> 16)) - (h9 & (h9 >> 16))) * 73244475 % 4294967296 AS h9,
        ((h10 | (h10 >> 16)) - (h10 & (h10 >> 16))) * 73244475 % 4294967296 AS h10,
        ((h11 | (h11 >> 16)) - (h11 & (h11 >> 16))) * 73244475 % 4294967296 AS h11,
        ((l0 | (l0 >> 16)) - (l0 & (l0 >> 16))) * 73244475 % 4294967296 AS l0,
        ((l1 | (l1 >> 16)) - (l1 & (l1 >> 16))) * 73244475 % 4294967296 AS l1,
        ((l2 | (l2 >> 16)) - (l2 & (l2 >> 16))) * 73244475 % 4294967296 AS l2,
        ((l3 | (l3 >> 16)) - (l3 & (l3 >> 16))) * 73244475 % 4294967296 AS l3
        FROM r0),
    r2 AS MATERIALIZED (SELECT n,
        ((h0 | (h0 >> 16)) - (h0 & (h0 >> 16))) * 73244475 % 4294967296 AS h0,
        ((h1 | (h1 >> 16)) - (h1 & (h1 >> 16))) * 73244475 % 4294967296 AS h1,
        ((h2 | (h2 >> 16)) - (h2 & (h2 >> 16))) * 73244475 % 4294967296 AS h2,
        ((h3 | (h3 >> 16)) - (h3 & (h3 >> 16))) * 73244475 % 4294967296 AS h3,
        ((h4 | (h4 >> 16)) - (h4 & (h4 >> 16))) * 73244475 % 4294967296 AS h4,
        ((h5 | (h5 >> 16)) - (h5 & (h5 >> 16))) * 73244475 % 4294967296 AS h5,
        ((h6 | (h6 >> 16)) - (h6 & (h6 >> 16))) * 73244475 % 4294967296 AS h6,
        ((h7 | (h7 >> 16)) - (h7 & (h7 >> 16))) * 73244475 % 4294967296 AS h7,
        ((h8 | (h8 >> 16)) - (h8 & (h8 >> 16))) * 73244475 % 4294967296 AS h8,
        ((h9 | (h9 >> 16)) - (h9 & (h9 >> 16))) * 73244475 % 4294967296 AS h9,
        ((h10 | (h10 >> 16)) - (h10 & (h10 >> 16))) * 73244475 % 4294967296 AS h10,
        ((h11 | (h11 >> 16)) - (h11 & (h11 >> 16))) * 73244475 % 4294967296 AS h11,
        ((l0 | (l0 >> 16)) - (l0 & (l0 >> 16))) * 73244475 % 4294967296 AS l0,
        ((l1 | (l1 >> 16)) - (l1 & (l1 >> 16))) * 73244475 % 4294967296 AS l1,
        ((l2 | (l2 >> 16)) - (l2 & (l2 >> 16))) * 73244475 % 4294967296 AS l2,
        ((l3 | (l3 >> 16)) - (l3 & (l3 >> 16))) * 73244475 % 4294967296 AS l3
        FROM r1)
SELECT n,
    ((h0 | (h0 >> 16)) - (h0 & (h0 >> 16))) AS h0,
    ((h1 | (h1 >> 16)) - (h1 & (h1 >> 16))) AS h1,
    ((h2 | (h2 >> 16)) - (h2 & (h2 >> 16))) AS h2,
    ((h3 | (h3 >> 16)) - (h3 & (h3 >> 16))) AS h3,
    ((h4 | (h4 >> 16)) - (h4 & (h4 >> 16))) AS h4,
    ((h5 | (h5 >> 16)) - (h5 & (h5 >> 16))) AS h5,
    ((h6 | (h6 >> 16)) - (h6 & (h6 >> 16))) AS h6,
    ((h7 | (h7 >> 16)) - (h7 & (h7 >> 16))) AS h7,
    ((h8 | (h8 >> 16)) - (h8 & (h8 >> 16))) AS h8,
    ((h9 | (h9 >> 16)) - (h9 & (h9 >> 16))) AS h9,
    ((h10 | (h10 >> 16)) - (h10 & (h10 >> 16))) AS h10,
    ((h11 | (h11 >> 16)) - (h11 & (h11 >> 16))) AS h11,
    ((l0 | (l0 >> 16)) - (l0 & (l0 >> 16))) AS l0,
    ((l1 | (l1 >> 16)) - (l1 & (l1 >> 16))) AS l1,
    ((l2 | (l2 >> 16)) - (l2 & (l2 >> 16))) AS l2,
    ((l3 | (l3 >> 16)) - (l3 & (l3 >> 16))) AS l3
FROM r2;

-- --- the gezinnen, step by step --------------------------------------------------

-- Step 1: role, status, place, dates, sizes.
CREATE TEMP TABLE gen_a AS
SELECT h.*,
       p.bestaand + h.n AS id,
       -- half vraaggezinnen; the supporting half 50/25/15/10
       CASE WHEN h0 % 100 < 50 THEN 'vraaggezin'
            WHEN h0 % 100 < 75 THEN 'steungezin'
            WHEN h0 % 100 < 87 THEN 'steunmaatje'
            WHEN h0 % 100 < 95 THEN 'buddy'
            ELSE 'estafettegezin' END AS rol,
       (h0 >> 8) % 100 AS s,
       pc.pc4, pc.plaats, pc.lat, pc.lon,
       CASE WHEN pc.pc4 < p.pc4_midden THEN p.wg_a ELSE p.wg_b END AS werkgebied_id,
       -- 'AB'..'ZZ' without SA, SD and SS
       char(65 + (h2 >> 13) % 26) ||
           char(CASE WHEN (h2 >> 13) % 26 = 18 AND (h2 >> 18) % 26 IN (0, 3, 18) THEN 66 ELSE 65 + (h2 >> 18) % 26 END)
           AS letters,
       date(p.vandaag, '-' || (h3 % 730) || ' days') AS aangemeld_op,
       (h3 >> 10) % 120 AS status_na_dagen,
       -- rank in the surname list: u^2 favours the front, the last entries get ~0.5 % each
       CAST(((h1 % 65536) / 65536.0) * ((h1 % 65536) / 65536.0) * (SELECT n FROM gen_telling WHERE lijst = 'achternaam') AS INTEGER) AS s1,
       CAST((((h1 >> 16) % 65536) / 65536.0) * (((h1 >> 16) % 65536) / 65536.0) * (SELECT n FROM gen_telling WHERE lijst = 'achternaam') AS INTEGER) AS s2,
       h4 % 4 = 0 AS dubbel
FROM gen_h h, gen_param p
JOIN gen_pc pc ON pc.idx = h.h2 % (SELECT count(*) FROM gen_pc);

-- Step 2: the status for the side, household size, names.
CREATE TEMP TABLE gen_b AS
SELECT a.*,
       CASE WHEN rol = 'vraaggezin' THEN
                CASE WHEN s < 10 THEN 'aangemeld' WHEN s < 20 THEN 'intake' WHEN s < 45 THEN 'wachtend'
                     WHEN s < 80 THEN 'gekoppeld' WHEN s < 95 THEN 'afgerond' ELSE 'gestopt' END
            ELSE
                CASE WHEN s < 10 THEN 'aangemeld' WHEN s < 20 THEN 'screening' WHEN s < 50 THEN 'beschikbaar'
                     WHEN s < 85 THEN 'gekoppeld' WHEN s < 95 THEN 'pauze' ELSE 'gestopt' END
       END AS status,
       CASE WHEN rol = 'vraaggezin' THEN 2 + (h4 >> 4) % 3
            WHEN rol IN ('steunmaatje', 'buddy') THEN 1 + (h4 >> 4) % 2
            ELSE 1 + (h4 >> 4) % 4 END AS n_leden,
       (SELECT waarde FROM gen_lijst WHERE lijst = 'achternaam' AND idx = a.s1) AS achternaam1,
       CASE WHEN dubbel AND s2 <> s1 THEN (SELECT waarde FROM gen_lijst WHERE lijst = 'achternaam' AND idx = a.s2) END AS achternaam2,
       (SELECT waarde FROM gen_lijst WHERE lijst = 'voornaam_volw'
        AND idx = (h4 >> 8) % (SELECT n FROM gen_telling WHERE lijst = 'voornaam_volw')) AS voornaam1
FROM gen_a a;

-- Step 3: adults per household, the display name.
CREATE TEMP TABLE gen_c AS
SELECT b.*,
       CASE WHEN rol IN ('steunmaatje', 'buddy') THEN n_leden
            WHEN n_leden >= 3 AND (h4 >> 14) % 10 < 5 THEN 2
            WHEN n_leden = 2 AND rol <> 'vraaggezin' AND (h4 >> 14) % 10 < 5 THEN 2
            ELSE 1 END AS n_volw,
       CASE WHEN rol IN ('steunmaatje', 'buddy') THEN voornaam1 || ' ' || achternaam1
            ELSE 'Gezin ' || upper(substr(achternaam1, 1, 1)) || substr(achternaam1, 2) ||
                 coalesce('-' || achternaam2, '') END AS naam,
       CASE WHEN status = 'aangemeld' THEN aangemeld_op
            ELSE min(date(aangemeld_op, '+' || status_na_dagen || ' days'), (SELECT vandaag FROM gen_param)) END AS status_datum,
       CASE WHEN werkgebied_id = (SELECT wg_a FROM gen_param) THEN
                CASE WHEN status <> 'aangemeld' AND (h5 % 10) < 8 THEN (SELECT coord_id FROM gen_param) END
            ELSE CASE WHEN status <> 'aangemeld' AND (h5 % 10) < 5 THEN (SELECT beheer_id FROM gen_param) END
       END AS coordinator_id,
       CASE WHEN werkgebied_id = (SELECT wg_a FROM gen_param) THEN (SELECT coord_id FROM gen_param)
            ELSE (SELECT beheer_id FROM gen_param) END AS door_id,
       CASE WHEN werkgebied_id = (SELECT wg_a FROM gen_param) THEN (SELECT coord_login FROM gen_param)
            ELSE (SELECT beheer_login FROM gen_param) END AS door_login
FROM gen_b b;
CREATE INDEX gen_c_id ON gen_c(id);

-- Lists of two distinct codes: index x % m, then one of the m - 1 others.
INSERT INTO gezinnen(id, naam, rol, status, werkgebied_id, coordinator_id, postcode, pc4, plaats, gemeente,
                     lat, lon, aangemeld_op, profiel, versie, aangemaakt_op, gewijzigd_op)
SELECT c.id, c.naam, c.rol, c.status, c.werkgebied_id, c.coordinator_id,
       c.pc4 || ' ' || c.letters, c.pc4, c.plaats, c.plaats, c.lat, c.lon, c.aangemeld_op,
       json_object(
           'watGaatGoed', (SELECT waarde FROM gen_lijst WHERE lijst = 'wat_gaat_goed' AND idx = (h5 >> 12) % 10),
           'netwerk', CASE WHEN (h5 >> 4) % 3 = 0 THEN 'Zus woont in dezelfde stad; contact met de buren is goed.' END,
           'huishouden', CASE WHEN rol IN ('steunmaatje', 'buddy') THEN NULL
                              WHEN (h5 >> 8) % 10 = 0 THEN 'anders'
                              WHEN n_volw = 1 THEN 'eenouder' ELSE 'tweeouder' END,
           'adres', json_object(
               'straat', (SELECT waarde FROM gen_lijst WHERE lijst = 'straat'
                          AND idx = (h6 % (SELECT n FROM gen_telling WHERE lijst = 'straat'))),
               'huisnummer', CAST(1 + (h6 >> 8) % 180 AS TEXT) || CASE WHEN (h6 >> 16) % 8 = 0 THEN '-2' ELSE '' END),
           'talen', json((SELECT waarde FROM gen_lijst WHERE lijst = 'talen' AND idx = (h6 >> 20) % 12)),
           'aangemeldDoor', CASE WHEN rol = 'vraaggezin' THEN json_object(
               'soort', (SELECT waarde FROM gen_lijst WHERE lijst = 'verwijzer' AND idx = h7 % 10),
               'organisatie', CASE WHEN h7 % 10 = 0 THEN NULL ELSE 'Team ' || c.plaats END,
               'contact', NULL) END,
           'vraag', CASE WHEN rol = 'vraaggezin' THEN json_object(
               'tekst', (SELECT waarde FROM gen_lijst WHERE lijst = 'vraag' AND idx = (h7 >> 4) % 8),
               'steunvormen', json_array(
                   (SELECT waarde FROM gen_lijst WHERE lijst = 'steunvorm' AND idx = h8 % 13),
                   (SELECT waarde FROM gen_lijst WHERE lijst = 'steunvorm' AND idx = (h8 % 13 + 1 + (h8 >> 4) % 12) % 13)),
               'dagdelen', json_array(
                   (SELECT waarde FROM gen_lijst WHERE lijst = 'dag' AND idx = (h8 >> 8) % 7) || '-' ||
                   (SELECT waarde FROM gen_lijst WHERE lijst = 'deel' AND idx = (h8 >> 11) % 3),
                   (SELECT waarde FROM gen_lijst WHERE lijst = 'dag' AND idx = ((h8 >> 8) % 7 + 1 + (h8 >> 14) % 6) % 7) || '-' ||
                   (SELECT waarde FROM gen_lijst WHERE lijst = 'deel' AND idx = (h8 >> 17) % 3)),
               'frequentie', (SELECT waarde FROM gen_lijst WHERE lijst = 'frequentie' AND idx = (h8 >> 20) % 5),
               'wensen', json_object(
                   'talen', json('["nl"]'),
                   'levensbeschouwing', NULL,
                   'mannelijkRolmodel', json(CASE WHEN (h9 % 4) = 0 THEN 'true' ELSE 'false' END),
                   'geenHuisdieren', json(CASE WHEN (h9 >> 2) % 6 = 0 THEN 'true' ELSE 'false' END),
                   'nietRoken', json('true'),
                   'anders', NULL),
               'formeleHulp', json_object(
                   'soort', CASE (h9 >> 5) % 5 WHEN 0 THEN 'vrijwillig' WHEN 1 THEN 'gedwongen' ELSE 'geen' END,
                   'tekst', NULL)) END,
           'aanbod', CASE WHEN rol <> 'vraaggezin' THEN json_object(
               'steunvormen', json_array(
                   (SELECT waarde FROM gen_lijst WHERE lijst = 'steunvorm' AND idx = h8 % 13),
                   (SELECT waarde FROM gen_lijst WHERE lijst = 'steunvorm' AND idx = (h8 % 13 + 1 + (h8 >> 4) % 12) % 13)),
               'dagdelen', json_array(
                   (SELECT waarde FROM gen_lijst WHERE lijst = 'dag' AND idx = (h8 >> 8) % 7) || '-' ||
                   (SELECT waarde FROM gen_lijst WHERE lijst = 'deel' AND idx = (h8 >> 11) % 3),
                   (SELECT waarde FROM gen_lijst WHERE lijst = 'dag' AND idx = ((h8 >> 8) % 7 + 1 + (h8 >> 14) % 6) % 7) || '-' ||
                   (SELECT waarde FROM gen_lijst WHERE lijst = 'deel' AND idx = (h8 >> 17) % 3)),
               'frequentie', (SELECT waarde FROM gen_lijst WHERE lijst = 'frequentie' AND idx = (h8 >> 20) % 5),
               'capaciteit', 1 + h9 % 3,
               'leeftijdVan', (h9 >> 2) % 4,
               'leeftijdTot', 8 + (h9 >> 4) % 10,
               'maxAfstandKm', 5 + (h9 >> 8) % 26,
               'talen', json((SELECT waarde FROM gen_lijst WHERE lijst = 'talen' AND idx = (h6 >> 20) % 12)),
               'huisdieren', json(CASE WHEN (h9 >> 13) % 3 = 0 THEN 'true' ELSE 'false' END),
               'rookt', json('false'),
               'ervaringsthemas', json_array(),
               'steunstijl', (SELECT waarde FROM gen_lijst WHERE lijst = 'steunstijl' AND idx = (h9 >> 15) % 3),
               'interesses', json_array(
                   (SELECT waarde FROM gen_lijst WHERE lijst = 'interesse' AND idx = h10 % 10),
                   (SELECT waarde FROM gen_lijst WHERE lijst = 'interesse' AND idx = (h10 % 10 + 1 + (h10 >> 4) % 9) % 10)),
               'motivatie', (SELECT waarde FROM gen_lijst WHERE lijst = 'motivatie' AND idx = (h10 >> 8) % 5),
               'training', NULL,
               'wervingsbron', CASE (h10 >> 12) % 3 WHEN 0 THEN 'Informatieavond' WHEN 1 THEN 'Via vrienden' ELSE 'Website' END) END),
       1,
       c.aangemeld_op || printf('T%02d:%02d:%02dZ', 8 + h11 % 10, (h11 >> 4) % 60, (h11 >> 10) % 60),
       c.status_datum || printf('T%02d:%02d:%02dZ', 8 + (h11 >> 16) % 10, (h11 >> 20) % 60, (h11 >> 26) % 60)
FROM gen_c c
ORDER BY c.id;

-- Leden: adults first (the first one is the contact), then children.
-- Adults on the supporting side carry a VOG date within the last 30 months.
WITH k(k) AS (VALUES (0), (1), (2), (3)),
     l AS (SELECT c.id, c.rol, c.n_volw, c.achternaam1, c.achternaam2, c.voornaam1, k.k,
                  CASE k.k WHEN 0 THEN c.l0 WHEN 1 THEN c.l1 WHEN 2 THEN c.l2 ELSE c.l3 END AS x
           FROM gen_c c JOIN k ON k.k < c.n_leden)
INSERT INTO leden(gezin_id, volgorde, soort, voornaam, achternaam, geboortedatum, telefoon, email, woont_thuis,
                  steun_voor, vog_datum)
SELECT l.id, l.k,
       CASE WHEN l.k < l.n_volw THEN 'volwassene' ELSE 'kind' END,
       CASE WHEN l.k = 0 THEN l.voornaam1
            WHEN l.k < l.n_volw THEN (SELECT waarde FROM gen_lijst WHERE lijst = 'voornaam_volw'
                                     AND idx = x % (SELECT n FROM gen_telling WHERE lijst = 'voornaam_volw'))
            ELSE (SELECT waarde FROM gen_lijst WHERE lijst = 'voornaam_kind'
                  AND idx = x % (SELECT n FROM gen_telling WHERE lijst = 'voornaam_kind')) END,
       CASE WHEN l.k = 1 AND l.k < l.n_volw THEN coalesce(l.achternaam2, l.achternaam1) ELSE l.achternaam1 END,
       CASE WHEN l.k < l.n_volw THEN date((SELECT vandaag FROM gen_param), '-' || (9125 + (x >> 8) % 10950) || ' days')
            ELSE date((SELECT vandaag FROM gen_param), '-' || (30 + (x >> 8) % 6200) || ' days') END,
       CASE WHEN l.k = 0 THEN printf('06 %08d', (x >> 4) % 100000000) END,
       CASE WHEN l.k = 0 THEN 'gezin' || l.id || '@example.nl' END,
       1,
       CASE WHEN l.rol = 'vraaggezin' AND l.k = l.n_volw THEN 1 ELSE 0 END,
       CASE WHEN l.k < l.n_volw AND l.rol <> 'vraaggezin'
            THEN date((SELECT vandaag FROM gen_param), '-' || ((x >> 24) % 900) || ' days') END
FROM l
ORDER BY l.id, l.k;

INSERT INTO gezin_rollen(gezin_id, rol, van, tot)
SELECT id, rol, aangemeld_op, NULL FROM gen_c ORDER BY id;

INSERT INTO gezin_statussen(gezin_id, rol, status, datum, gebruiker_id, gebruikersnaam)
SELECT id, rol, status, status_datum, door_id, door_login FROM gen_c ORDER BY id;

INSERT INTO toestemmingen(gezin_id, doel, gegeven_op, gegeven_door)
SELECT id, 'registratie', aangemeld_op, voornaam1 || ' ' || achternaam1 FROM gen_c ORDER BY id;

INSERT INTO gezinnen_zoek(rowid, tekst)
SELECT id, naam || ' ' || coalesce(plaats, '') FROM gezinnen ORDER BY id;

DROP TABLE gen_check;
DROP TABLE gen_h;
DROP TABLE gen_a;
DROP TABLE gen_b;
DROP TABLE gen_c;
DROP TABLE gen_pc;
DROP TABLE gen_telling;
DROP TABLE gen_lijst;
DROP TABLE gen_param;

COMMIT;

PRAGMA journal_mode = WAL;
