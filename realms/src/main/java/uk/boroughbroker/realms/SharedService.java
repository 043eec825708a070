package uk.boroughbroker.realms;

import java.util.List;

/** A shared IT service and the councils it serves, such as Brent, Lewisham and Southwark's shared ICT. */
public record SharedService(String id, String displayName, List<String> councils) {

    public SharedService {
        councils = List.copyOf(councils);
    }
}
