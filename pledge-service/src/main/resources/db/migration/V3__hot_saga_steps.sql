-- A saga step's update (RESERVING -> CLAIMING: step, step_started_at, attempts, updated_at) can be a
-- HOT update: no index covers a column it changes, so PostgreSQL writes no index entry at all, only
-- the new row version beside the old one (hence the free space left on each page). Before, the
-- timeout index on (step_started_at) where step <> 'DONE' forced six index entries per step.
-- "moving" changes only when a saga starts or ends, so it can carry that index instead.
alter table pledges add column moving boolean generated always as (step <> 'DONE') stored;
drop index pledges_moving;
-- the timeout scan reads the sagas in flight (few) and picks those waiting too long
create index pledges_moving on pledges (created_at) where moving;
alter table pledges set (fillfactor = 80);
