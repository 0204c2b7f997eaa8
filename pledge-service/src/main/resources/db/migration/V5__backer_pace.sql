-- The per-backer pledge limit, taken in the intake's transaction (BackerPace): when each backer's
-- token bucket is full again. Updated in place (no index covers full_at: HOT updates).
create table backer_pace (
    backer_id uuid primary key,
    full_at   timestamptz not null
) with (fillfactor = 70);
