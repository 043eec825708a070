package uk.boroughbroker.keycloak.directory;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import uk.boroughbroker.model.names.CouncilNames;

/**
 * What a person typed to sign in, read the ways council staff write it: {@code jsmith@brent.gov.uk}
 * (user principal name or email), {@code BRENT\jsmith} (down-level logon name) or a bare
 * {@code jsmith}. Anything that cannot be a directory account name is refused here, before any
 * directory is asked.
 *
 * @param account the part before {@code @}, or after {@code \}, or the whole bare name
 * @param domain  the part after {@code @}, lower-case, or empty
 * @param netbios the part before {@code \}, upper-case, or empty
 */
record CouncilUsername(String original, String account, Optional<String> domain, Optional<String> netbios) {

    /** AD limits a userPrincipalName to 1024 characters; nobody types more than 256. */
    static final int MAX_LENGTH = 256;
    /** AD refuses these in sAMAccountName; '@' is allowed only as the UPN separator. */
    private static final String FORBIDDEN = "\"/\\[]:;|=,+*?<>@()";

    /** Request attribute: the last name parsed in this request, with what it parsed to. */
    static final String PARSED_THIS_REQUEST = "borough.directory.typedName";

    /**
     * The name as {@link #parse} reads it, parsed once per request: Keycloak asks every council's
     * federation about the typed name, by email and then by username, and each federation needs only
     * the parsed name to say whether the name is its council's.
     */
    static Optional<CouncilUsername> inRequest(KeycloakSession session, String input) {
        Parsed last = session.getAttribute(PARSED_THIS_REQUEST, Parsed.class);
        if (last != null && last.input().equals(input)) {
            return last.name();
        }
        Optional<CouncilUsername> name = parse(input);
        if (input != null) {
            session.setAttribute(PARSED_THIS_REQUEST, new Parsed(input, name));
        }
        return name;
    }

    private record Parsed(String input, Optional<CouncilUsername> name) {
    }

    static Optional<CouncilUsername> parse(String input) {
        if (input == null) {
            return Optional.empty();
        }
        String typed = input.strip();
        if (typed.isEmpty() || typed.length() > MAX_LENGTH || !isPlain(typed)) {
            return Optional.empty();
        }
        int backslash = typed.indexOf('\\');
        int at = typed.lastIndexOf('@');
        if (backslash >= 0) {
            String netbios = typed.substring(0, backslash);
            String account = typed.substring(backslash + 1);
            return validAccount(account) && validNetbios(netbios)
                    ? Optional.of(new CouncilUsername(typed, account, Optional.empty(),
                            Optional.of(netbios.toUpperCase(Locale.ROOT))))
                    : Optional.empty();
        }
        if (at >= 0) {
            String account = typed.substring(0, at);
            String domain = typed.substring(at + 1).toLowerCase(Locale.ROOT);
            return validLocalPart(account) && validDomain(domain)
                    ? Optional.of(new CouncilUsername(typed, account, Optional.of(domain), Optional.empty()))
                    : Optional.empty();
        }
        return validAccount(typed)
                ? Optional.of(new CouncilUsername(typed, typed, Optional.empty(), Optional.empty()))
                : Optional.empty();
    }

    /** The full {@code account@domain} as typed (lower-case domain), for UPN and mail searches. */
    Optional<String> principal() {
        return domain.map(d -> account + "@" + d);
    }

    /**
     * No control characters, and nothing that changes under Unicode compatibility normalisation:
     * full-width or other look-alike letters ({@code ｊsmith}) would otherwise reach the directory as
     * a different name than the one shown in logs.
     */
    private static boolean isPlain(String s) {
        if (!Normalizer.normalize(s, Normalizer.Form.NFKC).equals(s)) {
            return false;
        }
        return s.codePoints().noneMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c) && c != ' '
                || isInvisibleOrUnencodable(c));
    }

    /**
     * Characters a directory would not see as typed (unpaired surrogates become '?') or that show as
     * nothing in logs: format characters, private-use and unassigned code points, and Unicode's other
     * default-ignorable characters (variation selectors, Hangul fillers, Mongolian selectors, tags).
     */
    private static boolean isInvisibleOrUnencodable(int c) {
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.SURROGATE || type == Character.PRIVATE_USE
                || type == Character.UNASSIGNED || c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x17B4
                || c == 0x17B5 || c >= 0x180B && c <= 0x180F || c == 0x3164 || c >= 0xFE00 && c <= 0xFE0F
                || c == 0xFFA0 || c >= 0xE0000 && c <= 0xE0FFF;
    }

    private static boolean validAccount(String account) {
        // sAMAccountName: at most 20 characters in AD; 64 leaves room for other directories' uid.
        return !account.isEmpty() && account.length() <= 64 && account.chars().noneMatch(c -> FORBIDDEN.indexOf(c) >= 0)
                && !account.endsWith(".") && !account.contains(" ");
    }

    private static boolean validLocalPart(String local) {
        return !local.isEmpty() && local.length() <= 128 && local.chars().noneMatch(c -> FORBIDDEN.indexOf(c) >= 0)
                && !local.contains(" ");
    }

    private static boolean validNetbios(String netbios) {
        return netbios.matches("[A-Za-z0-9][A-Za-z0-9-]{0,14}");
    }

    private static boolean validDomain(String domain) {
        return CouncilNames.isDomain(domain);
    }
}
