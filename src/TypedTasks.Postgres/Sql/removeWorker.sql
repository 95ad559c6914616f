-- removeWorker: takes a stopped worker off the list at once.
-- $1 id.
DELETE FROM {schema}.workers WHERE id = $1;
