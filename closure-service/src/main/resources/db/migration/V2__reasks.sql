-- A closing or settling closure waits on one participant (campaign-, pledge- or wallet-service). When
-- it has not moved for a while it asks that participant again: when it last moved (a state change or
-- a progress event), how often it was asked again, and when last.
alter table closures add column progressed_at timestamptz;
update closures set progressed_at = updated_at;
alter table closures alter column progressed_at set not null, alter column progressed_at set default now();
alter table closures add column reasks int not null default 0;
alter table closures add column reasked_at timestamptz;
-- the stall scan's query: closures waiting on a participant, by when they last moved
create index closures_waiting on closures (progressed_at) where state in ('CLOSING', 'SETTLING');
