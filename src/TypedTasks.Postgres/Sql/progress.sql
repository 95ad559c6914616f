-- progress: records a running job's progress.
-- $1 id, $2 token, $3 percent. Affects one row, or none when the lease was lost.
UPDATE {schema}.jobs SET progress = $3 WHERE id = $1 AND state = 2 AND token = $2;
