-- Cheaper rows for the hottest tables (measured in a pledge rush: the outbox's stamp-as-sent
-- update and its four index entries per message cost more than the insert itself).
--
-- Outbox: the relay deletes the rows it published, in the transaction that holds the relay lock,
-- so the table holds only unsent messages (Kafka keeps what was sent). The primary key is the only
-- index a message pays for; message ids are unique as UUIDs, not by an index.
-- Sent rows go with a truncate rather than a delete, so the table and its index start small again
-- (the relay reads it on every pass); the identity sequence carries on.
create temporary table unsent_outbox on commit drop as
    select id, message_id, topic, message_key, message_type, payload, correlation_id, causation_id, trace_parent, created_at
    from outbox where sent_at is null;
truncate outbox;
drop index outbox_unsent;
drop index outbox_sent_at;
alter table outbox drop constraint outbox_message_id_key;
alter table outbox drop column sent_at;
insert into outbox (id, message_id, topic, message_key, message_type, payload, correlation_id, causation_id, trace_parent, created_at)
    overriding system value select * from unsent_outbox;
-- A queue table: vacuum it by row count, not by a share of its (small) size.
alter table outbox set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000);

-- Inbox: processed ids arrive in time order, so a BRIN index serves the purge's "older than"
-- scan at a fraction of a B-tree's cost per insert.
drop index inbox_processed_at;
create index inbox_processed_at on inbox using brin (processed_at);
