/**
 * Real Active Directory domain controllers (Samba AD DC) on loopback addresses, provisioned and run by
 * code, for the integration tests and the demo: {@link uk.boroughbroker.directory.samba.SambaDomain}
 * (one council), {@link uk.boroughbroker.directory.samba.SambaDomains} (several, in parallel) and
 * {@link uk.boroughbroker.directory.samba.SambaSupport} (whether this machine can run them).
 *
 * <p>They use the parent package's {@link uk.boroughbroker.directory.DirectoryLayout} (the parent never
 * uses this package) and load the same LDIF files as the embedded directories, plus the
 * account-state LDIF in realms/real-ad, whose README documents how each state is produced, the TLS
 * set-up, the snapshot cache and measured timings.
 */
package uk.boroughbroker.directory.samba;
