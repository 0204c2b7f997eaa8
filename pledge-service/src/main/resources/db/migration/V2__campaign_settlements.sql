-- A closed campaign's pledges being settled: no new pledge is taken for it once the row exists.
create table pledge_settlements (
    campaign_id     uuid primary key,
    owner_id        uuid           not null,
    outcome         varchar(16)    not null check (outcome in ('SUCCESSFUL', 'FAILED')),
    state           varchar(16)    not null check (state in ('WAITING', 'SETTLING', 'SETTLED')),
    pledges_settled bigint         not null default 0,
    amount_settled  numeric(19, 2) not null default 0,
    requested_at    timestamptz    not null default now(),
    settled_at      timestamptz
);
create index pledge_settlements_open on pledge_settlements (requested_at) where state <> 'SETTLED';
create index pledges_confirmed_by_campaign on pledges (campaign_id, id) where status = 'CONFIRMED';
