/**
 * SCIM 2.0 outbound provisioning: borough systems (housing, revenues, social care) get accounts for
 * the council staff who qualify, before their first day, and lose them when they leave (issue 14,
 * decision 0029).
 *
 * <p>Systems are components of the realm ({@code borough-scim-system}, {@link ScimSystemConfig}).
 * Each directory read ({@code DirectoryUserRead}) is turned into queued changes by
 * {@code ChangeCapture}, at the end of the request's transaction and in it: rows of a durable outbox
 * in Keycloak's database ({@code ScimChangeEntity}, {@code Outbox}), queued only when what the
 * system should hold changed. This node's {@code ProvisioningWorkers} deliver them on each system's
 * own threads ({@code SystemRunner}): in order per person, idempotently ({@code ScimDelivery} finds
 * the account by externalId first), retried with {@link Backoff} when the system is down or slow,
 * failed with a reason on a refusal. Status, retry and reconcile are admin REST
 * ({@code ProvisioningResource}); every change and call is an admin event ({@code ProvisioningEvents}).
 *
 * <p>Names {@code directory} (the event it listens to) and {@code homecouncil}; nothing names it.
 */
package uk.boroughbroker.keycloak.provisioning;
