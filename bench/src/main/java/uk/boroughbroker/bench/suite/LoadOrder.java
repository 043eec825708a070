package uk.boroughbroker.bench.suite;

import java.util.Locale;

/** How the rounds of a load scenario share the machine between the broker and stock realms ({@code --load-order}). */
public enum LoadOrder {
    /**
     * One realm at a time, the realm that goes first alternating by round: each realm's throughput
     * alone, and its directory requests per request.
     */
    TURNS("one realm at a time, the realm going first alternating"),
    /**
     * Both realms loaded at once, each by its own {@code --threads} threads. Whatever else the machine
     * does during a round (a collection, a compilation, the database's writes, another process) falls
     * on both alike, so their ratio is steadier than from rounds taken in turn, which on our 2-core
     * machine differed by up to 20 % from one round to the next (issue 13). Each realm's rate is then
     * its share of the machine, not its rate alone, and directory requests cannot be told apart by realm.
     */
    TOGETHER("both realms at once, each with its own threads (a realm's rate is its share of the machine; CPU and "
            + "memory are both realms'; directory requests are not counted per realm)");

    private final String description;

    LoadOrder(String description) {
        this.description = description;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String describe() {
        return id() + ": " + description;
    }

    static LoadOrder parse(String value) {
        return OptionValues.choice("--load-order", value, values(), LoadOrder::id);
    }
}
