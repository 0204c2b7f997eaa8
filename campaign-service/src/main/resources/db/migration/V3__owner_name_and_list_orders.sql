-- The owner's username as their token named it when they created the campaign (wallet-service's
-- usernames are at most 40 characters); null for campaigns created before.
alter table campaigns add column owner_name varchar(40);

-- GET /campaigns?sort=endingSoon: active campaigns first, the nearest deadline first, then the closed
-- ones; the index hands a page over in that order. Neither status nor deadline moves when a pledge is
-- counted.
create index campaigns_ending_soon on campaigns ((status <> 'ACTIVE'), deadline, id);

-- sort=mostFunded has no index on purpose: current_funds moves with every counted pledge, and an index
-- on it would make each of those updates write every index of the table instead of a HOT update. The
-- top-N sort reads the filtered rows once, as the page's count(*) already does.
