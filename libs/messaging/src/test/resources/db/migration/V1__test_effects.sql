-- What the kit's test consumer did: one row per applied message, so a double effect shows as two rows.
create table test_effect (
    id          bigint generated always as identity primary key,
    message_id  uuid    not null,
    message_key text    not null,
    sequence    int     not null,
    amount      numeric(19, 2) not null,
    trace_id    text -- the trace id in the logging context while the handler ran
);
