package uk.boroughbroker.keycloak.provisioning;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import uk.boroughbroker.directory.AdGuid;
import uk.boroughbroker.directory.CouncilDirectory;
import uk.boroughbroker.keycloak.testing.DemoBroker;

/**
 * New people in Camden's demo directory, so that each test has its own (the directories are shared
 * by every test class). Password {@code Camden!<account>1}; housing officers hold
 * {@code camden/housing:caseworker} through the policy.
 */
final class CamdenPeople {

    static final String HOUSING_OFFICERS = "CN=APP-Housing-Officer,OU=Groups,DC=camden,DC=gov,DC=uk";
    static final String HOUSING_ROLE = "camden/housing:caseworker";

    private final DemoBroker broker;

    CamdenPeople(DemoBroker broker) {
        this.broker = broker;
    }

    record Person(String account, String dn) {
        String username() {
            return account + "@camden.gov.uk";
        }

        String password() {
            return "Camden!" + account + "1";
        }

        String email() {
            return account + ".mail@camden.gov.uk";
        }
    }

    /** A new enabled person, in the housing officers' group when {@code housingOfficer}. */
    Person add(String prefix, String givenName, boolean housingOfficer) {
        String account = prefix + UUID.randomUUID().toString().substring(0, 6);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("sAMAccountName", account);
        attributes.put("userPrincipalName", account + "@camden.gov.uk");
        attributes.put("mail", account + ".mail@camden.gov.uk");
        attributes.put("givenName", givenName);
        attributes.put("sn", "Tester");
        attributes.put("userAccountControl", "512");
        attributes.put("userPassword", "Camden!" + account + "1");
        attributes.put("objectGUID", AdGuid.toBytes(UUID.randomUUID()));
        String dn = directory().addPerson(givenName + " " + account, attributes);
        if (housingOfficer) {
            directory().addMember(HOUSING_OFFICERS, dn);
        }
        return new Person(account, dn);
    }

    CouncilDirectory directory() {
        return broker.directories().council("camden");
    }

    /** The broker user's id (council + objectGUID): the externalId a borough system gets. */
    String brokerId(Person person) {
        return broker.admin().get("/realms/borough/users?exact=true&username=" + person.username()).get(0).path("id")
                .asText();
    }

    /**
     * Makes the broker read the person's entry again now, as its scheduled sync or the next sign-in
     * would: the cached user is dropped and loaded again (Keycloak validates it against the directory).
     */
    void reRead(Person person) {
        String id = brokerId(person);
        broker.admin().postForJson("/realms/borough/clear-user-cache");
        broker.admin().get("/realms/borough/users/" + id);
    }
}
