/**
 * Embedded, Active Directory-shaped LDAP directories for the demo and the tests
 * ({@link uk.boroughbroker.directory.DemoDirectories}, {@link uk.boroughbroker.directory.CouncilDirectory}):
 * the councils' LDIF checked before loading, {@code objectGUID}/{@code memberOf} filled in as a DC
 * would, AD's bind refusals for disabled, locked and expired accounts, injected delays, request counts,
 * test-support changes (people added, deleted, groups edited) the way a council's AD admin makes them,
 * and AD's change tracking: USNs, the DC's invocationId and tombstones ({@link
 * uk.boroughbroker.directory.ChangeTracking}, decision 0028).
 */
package uk.boroughbroker.directory;
