-- Reward tiers' titles, replicated with their campaigns, for the owner's pledge email.
create table reward_tiers (
    reward_tier_id uuid primary key,
    campaign_id    uuid         not null,
    title          varchar(200) not null
);

-- How each owner wants to hear about single pledges: EACH (default), DAILY_DIGEST or OFF.
create table mail_preferences (
    owner_id      uuid primary key,
    pledge_emails varchar(16) not null check (pledge_emails in ('EACH', 'DAILY_DIGEST', 'OFF')),
    updated_at    timestamptz not null default now()
);

-- Confirmed pledges waiting for their owner's next daily digest.
create table digest_items (
    pledge_id      uuid primary key,
    owner_id       uuid          not null,
    campaign_id    uuid          not null,
    amount         numeric(19,2) not null,
    currency       varchar(3)    not null,
    campaign_funds numeric(19,2) not null,
    backer_count   integer       not null,
    created_at     timestamptz   not null default now()
);
create index digest_items_by_owner on digest_items (owner_id, created_at);

-- One email to one owner, written with the event that causes it and sent (rendered from its template) on its own.
create table emails (
    id              uuid primary key,
    owner_id        uuid         not null,
    kind            varchar(32)  not null,
    dedupe_key      varchar(120) not null unique,
    model           text         not null,
    status          varchar(16)  not null check (status in ('PENDING', 'SENT', 'FAILED', 'DEAD')),
    attempts        integer      not null default 0,
    last_error      varchar(500),
    subject         varchar(300),
    next_attempt_at timestamptz  not null,
    created_at      timestamptz  not null default now(),
    sent_at         timestamptz
);
create index emails_due on emails (next_attempt_at) where status in ('PENDING', 'FAILED');
create index emails_by_owner on emails (owner_id, created_at desc);

-- An endpoint that keeps failing is disabled (and its owner told); a success clears the failing streak.
alter table webhooks add column failing_since timestamptz;
alter table webhooks add column disabled_at timestamptz;

-- Why the last attempt failed (a status, a timeout, a refused connection, an open circuit).
alter table webhook_deliveries add column last_error varchar(300);
