package uk.boroughbroker.directory.samba;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("A council's domain names")
class DomainNamesTest {

    @Test
    void whenDerivedFromCouncilAndBaseDnThenRealmNetbiosHostAndLayoutFollowAd() {
        DomainNames brent = DomainNames.of("brent", "DC=brent,DC=gov,DC=uk");

        assertThat(brent.realm()).isEqualTo("BRENT.GOV.UK");
        assertThat(brent.netbiosDomain()).isEqualTo("BRENT");
        assertThat(brent.hostName()).isEqualTo("dc-brent");
        assertThat(brent.dnsHostName()).isEqualTo("dc-brent.brent.gov.uk");
        assertThat(brent.upnSuffix()).isEqualTo("brent.gov.uk");
        assertThat(brent.usersDn()).isEqualTo("OU=Staff,DC=brent,DC=gov,DC=uk");
        assertThat(brent.groupsDn()).isEqualTo("OU=Groups,DC=brent,DC=gov,DC=uk");
        assertThat(brent.bindDn()).isEqualTo("CN=svc-borough-broker,OU=Service Accounts,DC=brent,DC=gov,DC=uk");
    }

    @Test
    void whenTheBaseDnIsNotMadeOfDomainComponentsThenItIsRefused() {
        assertThatThrownBy(() -> DomainNames.of("brent", "O=Brent,C=GB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DC= components only");
    }

    @Test
    void whenTheCouncilIdCannotMakeANetbiosNameThenItIsRefused() {
        assertThatThrownBy(() -> DomainNames.of("kensington-and-chelsea", "DC=rbkc,DC=gov,DC=uk"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2-12 of a-z 0-9 -");
    }
}
