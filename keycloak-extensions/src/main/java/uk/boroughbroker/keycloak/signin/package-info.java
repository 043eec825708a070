/**
 * How staff sign in: the browser form ({@code borough-council-login}: asks a bare name's council,
 * names an unknown council, has its own page for an unavailable directory) and the password grant
 * ({@code borough-direct-grant}: 503 for an unavailable directory, the account's state only for the
 * right password of someone not locked out). Both check in one order, count every wrong password
 * towards brute-force protection and spend the same directory work on every refusal (decision 0015).
 */
package uk.boroughbroker.keycloak.signin;
