package uk.boroughbroker.keycloak.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.ResultCode;

/**
 * A group's complete direct {@code member} values. AD answers at most MaxValRange values of a
 * multi-valued attribute (1,500 by default) and names the rest {@code member;range=0-1499}: the
 * client must ask for {@code member;range=1500-*} and so on, until a range ends in {@code *}. A
 * reader that took the first 1,500 as the whole group would revoke everyone after them (decision 0028).
 */
final class DirectoryChangeMembers {

    /** 1,500 values a range: room for groups of 15 million, and a bound on a DC that never ends its ranges. */
    private static final int MAX_RANGES = 10_000;

    private DirectoryChangeMembers() {
    }

    static List<String> of(LDAPInterface dc, Entry group) throws LDAPException {
        Attribute range = rangedMember(group);
        if (range == null) {
            String[] members = group.getAttributeValues("member");
            return members == null ? List.of() : List.of(members);
        }
        List<String> members = new ArrayList<>(List.of(range.getValues()));
        for (int i = 0; i < MAX_RANGES; i++) {
            String[] bounds = bounds(group, range);
            if (bounds[1].equals("*")) {
                return List.copyOf(members);
            }
            long next = Long.parseLong(bounds[1]) + 1;
            Entry more = dc.getEntry(group.getDN(), "member;range=" + next + "-*");
            range = more == null ? null : rangedMember(more);
            if (range == null) {
                throw new LDAPException(ResultCode.NO_SUCH_ATTRIBUTE, "the members of " + group.getDN()
                        + " from " + next + " on cannot be read; the group is left for the next pass");
            }
            members.addAll(List.of(range.getValues()));
        }
        throw new LDAPException(ResultCode.SIZE_LIMIT_EXCEEDED, group.getDN() + " has more than "
                + MAX_RANGES + " ranges of members");
    }

    private static Attribute rangedMember(Entry entry) {
        for (Attribute attribute : entry.getAttributes()) {
            if (attribute.getBaseName().equalsIgnoreCase("member") && rangeOption(attribute) != null) {
                return attribute;
            }
        }
        return null;
    }

    private static String rangeOption(Attribute attribute) {
        for (String option : attribute.getOptions()) {
            if (option.toLowerCase(Locale.ROOT).startsWith("range=")) {
                return option.substring("range=".length());
            }
        }
        return null;
    }

    /** {@code range=1500-2999} as {"1500", "2999"}; the end may be {@code *}. */
    private static String[] bounds(Entry group, Attribute range) throws LDAPException {
        String[] bounds = rangeOption(range).split("-", 2);
        if (bounds.length != 2 || !(bounds[1].equals("*") || bounds[1].chars().allMatch(Character::isDigit))
                || bounds[1].isEmpty()) {
            throw new LDAPException(ResultCode.DECODING_ERROR, group.getDN() + " came with a member range the broker"
                    + " cannot read: " + range.getName());
        }
        return bounds;
    }
}
