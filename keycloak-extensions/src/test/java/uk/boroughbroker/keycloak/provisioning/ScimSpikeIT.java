package uk.boroughbroker.keycloak.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import uk.boroughbroker.keycloak.testing.AgainstTheDemoBroker;
import uk.boroughbroker.keycloak.testing.BoroughServerConfig;

@KeycloakIntegrationTest(config = BoroughServerConfig.class)
class ScimSpikeIT extends AgainstTheDemoBroker {

    @Test
    void spike() {
        ScimTargetRealm housing = ScimTargetRealm.ensure(broker.admin(), urls.getBase(), "housing");
        ObjectNode body = new ObjectMapper().createObjectNode().put("baseUrl", housing.scimUrl())
                .put("tokenUrl", housing.tokenUrl()).put("clientId", ScimTargetRealm.CLIENT_ID)
                .put("clientSecret", housing.secret()).put("userName", "spike1");
        JsonNode out = broker.admin().postForJson("/realms/borough/borough-provisioning/spike", body);
        System.out.println("SPIKE: " + out.toPrettyString());
        System.out.println("USERS: " + housing.users("username=spike1").toPrettyString());
        assertThat(out.path("error").isMissingNode()).isTrue();
    }
}
