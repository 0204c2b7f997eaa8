package io.crowdfund.notification.mail;

/** What an owner's email is about: its subject (a template over the same values) and its text and HTML templates. */
enum MailKind {
    PLEDGE_CONFIRMED("pledge-confirmed", "New pledge of {{amount}} {{currency}} to {{campaignTitle}}"),
    MILESTONE_ACHIEVED("milestone-achieved", "Milestone reached: {{milestoneTitle}} ({{campaignTitle}})"),
    CAMPAIGN_CLOSED("campaign-closed", "{{campaignTitle}} has closed: {{outcomeText}}"),
    CAMPAIGN_SETTLED("campaign-settled", "{{campaignTitle}} is settled"),
    PLEDGE_DIGEST("pledge-digest", "Your daily pledge digest: {{pledgeCount}} new pledges"),
    ENDPOINT_DISABLED("endpoint-disabled", "Webhook endpoint disabled: {{url}}");

    private final String template;
    private final String subject;

    MailKind(String template, String subject) {
        this.template = template;
        this.subject = subject;
    }

    /** The base name of the text ({@code mail/<name>.txt.mustache}) and HTML ({@code .html.mustache}) templates. */
    String template() {
        return template;
    }

    String subject() {
        return subject;
    }
}
