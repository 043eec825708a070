package uk.boroughbroker.directory;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic staff for load tests: {@code loaduser00001} ... with realistic-looking names, each in one
 * or two of the council's groups.
 *
 * <p>Random is seeded from the council id, so the same council always gets the same people and
 * memberships (a load test that logs in as loaduser00042 sees the same groups on every run).
 * Entries are built in memory and handed to the server in one batch; adding them one LDAP operation
 * at a time is what makes a 10,000-user directory slow to start.
 */
final class GeneratedUsers {

    static final String NAME_PREFIX = "loaduser";

    private static final String[] GIVEN_NAMES = {
            "Aaliyah", "Abdul", "Ada", "Adebayo", "Aisha", "Amir", "Ana", "Arjun", "Ayesha", "Ben",
            "Chloe", "Chidi", "Daniel", "Deepa", "Ella", "Emeka", "Fatima", "Femi", "George", "Grace",
            "Hannah", "Ibrahim", "Isla", "Jamal", "Jia", "Kemi", "Leon", "Maria", "Mohammed", "Nadia",
            "Niamh", "Olu", "Oscar", "Priya", "Rahul", "Rosa", "Samir", "Sofia", "Tom", "Yasmin"};
    private static final String[] SURNAMES = {
            "Adeyemi", "Ahmed", "Ali", "Bailey", "Begum", "Brown", "Chen", "Clarke", "Costa", "Davies",
            "Evans", "Francis", "Green", "Gupta", "Hall", "Hussain", "Islam", "James", "Khan", "Kowalski",
            "Lewis", "Martin", "Mensah", "Murphy", "Nowak", "Obi", "Okafor", "Patel", "Rahman", "Roberts",
            "Santos", "Shah", "Silva", "Singh", "Taylor", "Thomas", "Walker", "Williams", "Wilson", "Yilmaz"};
    private static final String[] DEPARTMENTS = {
            "Revenues and Benefits", "Adult Social Care", "Children's Social Care", "Housing", "Planning",
            "Environmental Services", "Finance", "Human Resources", "Libraries", "Parking Services"};

    private GeneratedUsers() {
    }

    /**
     * The users, each already listed in its groups: the groups' {@code member} values are extended
     * here (memberOf is computed later from them, as for LDIF entries).
     */
    static List<Entry> create(String councilId, DirectoryLayout layout, int count, String password,
                              List<Entry> groups) {
        Random random = new Random(councilId.hashCode()); // String.hashCode is specified, so stable
        String numberFormat = "%0" + Math.max(5, Integer.toString(count).length()) + "d";
        Map<Entry, List<String>> newMembers = new IdentityHashMap<>();
        List<Entry> users = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String number = String.format(numberFormat, i);
            String name = NAME_PREFIX + number;
            String dn = "CN=Load User " + number + "," + layout.usersDn();
            String givenName = pick(random, GIVEN_NAMES);
            String surname = pick(random, SURNAMES);
            String address = name + "@" + layout.upnSuffix();
            users.add(new Entry(dn,
                    new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
                    new Attribute("cn", "Load User " + number),
                    new Attribute("givenName", givenName),
                    new Attribute("sn", surname),
                    new Attribute("displayName", givenName + " " + surname),
                    new Attribute("sAMAccountName", name),
                    new Attribute("userPrincipalName", address),
                    new Attribute("mail", address),
                    new Attribute("title", "Load test user"),
                    new Attribute("department", pick(random, DEPARTMENTS)),
                    new Attribute("userAccountControl", Integer.toString(DirectoryContent.NORMAL_ACCOUNT)),
                    new Attribute("objectGUID", DirectoryContent.objectGuidFor(councilId, dn)),
                    new Attribute("userPassword", password)));
            if (!groups.isEmpty()) {
                Entry first = pick(random, groups);
                newMembers.computeIfAbsent(first, g -> new ArrayList<>()).add(dn);
                Entry second = pick(random, groups);
                if (random.nextBoolean() && second != first) {
                    newMembers.computeIfAbsent(second, g -> new ArrayList<>()).add(dn);
                }
            }
        }
        newMembers.forEach(GeneratedUsers::appendMembers);
        return users;
    }

    private static void appendMembers(Entry group, List<String> added) {
        String[] existing = group.getAttributeValues("member");
        List<String> members = new ArrayList<>(existing == null ? List.of() : Arrays.asList(existing));
        members.addAll(added);
        group.setAttribute("member", members);
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
