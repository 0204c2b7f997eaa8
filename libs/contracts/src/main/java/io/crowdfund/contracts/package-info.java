/**
 * Message contracts, one package per producing service: immutable records and topic names only,
 * no entities and no logic. Events are past tense ({@code FundsReserved}), commands imperative
 * ({@code ReserveFunds}). A record's simple name is its wire type name, so names are unique here.
 */
package io.crowdfund.contracts;
