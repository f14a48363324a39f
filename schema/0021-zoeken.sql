-- 0021: finding and sorting gezinnen (server/zoeken.c).
--
-- sorteersleutel is the ICU collation key (Dutch, "nl") of the gezin's name
-- in its sort form: families sort and page by it with a plain index, so the
-- schema needs no custom collation. It is NULL until the daemon has filled
-- it: at start it rebuilds the sort key and the search row (gezinnen_zoek,
-- now folded text of the name, place, postcode, members' names, phones and
-- e-mail) of every gezin whose key is NULL, once after this migration.
ALTER TABLE gezinnen ADD COLUMN sorteersleutel BLOB;
CREATE INDEX gezinnen_sorteer ON gezinnen(sorteersleutel, id);
CREATE INDEX gezinnen_werkgebied_sorteer ON gezinnen(werkgebied_id, sorteersleutel, id);
