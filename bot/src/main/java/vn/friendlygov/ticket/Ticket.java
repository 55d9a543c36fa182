package vn.friendlygov.ticket;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

import java.time.Instant;

/**
 * A complaint, feedback or suggestion: what, where, who handles it, by when, and how it ended.
 * The *At follow-up stamps make each reminder, escalation and apology happen once.
 */
@MappedEntity("ticket")
public class Ticket {
    @Id @GeneratedValue @Nullable private Long id;
    private Long unitId;
    private String code;
    private String kind;
    private String category;
    @Nullable private String area;
    private String description;
    @Nullable private Double latitude;
    @Nullable private Double longitude;
    @Nullable private String photoUrl;
    @Nullable private String phone;
    /** The web-chat client's address (new cases per address per day); null on Zalo and Messenger. */
    @Nullable private String clientAddress;
    private Long conversationId;
    private String channel;
    private String channelUserId;
    private String status;
    @Nullable private Long assigneeId;
    @Nullable private String department;
    private Instant dueAt;
    @Nullable private Instant remindAt;
    @Nullable private Instant remindedAt;
    @Nullable private Instant escalatedAt;
    @Nullable @MappedProperty("escalated2_at") private Instant escalated2At;
    @Nullable private Instant apologizedAt;
    @Nullable private String reason;
    @Nullable private String forwardedTo;
    @Nullable private String answer;
    @Nullable private Instant answeredAt;
    @Nullable private String rating;
    @Nullable private String ratingComment;
    @Nullable private Instant ratedAt;
    private boolean flagged;
    private Instant createdAt;
    private Instant updatedAt;

    public TicketStatus statusValue() { return TicketStatus.valueOf(status); }
    public TicketKind kindValue() { return TicketKind.valueOf(kind); }

    public String getClientAddress() { return clientAddress; }
    public void setClientAddress(String clientAddress) { this.clientAddress = clientAddress; }
    public Long getId() { return id; }
    public void setId(Long id) { this.id = id; }
    public Long getUnitId() { return unitId; }
    public void setUnitId(Long unitId) { this.unitId = unitId; }
    public String getCode() { return code; }
    public void setCode(String code) { this.code = code; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getCategory() { return category; }
    public void setCategory(String category) { this.category = category; }
    public String getArea() { return area; }
    public void setArea(String area) { this.area = area; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public Double getLatitude() { return latitude; }
    public void setLatitude(Double latitude) { this.latitude = latitude; }
    public Double getLongitude() { return longitude; }
    public void setLongitude(Double longitude) { this.longitude = longitude; }
    public String getPhotoUrl() { return photoUrl; }
    public void setPhotoUrl(String photoUrl) { this.photoUrl = photoUrl; }
    public String getPhone() { return phone; }
    public void setPhone(String phone) { this.phone = phone; }
    public Long getConversationId() { return conversationId; }
    public void setConversationId(Long conversationId) { this.conversationId = conversationId; }
    public String getChannel() { return channel; }
    public void setChannel(String channel) { this.channel = channel; }
    public String getChannelUserId() { return channelUserId; }
    public void setChannelUserId(String channelUserId) { this.channelUserId = channelUserId; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public Long getAssigneeId() { return assigneeId; }
    public void setAssigneeId(Long assigneeId) { this.assigneeId = assigneeId; }
    public String getDepartment() { return department; }
    public void setDepartment(String department) { this.department = department; }
    public Instant getDueAt() { return dueAt; }
    public void setDueAt(Instant dueAt) { this.dueAt = dueAt; }
    public Instant getRemindAt() { return remindAt; }
    public void setRemindAt(Instant remindAt) { this.remindAt = remindAt; }
    public Instant getRemindedAt() { return remindedAt; }
    public void setRemindedAt(Instant remindedAt) { this.remindedAt = remindedAt; }
    public Instant getEscalatedAt() { return escalatedAt; }
    public void setEscalatedAt(Instant escalatedAt) { this.escalatedAt = escalatedAt; }
    public Instant getEscalated2At() { return escalated2At; }
    public void setEscalated2At(Instant escalated2At) { this.escalated2At = escalated2At; }
    public Instant getApologizedAt() { return apologizedAt; }
    public void setApologizedAt(Instant apologizedAt) { this.apologizedAt = apologizedAt; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getForwardedTo() { return forwardedTo; }
    public void setForwardedTo(String forwardedTo) { this.forwardedTo = forwardedTo; }
    public String getAnswer() { return answer; }
    public void setAnswer(String answer) { this.answer = answer; }
    public Instant getAnsweredAt() { return answeredAt; }
    public void setAnsweredAt(Instant answeredAt) { this.answeredAt = answeredAt; }
    public String getRating() { return rating; }
    public void setRating(String rating) { this.rating = rating; }
    public String getRatingComment() { return ratingComment; }
    public void setRatingComment(String ratingComment) { this.ratingComment = ratingComment; }
    public Instant getRatedAt() { return ratedAt; }
    public void setRatedAt(Instant ratedAt) { this.ratedAt = ratedAt; }
    public boolean isFlagged() { return flagged; }
    public void setFlagged(boolean flagged) { this.flagged = flagged; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(Instant updatedAt) { this.updatedAt = updatedAt; }
}
