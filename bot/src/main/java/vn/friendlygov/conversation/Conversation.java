package vn.friendlygov.conversation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** One resident's conversation with one unit on one channel, with what the bot remembers of it. */
@MappedEntity("conversation")
public class Conversation {
    public static final String BOT = "BOT";
    public static final String WAITING_FOR_OFFICIAL = "WAITING_FOR_OFFICIAL";
    public static final String WITH_OFFICIAL = "WITH_OFFICIAL";

    @Id
    @GeneratedValue
    @Nullable
    private Long id;
    private Long unitId;
    private String channel;
    private String channelUserId;
    private String status = BOT;
    @Nullable
    private String topicId;
    @Nullable
    private String flow;
    @Nullable
    private String flowState;
    private int unsureCount;
    /** The official holding the conversation (WITH_OFFICIAL). */
    @Nullable
    private Long assigneeId;
    /** Since when it waits for an official (WAITING_FOR_OFFICIAL, and kept while held). */
    @Nullable
    private Instant waitingSince;
    @Nullable
    private Instant escalatedAt;
    private boolean optedOut;
    @Nullable
    private String displayName;
    @Nullable
    private Instant lastInboundAt;
    private Instant lastMessageAt;
    private Instant createdAt;
    @Nullable
    private String offeredChoices;

    public static Conversation start(long unitId, String channel, String channelUserId, Instant now) {
        Conversation c = new Conversation();
        c.unitId = unitId;
        c.channel = channel;
        c.channelUserId = channelUserId;
        c.createdAt = now;
        c.lastMessageAt = now;
        return c;
    }

    public Long getId() { return id; }
    public void setId(Long id) { this.id = id; }
    public Long getUnitId() { return unitId; }
    public void setUnitId(Long unitId) { this.unitId = unitId; }
    public String getChannel() { return channel; }
    public void setChannel(String channel) { this.channel = channel; }
    public String getChannelUserId() { return channelUserId; }
    public void setChannelUserId(String channelUserId) { this.channelUserId = channelUserId; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getTopicId() { return topicId; }
    public void setTopicId(String topicId) { this.topicId = topicId; }
    public String getFlow() { return flow; }
    public void setFlow(String flow) { this.flow = flow; }
    public String getFlowState() { return flowState; }
    public void setFlowState(String flowState) { this.flowState = flowState; }
    public int getUnsureCount() { return unsureCount; }
    public void setUnsureCount(int unsureCount) { this.unsureCount = unsureCount; }
    public boolean isOptedOut() { return optedOut; }
    public void setOptedOut(boolean optedOut) { this.optedOut = optedOut; }
    public String getDisplayName() { return displayName; }
    public void setDisplayName(String displayName) { this.displayName = displayName; }
    public Instant getLastInboundAt() { return lastInboundAt; }
    public void setLastInboundAt(Instant lastInboundAt) { this.lastInboundAt = lastInboundAt; }
    public Instant getLastMessageAt() { return lastMessageAt; }
    public void setLastMessageAt(Instant lastMessageAt) { this.lastMessageAt = lastMessageAt; }
    public String getOfferedChoices() { return offeredChoices; }
    public void setOfferedChoices(String offeredChoices) { this.offeredChoices = offeredChoices; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
    public Long getAssigneeId() { return assigneeId; }
    public void setAssigneeId(Long assigneeId) { this.assigneeId = assigneeId; }
    public Instant getWaitingSince() { return waitingSince; }
    public void setWaitingSince(Instant waitingSince) { this.waitingSince = waitingSince; }
    public Instant getEscalatedAt() { return escalatedAt; }
    public void setEscalatedAt(Instant escalatedAt) { this.escalatedAt = escalatedAt; }

    /** The bot does not answer: an official is awaited or holds the conversation. */
    public boolean withHuman() {
        return WAITING_FOR_OFFICIAL.equals(status) || WITH_OFFICIAL.equals(status);
    }
}
