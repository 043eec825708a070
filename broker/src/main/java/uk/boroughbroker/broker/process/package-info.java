/**
 * Child processes the launcher runs for a long time (Keycloak, HAProxy): output to a log file,
 * waiting for readiness on an HTTP endpoint, stopping politely then for sure, whole process tree
 * included. Used by the single-node launcher and by cluster mode; names neither.
 */
package uk.boroughbroker.broker.process;
