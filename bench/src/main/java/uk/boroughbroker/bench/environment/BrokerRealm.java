package uk.boroughbroker.bench.environment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import uk.boroughbroker.model.directory.DirectorySettings;
import uk.boroughbroker.realms.Council;
import uk.boroughbroker.realms.Councils;
import uk.boroughbroker.realms.CouncilsLoader;
import uk.boroughbroker.realms.PolicyLoader;
import uk.boroughbroker.realms.RealmDefinition;
import uk.boroughbroker.realms.Variables;

/**
 * The broker realm exactly as {@code ./broker.sh up} applies it ({@code realms/borough} with
 * {@code realms/demo/councils.yaml} and its policy, or the generated councils' files), pointed at the bench's directories: the one
 * council under test for failover gets its second DC, and the timeouts can be set for every council.
 * The stock realm is built from the same {@link Councils}, so both see the same URLs and timeouts.
 */
final class BrokerRealm {

    private BrokerRealm() {
    }

    static Councils councils(BenchCouncils bench, Variables variables, String twoDcCouncil, List<String> twoDcUrls,
            OptionalInt connectTimeoutMillis, OptionalInt readTimeoutMillis) {
        Councils loaded = CouncilsLoader.load(bench.councilsFile(), variables);
        List<Council> councils = new ArrayList<>();
        for (Council c : loaded.councils()) {
            Council.Directory d = c.directory();
            List<String> urls = c.id().equals(twoDcCouncil) ? twoDcUrls : d.urls();
            // No background sync (decision 0030): the first-sign-in scenarios need people the broker has not
            // imported yet, and the stock federations sync on demand only; the sync scenarios ask for it.
            Map<String, String> tuning = new HashMap<>(d.tuning());
            tuning.put(DirectorySettings.SYNC_SECONDS.key(), "0");
            Council.Directory directory = new Council.Directory(urls, d.baseDn(), d.usersDn(), d.bindDn(),
                    d.bindCredential(), connectTimeoutMillis.orElse(d.connectTimeoutMillis()),
                    readTimeoutMillis.orElse(d.readTimeoutMillis()), d.startTls(), d.trustedCertificates(),
                    d.groupResolution(), d.allowPlaintext(), d.deadlineMillis(), tuning);
            councils.add(new Council(c.id(), c.displayName(), c.sharedService(), c.upnSuffixes(), c.emailDomains(),
                    directory, c.netbiosName()));
        }
        return new Councils(loaded.source(), loaded.sharedServices(), councils);
    }

    static RealmDefinition definition(Path realms, BenchCouncils bench, Councils councils, Variables variables) {
        RealmDefinition realm = RealmDefinition.load(realms.resolve("borough"), councils, variables);
        return realm.withPolicy(PolicyLoader.load(bench.policyFile(), councils));
    }
}
