-- A revoked pledge whose claim never arrived is remembered without a backer.
alter table claims alter column backer_id drop not null;
