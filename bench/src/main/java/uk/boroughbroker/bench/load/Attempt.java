package uk.boroughbroker.bench.load;

/**
 * What one request of a workload did.
 *
 * @param council index of the council it was for, or -1
 * @param failure null when it did what was expected
 */
public record Attempt(int council, String failure) {

    public static Attempt of(int council, OidcClient.Result result) {
        return new Attempt(council, result.failure());
    }

    public static Attempt ok(int council) {
        return new Attempt(council, null);
    }

    public static Attempt failed(int council, String failure) {
        return new Attempt(council, failure);
    }
}
