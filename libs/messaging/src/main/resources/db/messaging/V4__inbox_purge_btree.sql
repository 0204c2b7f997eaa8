-- The purge's "older than" scan by a B-tree again, not BRIN. A BRIN range keeps the oldest time it
-- ever held: once purged ids' pages are reused by new ones, the ranges still claim old ids, and a
-- purge with nothing to delete read most of the inbox (9.6 s of a database's CPU on 8.6 million
-- ids, every ten minutes, in the middle of a pledge rush). A B-tree answers "nothing older" from a
-- few pages; its entry goes on the index's right edge, as ids arrive in time order.
drop index inbox_processed_at;
create index inbox_processed_at on inbox (processed_at);
