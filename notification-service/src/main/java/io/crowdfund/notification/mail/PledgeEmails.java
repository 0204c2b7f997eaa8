package io.crowdfund.notification.mail;

/** How an owner hears about single confirmed pledges. */
public enum PledgeEmails {
    /** An email for every confirmed pledge (the default). */
    EACH,
    /** One email a day listing the day's pledges. */
    DAILY_DIGEST,
    /** No email about single pledges (milestones, closing and settlement are still emailed). */
    OFF
}
