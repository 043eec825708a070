/**
 * How councils and what belongs to them are named: council ids, their domains and NetBIOS names,
 * the realm roles of the shared catalogue ({@code council/role}) and the per-council client scopes
 * ({@code council:<id>}). Written once here; the realm tooling checks files against these rules and
 * the Keycloak extensions read names with them.
 */
package uk.boroughbroker.model.names;
