package uk.boroughbroker.directory.samba;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The smb.conf of one domain, written fresh before every start.
 *
 * <p>Written here rather than taken from provisioning because it holds absolute paths: the provisioned
 * databases themselves contain none, so a snapshot restores into any work folder and only this file
 * has to follow. Two DCs on one machine must not share a pid, socket or log folder, and only the
 * services the broker needs run (LDAP, CLDAP, Kerberos and the two replication services the DC
 * expects), not SMB, RPC, DNS or winbind.
 */
final class SmbConf {

    private SmbConf() {
    }

    static void write(Path file, DomainNames names, String address, WorkDir dir) throws IOException {
        String conf = """
                # Written by SambaDomain before each start; changes here are overwritten.
                [global]
                \tnetbios name = %s
                \tworkgroup = %s
                \trealm = %s
                \tserver role = active directory domain controller
                \tserver services = ldap, cldap, kdc, drepl, kcc
                \tidmap_ldb:use rfc2307 = yes
                \tinterfaces = %s/8
                \tbind interfaces only = yes
                \tprivate dir = %s
                \tbinddns dir = %s
                \tstate directory = %s
                \tcache directory = %s
                \tlock directory = %s
                \tpid directory = %s
                \tncalrpc dir = %s
                \twinbindd socket directory = %s
                \tntp signd socket directory = %s
                \t# Samba logs to stdout (--debug-stdout), which goes to samba.log; this is for its helpers.
                \tlog file = %s
                \tlog level = 1
                \tdns update command = /bin/true
                \tspn update command = /bin/true
                \t# Simple binds on 389 without TLS: the tests compare plain and TLS connections. Tests only.
                \tldap server require strong auth = no
                \ttls enabled = yes
                \ttls keyfile = %s
                \ttls certfile = %s
                \ttls cafile = %s
                """.formatted(names.hostName().toUpperCase(java.util.Locale.ROOT), names.netbiosDomain(), names.realm(),
                address, dir.domain().resolve("private"), dir.domain().resolve("bind-dns"),
                dir.domain().resolve("state"), dir.domain().resolve("cache"), dir.domain(), dir.run(),
                dir.run().resolve("ncalrpc"), dir.run().resolve("winbindd"), dir.run().resolve("ntp_signd"),
                dir.run().resolve("log.samba"), dir.serverKey(), dir.serverCertificate(), dir.caCertificate());
        Files.writeString(file, conf, StandardCharsets.UTF_8);
    }
}
