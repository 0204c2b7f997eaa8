-- Messages Kafka refused for good (too large for the producer or the topic, an invalid topic name):
-- the relay moves such a row here, in the transaction that takes it out of the outbox, and goes on
-- with the rows behind it. The whole row is kept (payload and headers), so nothing is lost: after
-- raising the limit or fixing the producer an operator can still publish it. Operators see the
-- newest through the kit's `parkedmessages` actuator endpoint (size, a prefix, the error).
create table parked_messages (
    id             bigint      primary key, -- the outbox row's id: its place in the outbox's order
    message_id     uuid        not null,
    topic          text        not null,
    message_key    text        not null,
    message_type   text        not null,
    payload        text        not null,
    payload_bytes  int         not null,
    correlation_id uuid        not null,
    causation_id   uuid,
    trace_parent   text,
    created_at     timestamptz not null,
    error          text        not null,
    parked_at      timestamptz not null default now()
);
create index parked_messages_parked_at on parked_messages (parked_at);

-- Dead letters re-driven onto their original topic (the `deadletters` actuator endpoint): one row
-- per dead-letter record, so a record is re-driven once however often an operator asks.
create table redriven_dead_letters (
    dead_letter_topic text        not null,
    partition_no      int         not null,
    record_offset     bigint      not null,
    message_id        uuid,
    redriven_at       timestamptz not null default now(),
    primary key (dead_letter_topic, partition_no, record_offset)
);
