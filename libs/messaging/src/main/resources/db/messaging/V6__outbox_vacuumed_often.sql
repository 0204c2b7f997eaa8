-- The relay takes the oldest rows by an index scan from the start of the outbox's primary key, over
-- the entries of every row it deleted since the table was last vacuumed. Vacuumed once a minute (the
-- defaults: 20 % of a nearly empty table, a minute between runs), those were tens of thousands in a
-- pledge rush: 4.6 ms a take on pledge-service's database, half its CPU. Vacuumed whenever 500 rows
-- are dead, unthrottled, it is 0.7 ms. The server must look often enough (autovacuum_naptime, 1 s
-- locally and on Kubernetes) for the threshold to matter.
alter table outbox set (autovacuum_vacuum_threshold = 500, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_cost_delay = 0);
