package vn.friendlygov.channel;

import java.util.List;

/** What one signed delivery holds: the events to store and handle, and the items rejected. */
public record WebhookItems(List<PlatformEvent> events, List<RejectedItem> rejected) {
    public WebhookItems {
        events = List.copyOf(events);
        rejected = List.copyOf(rejected);
    }

    public boolean isEmpty() {
        return events.isEmpty() && rejected.isEmpty();
    }
}
