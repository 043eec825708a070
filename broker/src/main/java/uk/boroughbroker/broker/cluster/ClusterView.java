package uk.boroughbroker.broker.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JGroups view as the nodes' logs tell it: each node's own name (Infinispan's ISPN000079
 * line) and the latest view it received (ISPN000094), whose first member is the coordinator. The
 * coordinator matters for failover: killing it is the case where Keycloak 26.7 keeps the survivor
 * not ready for up to 60 s (keycloak#47970), so that is the node a failover test must kill. Names
 * are random per start ({@code vm-24938}), so they are read again after a restart.
 *
 * @param id      the view's number, which grows with each change in one cluster
 * @param members the members' names, the coordinator first
 */
public record ClusterView(long id, List<String> members) {

    private static final Pattern LOCAL = Pattern.compile("ISPN000079: Channel `ISPN` local address is `([^`]+)`");
    private static final Pattern VIEW = Pattern.compile(
            "ISPN000094: Received new cluster view for channel ISPN: \\[([^|(\\]]+)[^|]*\\|(\\d+)] \\(\\d+\\) \\[([^\\]]*)]");

    public ClusterView {
        members = List.copyOf(members);
    }

    public String coordinator() {
        return members.get(0);
    }

    /** This node's name and latest view, from its log; empty until its channel has started. */
    record NodeLog(Optional<String> name, Optional<ClusterView> view) {

        static NodeLog parse(Stream<String> lines) {
            String name = null;
            ClusterView view = null;
            for (String line : (Iterable<String>) lines::iterator) {
                Matcher local = LOCAL.matcher(line);
                if (local.find()) {
                    name = local.group(1);
                }
                Matcher received = VIEW.matcher(line);
                if (received.find()) {
                    view = new ClusterView(Long.parseLong(received.group(2)), Arrays.stream(received.group(3).split(","))
                            .map(member -> member.strip().replaceFirst("\\(.*$", "")).toList());
                }
            }
            return new NodeLog(Optional.ofNullable(name), Optional.ofNullable(view));
        }

        static NodeLog read(Path log) {
            if (!Files.exists(log)) {
                return new NodeLog(Optional.empty(), Optional.empty());
            }
            try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                return parse(lines);
            } catch (IOException | UncheckedIOException e) {
                throw new ClusterException("Cannot read " + log + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The number of the node that coordinates the view the running nodes agree on (the newest view
     * among them), or empty when their logs do not say yet.
     *
     * @param running the logs of the running nodes, by node number
     */
    static Optional<Integer> coordinator(Map<Integer, NodeLog> running) {
        Optional<ClusterView> newest = running.values().stream().flatMap(n -> n.view().stream())
                .max(java.util.Comparator.comparingLong(ClusterView::id));
        return newest.flatMap(view -> running.entrySet().stream()
                .filter(e -> e.getValue().name().filter(view.coordinator()::equals).isPresent())
                .map(Map.Entry::getKey).findFirst());
    }
}
