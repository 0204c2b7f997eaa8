-- The relay's pass in one round trip: take the relay lock for the transaction and, if it was free,
-- take the oldest unsent rows out of the outbox (deleted only if the relay's transaction commits,
-- which it does once Kafka has acknowledged them). Without the lock, one row says so (locked
-- false) and nothing is taken; with it and nothing to send, no row at all.
--
-- Sequential scans are off inside the function: the outbox's statistics often say "a few rows",
-- and a sequential scan then reads every page a past backlog left behind, while the primary key
-- leads straight to the oldest rows. A function's own setting applies to its queries alone.
create function take_outbox_batch(relay_lock bigint, batch_size int)
returns table (locked boolean, row_id bigint, message_id uuid, topic text, message_key text, message_type text, payload text,
               correlation_id uuid, causation_id uuid, trace_parent text, created_at timestamptz)
language plpgsql
set enable_seqscan = off
as $$
begin
    if not pg_try_advisory_xact_lock(relay_lock) then
        return query select false, null::bigint, null::uuid, null::text, null::text, null::text, null::text,
                            null::uuid, null::uuid, null::text, null::timestamptz;
        return;
    end if;
    return query
        delete from messaging.outbox o
        where o.id in (select next.id from messaging.outbox next order by next.id limit batch_size)
        returning true, o.id, o.message_id, o.topic, o.message_key, o.message_type, o.payload,
                  o.correlation_id, o.causation_id, o.trace_parent, o.created_at;
end;
$$;
