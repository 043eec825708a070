package uk.boroughbroker.keycloak.provisioning;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Every lifecycle change queued for a system and every call made to one, as a Keycloak admin event
 * of resource type {@value #RESOURCE_TYPE}: stored when the realm keeps admin events and passed to the
 * realm's event listeners, so an auditor reads them where Keycloak's own are (admin console, admin
 * REST {@code /admin-events}, a SIEM listener). Admin events, not user events: user event types are
 * a fixed enum; admin events take an extension's resource type as text.
 */
final class ProvisioningEvents {

    static final String RESOURCE_TYPE = "BOROUGH_SCIM";
    /** Who acted, as the events show it: the broker's provisioning, not a signed-in admin. */
    static final String ACTOR = "borough-provisioning";
    private static final Logger LOG = Logger.getLogger(ProvisioningEvents.class);

    private ProvisioningEvents() {
    }

    /**
     * Makes the realm's event store and listeners for this session now. Events of queued changes are
     * sent while the transaction commits, when Keycloak no longer lets a provider enlist; listeners
     * such as jboss-logging enlist when they are made.
     */
    static void prepare(KeycloakSession session, RealmModel realm) {
        if (realm.isAdminEventsEnabled()) {
            session.getProvider(EventStoreProvider.class);
        }
        realm.getEventsListenersStream().forEach(id -> session.getProvider(EventListenerProvider.class, id));
    }

    /** A change for a person was queued for a system (joiner, mover, leaver, returner). */
    static void queued(KeycloakSession session, RealmModel realm, ScimSystemConfig system, String userId,
            ChangeKind kind, boolean active) {
        send(session, realm, kind == ChangeKind.DELETE ? OperationType.DELETE : OperationType.UPDATE,
                path(system, userId), Map.of("system", system.name(), "step", "queued", "change", kind.name(),
                        "active", String.valueOf(active)), null);
    }

    /** A call to a system delivered a change, or failed ({@code error} set). */
    static void called(KeycloakSession session, RealmModel realm, String systemName, String systemId, String userId,
            String outcome, int attempt, String error) {
        OperationType type = switch (outcome) {
            case "CREATED" -> OperationType.CREATE;
            case "DELETED" -> OperationType.DELETE;
            default -> OperationType.ACTION;
        };
        send(session, realm, type, "borough-provisioning/" + systemId + "/users/" + userId,
                Map.of("system", systemName, "step", "delivery", "outcome", outcome, "attempt", String.valueOf(attempt)),
                error);
    }

    /** An admin's action on a system (retry, reconcile). */
    static void adminAction(KeycloakSession session, RealmModel realm, ScimSystemConfig system, String adminUserId,
            Map<String, String> details) {
        AdminEvent event = event(realm, OperationType.ACTION, "borough-provisioning/" + system.id(), details, null);
        event.getAuthDetails().setUserId(adminUserId);
        deliver(session, realm, event);
    }

    private static String path(ScimSystemConfig system, String userId) {
        return "borough-provisioning/" + system.id() + "/users/" + userId;
    }

    private static void send(KeycloakSession session, RealmModel realm, OperationType type, String path,
            Map<String, String> details, String error) {
        deliver(session, realm, event(realm, type, path, details, error));
    }

    private static AdminEvent event(RealmModel realm, OperationType type, String path, Map<String, String> details,
            String error) {
        AdminEvent event = new AdminEvent();
        event.setId(UUID.randomUUID().toString());
        event.setTime(System.currentTimeMillis());
        event.setRealmId(realm.getId());
        event.setRealmName(realm.getName());
        AuthDetails auth = new AuthDetails();
        auth.setRealmId(realm.getId());
        auth.setRealmName(realm.getName());
        auth.setClientId(ACTOR);
        event.setAuthDetails(auth);
        event.setOperationType(type);
        event.setResourceTypeAsString(RESOURCE_TYPE);
        event.setResourcePath(path);
        event.setDetails(details);
        event.setError(error);
        return event;
    }

    private static void deliver(KeycloakSession session, RealmModel realm, AdminEvent event) {
        LOG.debugf("Realm %s: %s %s %s%s", realm.getName(), event.getOperationType(), event.getResourcePath(),
                event.getDetails(), event.getError() == null ? "" : " error: " + event.getError());
        if (realm.isAdminEventsEnabled()) {
            session.getProvider(EventStoreProvider.class).onEvent(event, realm.isAdminEventsDetailsEnabled());
        }
        realm.getEventsListenersStream().map(id -> session.getProvider(EventListenerProvider.class, id))
                .filter(Objects::nonNull).forEach(listener -> {
                    try {
                        listener.onEvent(event, false);
                    } catch (RuntimeException e) {
                        // A listener's fault (a SIEM forwarder down) must not fail a sign-in.
                        LOG.warnf("Event listener %s failed on a provisioning event: %s", listener.getClass().getName(),
                                e.getMessage());
                    }
                });
    }
}
