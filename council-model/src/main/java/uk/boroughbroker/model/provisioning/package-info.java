/**
 * How a borough system (a SCIM provisioning target, decision 0029) is named in Keycloak: the
 * component type and its setting keys. Written once here, so that the realm tooling that writes
 * these components from {@code provisioning.yaml} and the Keycloak extension that reads them agree.
 */
package uk.boroughbroker.model.provisioning;
