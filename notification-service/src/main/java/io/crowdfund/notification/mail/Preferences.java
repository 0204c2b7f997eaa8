package io.crowdfund.notification.mail;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;

import io.crowdfund.web.Caller;
import io.crowdfund.web.InvalidField;

/** Each owner's choice of how to hear about single pledges. */
@Service
public class Preferences {

    private final PreferenceStore store;

    Preferences(PreferenceStore store) {
        this.store = store;
    }

    public PledgeEmails pledgeEmails(UUID ownerId) {
        return pledgeEmails(Set.of(ownerId)).getOrDefault(ownerId, PledgeEmails.EACH);
    }

    /** The owners' choices; an owner who never chose is not in the map (and hears of each pledge). */
    Map<UUID, PledgeEmails> pledgeEmails(Set<UUID> ownerIds) {
        return store.pledgeEmails(ownerIds);
    }

    public PledgeEmails choosePledgeEmails(Caller owner, String choice) {
        PledgeEmails chosen = Arrays.stream(PledgeEmails.values()).filter(value -> value.name().equals(choice)).findFirst()
                .orElseThrow(() -> new InvalidField("pledgeEmails", "must be one of " + Arrays.toString(PledgeEmails.values())));
        store.savePledgeEmails(owner.id(), chosen);
        return chosen;
    }
}
