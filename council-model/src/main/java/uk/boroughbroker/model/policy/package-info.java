/**
 * The council policy as the broker evaluates it: which catalogue roles a person of a council holds,
 * at which councils, from the groups their own council's directory reports (by exact DN only,
 * Keycloak issue 52048), why, and which apps belong to which council. One evaluator, and one
 * server form (the realm attribute the realm tooling writes and the extensions read), so the policy
 * file and what the server evaluates cannot drift.
 */
package uk.boroughbroker.model.policy;
