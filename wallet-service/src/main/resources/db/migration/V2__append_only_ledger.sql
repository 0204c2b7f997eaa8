-- The ledger is append-only: a row, once written, is the record of what happened to a balance.
-- Corrections are new rows. The service connects as the tables' owner, so privileges alone cannot
-- refuse it an UPDATE or a DELETE: a trigger does (statement-level, so even a statement that would
-- touch no row is refused, and TRUNCATE too).
create function refuse_ledger_change() returns trigger language plpgsql as $$
begin
    raise exception 'the ledger is append-only: % on ledger is refused', tg_op
        using errcode = 'restrict_violation', hint = 'record a correction as a new ledger row';
end
$$;

create trigger ledger_append_only
    before update or delete or truncate on ledger
    for each statement execute function refuse_ledger_change();

-- An entry's sign follows from its type: money leaves the balance only for a pledge's hold.
alter table ledger add constraint ledger_sign_matches_type check (
    (type = 'PLEDGE' and amount < 0)
    or (type in ('DEPOSIT', 'PLEDGE_RELEASE', 'REFUND', 'PAYOUT') and amount > 0));

-- Foreign keys, as far as this database knows its rows' owners. Every ledger row belongs to a wallet
-- and a pledge's rows to its hold; a deposit's idempotency record to its wallet and ledger row.
-- Not here: wallets -> users (a wallet opens for any token's subject, also one an external issuer
-- signed) and holds -> wallets (a refused or released-first hold is recorded for a backer without
-- a wallet); campaigns and pledges live in other services' databases.
alter table ledger add constraint ledger_wallet_fk foreign key (user_id) references wallets (user_id);
alter table ledger add constraint ledger_hold_fk foreign key (pledge_id) references holds (pledge_id);
alter table deposit_requests add constraint deposit_requests_wallet_fk foreign key (user_id) references wallets (user_id);
alter table deposit_requests add constraint deposit_requests_ledger_fk foreign key (transaction_id) references ledger (id);
