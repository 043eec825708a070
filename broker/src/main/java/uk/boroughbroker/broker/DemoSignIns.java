package uk.boroughbroker.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;

/**
 * The demo people of one council, read from its LDIF file so that what the launcher prints is
 * always what the directory holds. Demo passwords are public by design (see the LDIF header).
 */
record DemoSignIns(String council, List<Person> people) {

    /**
     * @param username what the person signs in with: the user principal name, as the broker shows it
     * @param account  the directory account name (sAMAccountName)
     */
    record Person(String username, String account, String displayName, String password, String title,
            boolean disabled) {
    }

    static DemoSignIns read(String council, Path ldif) {
        List<Person> people = new ArrayList<>();
        try (LDIFReader reader = new LDIFReader(ldif.toFile())) {
            for (Entry entry; (entry = reader.readEntry()) != null;) {
                if (entry.hasObjectClass("user") && entry.hasAttribute("sAMAccountName")) {
                    String upn = entry.getAttributeValue("userPrincipalName");
                    String account = entry.getAttributeValue("sAMAccountName");
                    people.add(new Person(upn != null ? upn.toLowerCase(java.util.Locale.ROOT) : account, account,
                            entry.getAttributeValue("displayName"), entry.getAttributeValue("userPassword"),
                            entry.getAttributeValue("title"),
                            "514".equals(entry.getAttributeValue("userAccountControl"))));
                }
            }
        } catch (IOException | LDIFException e) {
            throw new BrokerException("Cannot read demo data " + ldif + ": " + e.getMessage(), e);
        }
        return new DemoSignIns(council, List.copyOf(people));
    }

    /** The first enabled person who is not a {@code jsmith} (Brent and Lewisham both have one). */
    Person example() {
        return people.stream().filter(p -> !p.disabled() && !"jsmith".equals(p.account())).findFirst()
                .orElseThrow(() -> new BrokerException("Demo data for " + council + " has no enabled user"));
    }

    List<Person> disabled() {
        return people.stream().filter(Person::disabled).toList();
    }
}
