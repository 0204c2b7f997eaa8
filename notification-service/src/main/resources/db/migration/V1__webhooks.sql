-- Owners' contacts and campaign ownership, replicated from the other services' events.
create table contacts (
    user_id  uuid primary key,
    username varchar(40)  not null,
    email    varchar(254) not null
);

create table campaign_owners (
    campaign_id uuid primary key,
    owner_id    uuid         not null,
    title       varchar(200) not null
);

create table webhooks (
    id         uuid primary key,
    owner_id   uuid          not null,
    url        varchar(2000) not null,
    events     varchar(500)  not null,
    secret     varchar(100)  not null,
    created_at timestamptz   not null default now()
);
create index webhooks_by_owner on webhooks (owner_id);

-- One delivery of one event to one endpoint; written with the consumed event, retried on its own.
create table webhook_deliveries (
    id                   uuid primary key,
    webhook_id           uuid        not null references webhooks (id) on delete cascade,
    event_id             uuid        not null,
    event_type           varchar(40) not null,
    payload              text        not null,
    status               varchar(16) not null check (status in ('PENDING', 'SUCCEEDED', 'FAILED', 'DEAD')),
    attempts             integer     not null default 0,
    last_response_status integer,
    next_attempt_at      timestamptz not null,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    unique (webhook_id, event_id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status in ('PENDING', 'FAILED');
create index webhook_deliveries_by_webhook on webhook_deliveries (webhook_id, created_at desc);

-- What each owner was told (the feed).
create table notifications (
    id         uuid primary key,
    owner_id   uuid         not null,
    event_type varchar(40)  not null,
    summary    varchar(500) not null,
    created_at timestamptz  not null default now()
);
create index notifications_by_owner on notifications (owner_id, created_at desc);
