-- Bucket4j's token buckets of the velocity limits (io.crowdfund.web.VelocityLimits), one per limit and key.
-- state: the bucket, serialised by Bucket4j; expires_at: epoch millis when it is full again and can go.
create table buckets (
    id         text primary key,
    state      bytea,
    expires_at bigint
);
create index buckets_expiry on buckets (expires_at);
