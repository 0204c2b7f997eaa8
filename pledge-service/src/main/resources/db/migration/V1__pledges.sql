-- A pledge and its saga: status is what API clients see; step is where the saga stands.
create table pledges (
    id               uuid primary key,
    campaign_id      uuid           not null,
    backer_id        uuid           not null,
    amount           numeric(19, 2) not null check (amount > 0),
    reward_tier_id   uuid,
    status           varchar(16)    not null check (status in ('PENDING', 'CONFIRMED', 'REJECTED', 'REFUNDED', 'COLLECTED')),
    step             varchar(16)    not null,
    rejection_reason varchar(40),
    attempts         integer        not null default 1,
    step_started_at  timestamptz    not null,
    owner_id         uuid,
    campaign_funds   numeric(19, 2),
    backer_count     integer,
    idempotency_key  varchar(200),
    request_hash     varchar(100),
    created_at       timestamptz    not null,
    updated_at       timestamptz    not null
);
create unique index pledges_idempotency on pledges (backer_id, idempotency_key) where idempotency_key is not null;
create index pledges_by_backer on pledges (backer_id, created_at desc);
create index pledges_by_campaign on pledges (campaign_id, status, created_at desc);
create index pledges_moving on pledges (step_started_at) where step <> 'DONE';

-- What pledge-service knows of campaigns, from campaign-service's events.
create table campaign_replicas (
    id                 uuid primary key,
    owner_id           uuid        not null,
    status             varchar(16) not null,
    allow_cancellation boolean     not null,
    start_date         timestamptz not null,
    deadline           timestamptz not null
);

create table tier_replicas (
    id                 uuid primary key,
    campaign_id        uuid           not null,
    minimum_amount     numeric(19, 2) not null,
    quantity_available integer
);
create index tier_replicas_by_campaign on tier_replicas (campaign_id);
