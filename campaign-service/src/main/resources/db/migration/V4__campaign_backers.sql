-- How many live (CLAIMED) claims each backer has on a campaign, kept as a count so that deciding
-- whether a claim adds a backer (or an unclaim removes one) reads one row, however many pledges the
-- backer has made; counting the backer's claims grew with them.
create table campaign_backers (
    campaign_id uuid not null,
    backer_id   uuid not null,
    live_claims int  not null check (live_claims >= 0),
    primary key (campaign_id, backer_id)
);

insert into campaign_backers (campaign_id, backer_id, live_claims)
select campaign_id, backer_id, count(*) from claims where status = 'CLAIMED' group by campaign_id, backer_id;

drop index claims_active_by_backer;
