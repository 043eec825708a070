/**
 * A person's home council as a token claim ({@code home_council}), from the federation that imported
 * them, never from an attribute anyone could edit (decision 0005).
 */
package uk.boroughbroker.keycloak.homecouncil;
