-- The saga asks the wallet's reserve and the campaign's claim at once (step RESERVE_CLAIM); RESERVING
-- now means "claimed, the reserve awaited". A pledge written before waited in RESERVING with only its
-- reserve asked: it continues as RESERVE_CLAIM, and its claim is asked when the step times out.
update pledges set step = 'RESERVE_CLAIM' where step = 'RESERVING';
