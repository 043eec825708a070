package uk.boroughbroker.broker;

/** The command line is wrong: unknown command or option, missing or malformed value. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    /** @return the value after an option ({@code --home DIR}), at {@code index} of {@code args} */
    static String value(java.util.List<String> args, int index, String option) {
        if (index >= args.size() || args.get(index).isBlank()) {
            throw new UsageException("option " + option + " needs a value");
        }
        return args.get(index);
    }
}
