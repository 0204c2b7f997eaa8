-- Keys whose messages the kit's test consumer fails on while they are listed: a dependency of the
-- handler that is away for a while (then the key is removed and a retry or a re-drive succeeds).
-- An 'outage' fails as a lost database connection does, a 'rule' as a business rule does.
create table test_failing_key (
    message_key text primary key,
    failure     text not null default 'rule' check (failure in ('rule', 'outage'))
);
