package io.crowdfund.notification.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

import io.crowdfund.web.Caller;
import io.swagger.v3.oas.annotations.media.Schema;

/** What each owner was told, newest first (written by {@link WebhookEvents} with the event). */
@Service
public class Feed {

    private final FeedStore store;

    Feed(FeedStore store) {
        this.store = store;
    }

    @Schema(name = "Notification")
    public record Notification(UUID id, String eventType, String summary, Instant createdAt) {
    }

    public Page<Notification> of(Caller owner, Pageable page) {
        long total = store.count(owner.id());
        List<Notification> content = store.newestFirst(owner.id(), page.getPageSize(), page.getOffset());
        return new PageImpl<>(content, page, total);
    }
}
