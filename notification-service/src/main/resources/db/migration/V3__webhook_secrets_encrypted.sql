-- Signing secrets at rest: AES-256-GCM ciphertexts (Tink; the webhook's id is their associated data)
-- and the id of the key that encrypted each. SQL encrypts nothing: rows written before this
-- migration keep their plaintext in `secret` until the service encrypts them (at start-up and on a
-- schedule, under the primary key, which also moves rows off older keys). A row holds either the
-- plaintext or the ciphertext with its key id, never both.
alter table webhooks add column secret_ciphertext bytea;
alter table webhooks add column secret_key_id integer;
alter table webhooks alter column secret drop not null;
alter table webhooks add constraint webhooks_secret_plain_or_sealed check (
    (secret is not null and secret_ciphertext is null and secret_key_id is null)
    or (secret is null and secret_ciphertext is not null and secret_key_id is not null));
-- what still needs encrypting under the primary key: plaintext rows and rows under older keys
create index webhooks_by_secret_key on webhooks (secret_key_id);
