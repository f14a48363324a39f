-- 0011: the words a programme uses for the two sides of a koppeling.
--
-- woord_steun: what the programme calls the supporter (steungezin, buddy,
-- estafettegezin, vrijwilliger, maatje, ...); woord_vraag: what it calls the
-- asking family (vraaggezin, or startgezin in Estafette). The web app shows
-- them on the koppeling page, in the evaluations and in the stop reasons
-- ("Buddy overbelast"). Lower case, as in running text; the web app
-- capitalises where a word starts a label.
--
-- The six defaults get their own words; any other programme starts with the
-- word of its first supporter role. Nothing here touches koppelingen,
-- evaluaties or any planned date.

ALTER TABLE programmas ADD COLUMN woord_steun TEXT NOT NULL DEFAULT 'steungezin'
    CHECK (length(woord_steun) BETWEEN 1 AND 40);
ALTER TABLE programmas ADD COLUMN woord_vraag TEXT NOT NULL DEFAULT 'vraaggezin'
    CHECK (length(woord_vraag) BETWEEN 1 AND 40);

UPDATE programmas SET woord_steun = coalesce(json_extract(rollen, '$[0]'), 'steungezin')
WHERE json_valid(rollen) AND json_type(rollen, '$[0]') = 'text';

UPDATE programmas SET woord_steun = CASE naam
        WHEN 'Buurtgezinnen' THEN 'steungezin'
        WHEN 'GezinsBuddy' THEN 'buddy'
        WHEN 'Estafette' THEN 'estafettegezin'
        WHEN 'Home-Start' THEN 'vrijwilliger'
        WHEN 'Maatjesproject' THEN 'maatje'
        WHEN 'Moeders Informeren Moeders' THEN 'vrijwilliger'
    END,
    woord_vraag = CASE naam WHEN 'Estafette' THEN 'startgezin' ELSE 'vraaggezin' END
WHERE naam IN ('Buurtgezinnen', 'GezinsBuddy', 'Estafette', 'Home-Start', 'Maatjesproject', 'Moeders Informeren Moeders');
