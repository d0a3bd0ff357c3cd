package io.copiste.flyway;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.copiste.slony.ClusterState;
import io.copiste.slony.SlonyCluster;
import io.copiste.slony.SlonyExtension;
import io.copiste.slony.SlonyFixture;
import io.copiste.slony.SlonyOptions;
import io.copiste.slony.topology.Topology;
import io.copiste.slony.topology.TopologyDriver;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Flyway callback on a real three-node cluster built from a topology (set 1: the pgbench tables and every table
 * of schema app, node 2 from node 1, node 3 from node 2): an SQL and a Java migration that create tables and insert
 * rows, run on every node with the origin last, end with both tables replicated; a migration dropping a replicated
 * table, run on a subscriber first, takes it out of the set before the drop; in mode log, a database without
 * replication only hears what would be done.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlywayIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    @RegisterExtension
    static final SlonyExtension SLONY = new SlonyExtension("fly", 3);
    private static SlonyFixture fx;
    private static Path topology;

    @BeforeAll
    static void cluster() throws Exception {
        fx = SLONY.fx();
        StringBuilder yaml = new StringBuilder("cluster: fly\nnodes:\n");
        fx.nodes.forEach(n -> yaml.append("  - {id: ").append(n.id()).append(", conninfo: '")
                .append(n.admin().text()).append("'}\n"));
        yaml.append("""
                sets:
                  - id: 1
                    origin: 1
                    tables: [{pattern: '^public[.]pgbench_'}, {schema: app}]
                    sequences: [{schema: public}, {schema: app}]
                    subscriptions: [{receiver: 2}, {receiver: 3, provider: 2}]
                """);
        topology = Files.createTempFile("topology-", ".yaml");
        Files.writeString(topology, yaml);
        try (TopologyDriver driver = TopologyDriver.connect(Topology.load(topology), SlonyOptions.defaults()
                .withTimeout(WAIT))) {
            driver.apply(false, fx.startingSlons());
        }
    }

    @Test
    @Order(1)
    void tablesCreatedBySqlAndJavaMigrationsAreReplicatedOnEverySubscriber() throws Exception {
        for (int node : List.of(3, 2)) {
            assertThat(migrate(node, "3", "apply").migrationsExecuted).as("migrations on node %d", node).isEqualTo(2);
        }
        assertThat(migrate(1, "3", "apply").migrationsExecuted).isEqualTo(2);

        settle();
        for (int node = 1; node <= 3; node++) {
            assertThat(SLONY.slony().state(node).tables()).as("replicated tables on node %d", node)
                    .extracting(t -> t.name().toString()).contains("app.orders", "app.customers");
            assertThat(SLONY.slony().state(node).sets()).as("sets on node %d", node).hasSize(1);
        }
        fx.server(1).execute(SlonyFixture.DB, "INSERT INTO app.orders (item, qty) VALUES ('after the migration', 1)");
        fx.pgbench(1, 2);
        settle();
        assertThat(fx.count(3, "SELECT count(*) FROM app.orders")).isEqualTo(501);
        fx.assertSameRows(1, List.of(2, 3), List.of("app.orders", "app.customers", "public.pgbench_history"));
    }

    @Test
    @Order(2)
    void aMigrationDroppingAReplicatedTableTakesItOutOfItsSetFirstWhicheverNodeMigratesFirst() throws Exception {
        for (int node : List.of(2, 3, 1)) {
            assertThat(migrate(node, "4", "apply").migrationsExecuted).as("migrations on node %d", node).isOne();
        }
        settle();
        for (int node = 1; node <= 3; node++) {
            ClusterState state = SLONY.slony().state(node);
            assertThat(state.tables()).as("replicated tables on node %d", node)
                    .extracting(t -> t.name().toString()).doesNotContain("app.customers").contains("app.orders");
            assertThat(fx.count(node, "SELECT count(*) FROM pg_class WHERE oid = to_regclass('app.customers')"))
                    .as("app.customers on node %d", node).isZero();
        }
        fx.server(1).execute(SlonyFixture.DB, "UPDATE app.orders SET qty = qty + 1 WHERE id <= 10");
        settle();
        fx.assertSameRows(1, List.of(2, 3), List.of("app.orders"));
    }

    @Test
    @Order(3)
    void inLogModeADatabaseWithoutReplicationOnlyHearsWhatWouldBeDone() throws Exception {
        fx.server(1).createDatabase("dev");
        Logger logger = (Logger) LoggerFactory.getLogger("io.copiste.slony.migration");
        ListAppender<ILoggingEvent> heard = new ListAppender<>();
        heard.start();
        logger.addAppender(heard);
        try {
            MigrateResult result = flyway(fx.server(1).jdbcUrl("dev"), "3", "log").migrate();
            assertThat(result.migrationsExecuted).isEqualTo(2);
        } finally {
            logger.detachAppender(heard);
        }
        assertThat(heard.list).extracting(ILoggingEvent::getFormattedMessage).anyMatch(m -> m.contains(
                "would add 2 tables, 1 sequence (app.customers, app.orders, app.orders_id_seq) to set 1"));
        assertThat(heard.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("flyway_schema_history"));
    }

    private static MigrateResult migrate(int node, String target, String mode) {
        return flyway(fx.server(node).jdbcUrl(SlonyFixture.DB), target, mode).migrate();
    }

    /** Configured as a user would: the callback by class name, its settings as placeholders. */
    private static Flyway flyway(String url, String target, String mode) {
        return Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration")
                .baselineOnMigrate(true).baselineVersion("1").target(target)
                .placeholders(Map.of("copisteSlonyTopology", topology.toString(), "copisteSlonyMode", mode))
                .callbacks("io.copiste.flyway.SlonyCallback").load();
    }

    private static void settle() {
        SlonyCluster slony = SLONY.slony();
        slony.waitFor(slony.sync(1), 0, WAIT);
    }
}
