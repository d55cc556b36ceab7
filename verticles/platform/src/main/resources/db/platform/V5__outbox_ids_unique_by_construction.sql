-- An event's id is a UUIDv7 made where the event is (Ids.next), unique by construction, and no
-- query looks an outbox row up by it: its unique index only cost two index entries per event (one
-- at the insert, one when the row is marked published), a tenth of the outbox's WAL.
ALTER TABLE outbox DROP CONSTRAINT outbox_id_key;
-- Marking a row published writes a new version of it; room left on each page keeps that version
-- beside the old one, where a full page sends it to another page at the cost of one more WAL
-- record (the old version locked first) and a second page written.
ALTER TABLE outbox SET (fillfactor = 50);
