package uk.boroughbroker.keycloak.provisioning;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One queued change for one person at one borough system: a row of the outbox
 * ({@code BOROUGH_SCIM_CHANGE}, created by {@code META-INF/borough-scim-changelog.xml}). Written in
 * the transaction of the directory read that caused it; delivered by the workers, in {@code SEQ}
 * order per (system, person).
 */
@Entity
@Table(name = "BOROUGH_SCIM_CHANGE")
public class ScimChangeEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;
    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;
    @Column(name = "SYSTEM_ID", length = 36, nullable = false)
    private String systemId;
    @Column(name = "USER_ID", length = 36, nullable = false)
    private String userId;
    /** Order of changes per (system, person): time-based, strictly increasing per node. */
    @Column(name = "SEQ", nullable = false)
    private long seq;
    @Column(name = "KIND", length = 16, nullable = false)
    private String kind;
    /** The projection (our own JSON of {@link ScimPerson}, not SCIM JSON). */
    @Column(name = "PAYLOAD", length = 4000, nullable = false)
    private String payload;
    @Column(name = "STATUS", length = 16, nullable = false)
    private String status;
    @Column(name = "ATTEMPTS", nullable = false)
    private int attempts;
    @Column(name = "NEXT_ATTEMPT_AT", nullable = false)
    private long nextAttemptAt;
    @Column(name = "LEASE_OWNER", length = 64)
    private String leaseOwner;
    @Column(name = "LEASE_UNTIL", nullable = false)
    private long leaseUntil;
    @Column(name = "LAST_ERROR", length = 1000)
    private String lastError;
    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;
    @Column(name = "DONE_AT")
    private Long doneAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getSystemId() { return systemId; }
    public void setSystemId(String systemId) { this.systemId = systemId; }
    public String getUserId() { return userId; }
    public void setUserId(String userId) { this.userId = userId; }
    public long getSeq() { return seq; }
    public void setSeq(long seq) { this.seq = seq; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getPayload() { return payload; }
    public void setPayload(String payload) { this.payload = payload; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public int getAttempts() { return attempts; }
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public long getNextAttemptAt() { return nextAttemptAt; }
    public void setNextAttemptAt(long nextAttemptAt) { this.nextAttemptAt = nextAttemptAt; }
    public String getLeaseOwner() { return leaseOwner; }
    public void setLeaseOwner(String leaseOwner) { this.leaseOwner = leaseOwner; }
    public long getLeaseUntil() { return leaseUntil; }
    public void setLeaseUntil(long leaseUntil) { this.leaseUntil = leaseUntil; }
    public String getLastError() { return lastError; }
    public void setLastError(String lastError) { this.lastError = lastError; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public Long getDoneAt() { return doneAt; }
    public void setDoneAt(Long doneAt) { this.doneAt = doneAt; }
}
