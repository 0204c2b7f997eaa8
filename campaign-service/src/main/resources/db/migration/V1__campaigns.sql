create table categories (
    code varchar(40) primary key,
    name varchar(100) not null
);
insert into categories (code, name) values
    ('charity', 'Charity'), ('business', 'Business'), ('personal', 'Personal'),
    ('creative', 'Creative'), ('community', 'Community'), ('technology', 'Technology');

create table campaigns (
    id                 uuid primary key,
    owner_id           uuid           not null,
    title              varchar(200)   not null,
    description        text           not null,
    category           varchar(40)    not null references categories (code),
    goal               numeric(19, 2) not null check (goal > 0),
    current_funds      numeric(19, 2) not null default 0 check (current_funds >= 0),
    backer_count       integer        not null default 0 check (backer_count >= 0),
    start_date         timestamptz    not null,
    deadline           timestamptz    not null,
    status             varchar(16)    not null check (status in ('ACTIVE', 'SUCCESSFUL', 'FAILED')),
    allow_cancellation boolean        not null,
    created_at         timestamptz    not null default now(),
    updated_at         timestamptz    not null default now(),
    closed_at          timestamptz,
    check (deadline > start_date)
);
create index campaigns_by_category on campaigns (category);
create index campaigns_by_status on campaigns (status);
create index campaigns_by_deadline on campaigns (deadline);
create index campaigns_by_start on campaigns (start_date);
create index campaigns_by_owner on campaigns (owner_id);
create index campaigns_newest on campaigns (created_at desc, id);

-- quantity_available null: unlimited. The check makes overselling impossible even for a bug.
create table reward_tiers (
    id                 uuid primary key,
    campaign_id        uuid           not null references campaigns (id),
    position           integer        not null,
    title              varchar(200)   not null,
    description        text,
    minimum_amount     numeric(19, 2) not null check (minimum_amount > 0),
    quantity_available integer check (quantity_available > 0),
    quantity_claimed   integer        not null default 0 check (quantity_claimed >= 0),
    check (quantity_available is null or quantity_claimed <= quantity_available)
);
create index reward_tiers_by_campaign on reward_tiers (campaign_id, position);

create table milestones (
    id          uuid primary key,
    campaign_id uuid           not null references campaigns (id),
    position    integer        not null,
    title       varchar(200)   not null,
    description text,
    target      numeric(19, 2) not null check (target > 0),
    achieved_at timestamptz
);
create index milestones_by_campaign on milestones (campaign_id, position);

-- One row per pledge asked to be claimed: the answer is given again when the saga re-asks.
create table claims (
    pledge_id      uuid primary key,
    campaign_id    uuid           not null,
    backer_id      uuid           not null,
    reward_tier_id uuid,
    amount         numeric(19, 2) not null,
    status         varchar(16)    not null check (status in ('CLAIMED', 'REJECTED', 'UNCLAIMED')),
    reason         varchar(40),
    created_at     timestamptz    not null default now(),
    updated_at     timestamptz    not null default now()
);
create index claims_active_by_backer on claims (campaign_id, backer_id) where status = 'CLAIMED';
