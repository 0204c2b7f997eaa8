-- Users and their credentials. Usernames and emails are unique regardless of case.
create table users (
    id            uuid primary key,
    username      varchar(40)  not null,
    email         varchar(254) not null,
    password_hash varchar(200) not null,
    operator      boolean      not null default false,
    created_at    timestamptz  not null default now()
);
create unique index users_username_key on users (lower(username));
create unique index users_email_key on users (lower(email));

-- One wallet per user: balance is spendable, reserved is held for live pledges. Never negative.
create table wallets (
    user_id    uuid primary key,
    balance    numeric(19, 2) not null default 0 constraint balance_not_negative check (balance >= 0),
    reserved   numeric(19, 2) not null default 0 constraint reserved_not_negative check (reserved >= 0),
    updated_at timestamptz    not null default now()
);

-- A pledge's hold. FAILED: nothing was held (insufficient funds); RELEASED with amount 0: the release
-- came first, so a late reserve must not hold anything.
create table holds (
    pledge_id   uuid primary key,
    user_id     uuid           not null,
    campaign_id uuid           not null,
    amount      numeric(19, 2) not null check (amount >= 0),
    status      varchar(16)    not null check (status in ('HELD', 'FAILED', 'RELEASED', 'REFUNDED', 'CAPTURED')),
    created_at  timestamptz    not null default now(),
    closed_at   timestamptz
);
create index holds_held_by_campaign on holds (campaign_id, pledge_id) where status = 'HELD';

-- Every change of a balance, signed: the sum of a wallet's rows is its balance.
create table ledger (
    seq         bigint generated always as identity primary key,
    id          uuid           not null unique,
    user_id     uuid           not null,
    type        varchar(16)    not null check (type in ('DEPOSIT', 'PLEDGE', 'PLEDGE_RELEASE', 'REFUND', 'PAYOUT')),
    amount      numeric(19, 2) not null,
    pledge_id   uuid,
    campaign_id uuid,
    created_at  timestamptz    not null default now()
);
create index ledger_by_wallet on ledger (user_id, seq desc);

-- Idempotency-Key of deposits: the same key answers with the original transaction.
create table deposit_requests (
    user_id         uuid           not null,
    idempotency_key varchar(200)   not null,
    amount          numeric(19, 2) not null,
    transaction_id  uuid           not null,
    balance_after   numeric(19, 2) not null,
    created_at      timestamptz    not null default now(),
    primary key (user_id, idempotency_key)
);

-- Bulk settlement of a closed campaign's holds, chunk by chunk; the totals are the progress so far.
create table settlements (
    campaign_id    uuid primary key,
    owner_id       uuid           not null,
    outcome        varchar(16)    not null check (outcome in ('SUCCESSFUL', 'FAILED')),
    fee_percent    numeric(5, 2)  not null,
    state          varchar(16)    not null check (state in ('SETTLING', 'SETTLED')),
    holds_settled  bigint         not null default 0,
    amount_settled numeric(19, 2) not null default 0,
    fee            numeric(19, 2),
    paid_out       numeric(19, 2),
    started_at     timestamptz    not null default now(),
    settled_at     timestamptz
);
create index settlements_settling on settlements (started_at) where state = 'SETTLING';
