/**
 * The realm as code: loads and validates the realm, councils and policy files (errors with file:line,
 * {@link uk.boroughbroker.realms.RealmDefinition}), and applies them to a running Keycloak over its
 * admin REST API all or nothing ({@link uk.boroughbroker.realms.RealmApplier}: every name checked
 * before the first write, every write undone if Keycloak refuses one; decisions 0003 and 0016).
 */
package uk.boroughbroker.realms;
