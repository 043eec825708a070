package uk.boroughbroker.model.names;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The naming rules of councils: their ids, DNS domains (UPN suffixes, staff email domains) and
 * NetBIOS names. The councils file, the federation's own validation and sign-in routing all check
 * against these, so a name one accepts the others accept too.
 */
public final class CouncilNames {

    /** A council id, which is also its federation's name: {@value #COUNCIL_ID_RULE}. */
    public static final Pattern COUNCIL_ID = Pattern.compile("[a-z][a-z0-9-]{1,39}");
    public static final String COUNCIL_ID_RULE = "2-40 lower-case letters, digits or '-', starting with a letter";

    /**
     * Lower-case ASCII letters, digits and hyphens (LDH) in labels of 1-63 characters, a top-level
     * label of letters only: the form AD stores. Punycode ({@code xn--}) labels are LDH and pass;
     * Unicode is refused with its punycode form (decision 0016).
     */
    public static final Pattern DOMAIN = Pattern.compile("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    public static final int MAX_DOMAIN_LENGTH = 253;

    /** A down-level (NetBIOS) domain name such as BRENT: {@value #NETBIOS_RULE}. */
    public static final Pattern NETBIOS = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,14}");
    public static final String NETBIOS_RULE = "1-15 upper-case letters, digits or '-', such as BRENT";

    private CouncilNames() {
    }

    public static boolean isCouncilId(String id) {
        return id != null && COUNCIL_ID.matcher(id).matches();
    }

    /** Whether a lower-case name is a plain ASCII domain name such as brent.gov.uk (cheap: on the sign-in path). */
    public static boolean isDomain(String domain) {
        return domain != null && domain.length() <= MAX_DOMAIN_LENGTH && DOMAIN.matcher(domain).matches();
    }

    public static boolean isNetbiosName(String name) {
        return name != null && NETBIOS.matcher(name).matches();
    }

    /** @return what is wrong with a lower-case domain, in words that follow it ("'x' is ..."); empty when valid */
    public static Optional<String> domainProblem(String domain) {
        if (domain.length() > MAX_DOMAIN_LENGTH) {
            return Optional.of("is longer than " + MAX_DOMAIN_LENGTH + " characters");
        }
        if (domain.contains("..") || domain.startsWith(".") || domain.endsWith(".")) {
            return Optional.of("has an empty label (two dots together, or a dot at either end)");
        }
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(domain)) {
            String punycode;
            try {
                punycode = IDN.toASCII(domain);
            } catch (IllegalArgumentException e) {
                return Optional.of("is not a domain name such as brent.gov.uk (" + e.getMessage() + ")");
            }
            return Optional.of("is an internationalised domain name: write it in its ASCII (punycode) form, '"
                    + punycode + "', as the directory stores it");
        }
        if (!DOMAIN.matcher(domain).matches()) {
            return Optional.of("is not a domain name such as brent.gov.uk (lower-case letters, digits and '-' in "
                    + "each label, no '-' at either end of a label)");
        }
        return Optional.empty();
    }
}
