package uk.boroughbroker.keycloak.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The outbox's queries on a real database: H2 with the table made by the real Liquibase changelog,
 * through Hibernate as Keycloak runs it. Order per person, leases between two nodes, failures that
 * hold a person's later changes, backoff, retry and purge. With {@value #OTHER_DATABASE} set to a
 * JDBC URL (user and password in it), the same tests run on that database instead, such as the
 * PostgreSQL of the cluster topology; its outbox tables are dropped and made again for each test.
 */
@DisplayName("The outbox")
class OutboxTest {

    static final String OTHER_DATABASE = "borough.outbox.test.jdbc";
    private static final String SYSTEM = "system-1";
    private static final long NOW = 1_800_000_000_000L;
    private static final long LEASE = 60_000;

    private String url;
    private EntityManagerFactory emf;

    @BeforeEach
    void database() throws Exception {
        url = System.getProperty(OTHER_DATABASE, "jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            if (System.getProperty(OTHER_DATABASE) != null) {
                try (var statement = connection.createStatement()) {
                    statement.execute("drop table if exists BOROUGH_SCIM_CHANGE, DATABASECHANGELOG, DATABASECHANGELOGLOCK");
                }
            }
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG,
                            new OutboxEntityProviderFactory().getChangelogLocation())
                    .execute();
        }
        emf = new HibernatePersistenceConfiguration("outbox-test").managedClass(ScimChangeEntity.class)
                .jdbcUrl(url).jdbcCredentials("sa", "").createEntityManagerFactory();
    }

    @AfterEach
    void close() {
        emf.close();
    }

    /** One transaction, as each of Keycloak's sessions has. */
    private <T> T tx(Function<Outbox, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(new Outbox(em));
            em.getTransaction().commit();
            return result;
        } finally {
            em.close();
        }
    }

    private boolean ok(Function<Outbox, Boolean> work) {
        return tx(work);
    }

    private long count(Function<Outbox, ? extends Number> work) {
        return tx(work).longValue();
    }

    private void queue(String user, String payload) {
        tx(outbox -> {
            outbox.enqueue("realm-1", SYSTEM, user, ChangeKind.PROVISION, payload, NOW);
            return null;
        });
    }

    private Optional<ScimChangeEntity> claim(String node, long at) {
        return tx(outbox -> outbox.claim(SYSTEM, node, at, at + LEASE));
    }

    private String claimed(String node, long at) {
        return claim(node, at).map(ScimChangeEntity::getPayload).orElse("nothing");
    }

    @Nested
    @DisplayName("order per person")
    class Order {
        @BeforeEach
        void annTwiceThenBen() {
            queue("ann", "ann-1");
            queue("ann", "ann-2");
            queue("ben", "ben-1");
        }

        @Test
        void whenAPersonsFirstChangeIsInFlightThenTheirSecondIsNotDueButOthersAre() {
            assertThat(claimed("node-a", NOW)).isEqualTo("ann-1");
            assertThat(claimed("node-b", NOW)).as("not ann-2 while ann-1 is out").isEqualTo("ben-1");
            assertThat(claimed("node-b", NOW)).isEqualTo("nothing");
        }

        @Test
        void whenTheFirstIsDeliveredThenTheSecondBecomesDue() {
            ScimChangeEntity first = claim("node-a", NOW).orElseThrow();
            assertThat(ok(outbox -> outbox.done(first.getId(), "node-a", NOW))).isTrue();

            assertThat(claimed("node-a", NOW)).isEqualTo("ann-2");
        }

        @Test
        void whenTheFirstFailsForGoodThenTheSecondWaitsUntilAnAdminRetries() {
            ScimChangeEntity first = claim("node-a", NOW).orElseThrow();
            tx(outbox -> outbox.failed(first.getId(), "node-a", 1, "400 department is required"));
            assertThat(claimed("node-a", NOW)).isEqualTo("ben-1");
            assertThat(claimed("node-a", NOW)).as("ann-2 waits behind the failed ann-1").isEqualTo("nothing");

            assertThat(count(outbox -> outbox.retry(SYSTEM, NOW))).isEqualTo(2L);
            assertThat(claimed("node-a", NOW)).isEqualTo("ann-1");
        }

        @Test
        void whenTheFirstWaitsOutABackoffThenNeitherItNorTheSecondIsDueUntilThen() {
            ScimChangeEntity first = claim("node-a", NOW).orElseThrow();
            tx(outbox -> outbox.retryLater(first.getId(), "node-a", 1, NOW + 5_000, "503"));
            claimed("node-a", NOW);

            assertThat(claimed("node-a", NOW + 1_000)).isEqualTo("nothing");
            assertThat(claimed("node-a", NOW + 5_000)).isEqualTo("ann-1");
        }
    }

    @Nested
    @DisplayName("leases between nodes")
    class Leases {
        @Test
        void whenTwoNodesClaimAtOnceThenOnlyOneGetsTheChange() {
            queue("ann", "ann-1");

            assertThat(List.of(claimed("node-a", NOW), claimed("node-b", NOW))).containsExactly("ann-1", "nothing");
        }

        @Test
        void whenANodeDiesMidDeliveryThenAnotherTakesTheChangeOnceTheLeaseRunsOutAndTheDeadNodesAnswerCountsForNothing() {
            queue("ann", "ann-1");
            ScimChangeEntity taken = claim("node-a", NOW).orElseThrow();

            assertThat(claimed("node-b", NOW + LEASE - 1)).isEqualTo("nothing");
            assertThat(claimed("node-b", NOW + LEASE + 1)).isEqualTo("ann-1");
            assertThat(ok(outbox -> outbox.done(taken.getId(), "node-a", NOW))).as("no longer node-a's").isFalse();
            assertThat(ok(outbox -> outbox.done(taken.getId(), "node-b", NOW))).isTrue();
        }
    }

    @Test
    void whenChangesAreDueOrNotThenTheDispatcherIsToldOnlyOfSystemsWithDueWork() {
        queue("ann", "ann-1");
        ScimChangeEntity first = claim("node-a", NOW).orElseThrow();

        assertThat(OutboxTest.this.<List<Object[]>>tx(outbox -> outbox.systemsWithWork(NOW))).as("in flight").isEmpty();
        tx(outbox -> outbox.retryLater(first.getId(), "node-a", 1, NOW + 5_000, "503"));
        assertThat(OutboxTest.this.<List<Object[]>>tx(outbox -> outbox.systemsWithWork(NOW))).as("waiting").isEmpty();
        assertThat(OutboxTest.this.<List<Object[]>>tx(outbox -> outbox.systemsWithWork(NOW + 5_000))).singleElement()
                .satisfies(pair -> assertThat(pair).containsExactly("realm-1", SYSTEM));
    }

    @Test
    void whenDeliveredChangesAgeThenOnlyThoseOlderThanTheCutOffArePurgedAndStatusCountsTheRest() {
        queue("ann", "ann-1");
        queue("ben", "ben-1");
        queue("cat", "cat-1");
        ScimChangeEntity old = claim("node-a", NOW).orElseThrow();
        tx(outbox -> outbox.done(old.getId(), "node-a", NOW - 10_000));
        ScimChangeEntity recent = claim("node-a", NOW).orElseThrow();
        tx(outbox -> outbox.done(recent.getId(), "node-a", NOW));

        assertThat(count(outbox -> outbox.purgeDone(NOW - 5_000))).isEqualTo(1L);
        assertThat(count(outbox -> outbox.count(SYSTEM, Outbox.DONE))).isEqualTo(1L);
        assertThat(count(outbox -> outbox.count(SYSTEM, Outbox.PENDING))).isEqualTo(1L);
        assertThat(OutboxTest.this.<Optional<Long>>tx(outbox -> outbox.lastSuccess(SYSTEM))).contains(NOW);
    }
}
