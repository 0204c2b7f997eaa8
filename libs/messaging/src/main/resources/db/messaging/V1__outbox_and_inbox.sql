-- The messaging kit's own tables, in their own schema with their own Flyway history, so that
-- they never collide with a service's migration versions.

-- Transactional outbox: a row is written in the same transaction as the state change it reports.
-- The relay publishes unsent rows in id order and stamps sent_at; the purge job deletes old sent rows.
create table outbox (
    id             bigint generated always as identity primary key,
    message_id     uuid        not null unique,
    topic          text        not null,
    message_key    text        not null,
    message_type   text        not null,
    payload        text        not null,
    correlation_id uuid        not null,
    causation_id   uuid,
    trace_parent   text,
    created_at     timestamptz not null default now(),
    sent_at        timestamptz
);

-- The relay's only query: the oldest unsent rows.
create index outbox_unsent on outbox (id) where sent_at is null;
-- The purge job's query: sent rows by age.
create index outbox_sent_at on outbox (sent_at) where sent_at is not null;

-- Inbox: ids of messages a consumer has applied, written in the same transaction as the effect,
-- so that a redelivered message has no second effect.
create table inbox (
    consumer     text        not null,
    message_id   uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, message_id)
);

create index inbox_processed_at on inbox (processed_at);
