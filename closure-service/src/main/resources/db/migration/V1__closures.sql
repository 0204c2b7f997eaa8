-- Each campaign's deadline and the progress of its closing and settlement.
create table closures (
    campaign_id     uuid primary key,
    owner_id        uuid           not null,
    deadline        timestamptz    not null,
    state           varchar(16)    not null check (state in ('SCHEDULED', 'CLOSING', 'SETTLING', 'SETTLED')),
    outcome         varchar(16) check (outcome in ('SUCCESSFUL', 'FAILED')),
    pledges_settled bigint         not null default 0,
    amount_refunded numeric(19, 2) not null default 0,
    amount_paid_out numeric(19, 2) not null default 0,
    fee             numeric(19, 2) not null default 0,
    close_asked_at  timestamptz,
    closed_at       timestamptz,
    pledges_settled_at timestamptz,
    settled_at      timestamptz,
    updated_at      timestamptz    not null default now()
);
create index closures_due on closures (deadline) where state = 'SCHEDULED';
create index closures_by_state on closures (state, deadline);
