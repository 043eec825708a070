package uk.boroughbroker.keycloak.directory;

/** A council's directory could not be reached or did not answer in time (or its circuit is open). */
final class DirectoryUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;
    private final String council;

    DirectoryUnavailableException(String council, String cause) {
        super("The " + council + " directory is unavailable: " + cause, null, false, false);
        this.council = council;
    }

    String council() {
        return council;
    }
}
