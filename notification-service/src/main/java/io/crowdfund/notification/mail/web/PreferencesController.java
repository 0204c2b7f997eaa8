package io.crowdfund.notification.mail.web;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.crowdfund.notification.mail.PledgeEmails;
import io.crowdfund.notification.mail.Preferences;
import io.crowdfund.web.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

@RestController
@Tag(name = "Notifications")
class PreferencesController {

    private final Preferences preferences;

    PreferencesController(Preferences preferences) {
        this.preferences = preferences;
    }

    @Schema(name = "MailPreferences")
    record MailPreferences(@Schema(description = "how single confirmed pledges are emailed", allowableValues = {"EACH", "DAILY_DIGEST", "OFF"})
            @NotNull String pledgeEmails) {
    }

    @GetMapping("/notifications/preferences")
    @Operation(operationId = "getMailPreferences", summary = "How the caller is emailed about pledges to their campaigns")
    MailPreferences get(Caller caller) {
        return new MailPreferences(preferences.pledgeEmails(caller.id()).name());
    }

    @PutMapping("/notifications/preferences")
    @Operation(operationId = "setMailPreferences", summary = "Choose an email per pledge (EACH), one a day (DAILY_DIGEST) or none (OFF)",
            description = "Milestones, closing and settlement are always emailed.")
    MailPreferences set(Caller caller, @Valid @RequestBody MailPreferences chosen) {
        PledgeEmails pledgeEmails = preferences.choosePledgeEmails(caller, chosen.pledgeEmails());
        return new MailPreferences(pledgeEmails.name());
    }
}
