-- 0006: indexes for the caseload overview (GET /api/v1/overzichten/caseload)
-- at 100,000 gezinnen and 60,000 koppelingen: each list reads its first rows
-- in order from an index and counts its rows from a narrow one, so neither
-- sorts nor visits the wide gezinnen rows of families outside the list.

-- the waiting list: in order of registration, and counted per werkgebied/coordinator
CREATE INDEX gezinnen_wachtlijst ON gezinnen(aangemeld_op)
    WHERE rol = 'vraaggezin' AND status IN ('aangemeld', 'intake', 'wachtend');
CREATE INDEX gezinnen_wachtlijst_scope ON gezinnen(werkgebied_id, coordinator_id)
    WHERE rol = 'vraaggezin' AND status IN ('aangemeld', 'intake', 'wachtend');

-- available support: by name, and counted per werkgebied/coordinator
CREATE INDEX gezinnen_beschikbaar ON gezinnen(naam)
    WHERE rol != 'vraaggezin' AND status = 'beschikbaar';
CREATE INDEX gezinnen_beschikbaar_scope ON gezinnen(werkgebied_id, coordinator_id)
    WHERE rol != 'vraaggezin' AND status = 'beschikbaar';

-- who a gezin or koppeling belongs to, without reading the wide rows (used with INDEXED BY)
CREATE INDEX gezinnen_scope ON gezinnen(id, werkgebied_id, coordinator_id, rol, status);
CREATE INDEX koppelingen_scope ON koppelingen(id, vraaggezin_id, fase);

-- evaluations still to hold, and the closing conversation at the maximum duration
CREATE INDEX evaluaties_open ON evaluaties(gepland_op, koppeling_id) WHERE gehouden_op IS NULL AND vervallen = 0;
CREATE INDEX evaluaties_afsluitend ON evaluaties(gepland_op, koppeling_id)
    WHERE soort = 'afsluitend-gesprek' AND sleutel = 'afsluitend-gesprek#1';

-- koppelingen per phase, and the children they reach
CREATE INDEX koppelingen_fase ON koppelingen(fase, vraaggezin_id);
CREATE INDEX leden_kind ON leden(gezin_id, steun_voor) WHERE soort = 'kind';

-- VOGs of adults by date
CREATE INDEX leden_vog ON leden(vog_datum, gezin_id) WHERE soort = 'volwassene' AND vog_datum IS NOT NULL;
