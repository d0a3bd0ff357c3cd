package io.copiste.slony;

import io.copiste.ErrorCode;
import io.copiste.testkit.DebianPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Scenario 6 of issue 7: each mistake gives a clear error, and nothing is half-applied (the cluster's catalog on
 * every node is what it was before).
 */
@Timeout(300)
class ErrorsIT {
    @RegisterExtension
    static final SlonyExtension SLONY = new SlonyExtension("errors", 2);
    private static SlonyFixture fx;
    private static SlonyCluster slony;

    @BeforeAll
    static void cluster() {
        fx = SLONY.fx();
        slony = SLONY.slony();
        fx.build(slony);
        fx.server(1).execute(SlonyFixture.DB, "CREATE TABLE keyed (id int PRIMARY KEY)", "CREATE TABLE loose (v int)");
        fx.server(2).execute(SlonyFixture.DB, "CREATE TABLE keyed (id int PRIMARY KEY)", "CREATE TABLE loose (v int)");
    }

    @Test
    void aNodeCannotSubscribeToItself() {
        List<ClusterState> before = states();
        assertThatThrownBy(() -> slony.subscribeSet(1, 2, 2, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("subscribe set 1: node 2 cannot be its own provider");
        assertThatThrownBy(() -> slony.run(new Command.SubscribeSet(1, 2, 1, true, false, 0)))
                .isInstanceOf(SlonyException.class)
                .hasMessageContaining("node 1 is the set's origin and cannot subscribe to it");
        assertThat(states()).isEqualTo(before);
    }

    @Test
    void aPathToAnUnknownNodeIsRefused() {
        List<ClusterState> before = states();
        assertThatThrownBy(() -> slony.storePath(9, 2, Conninfo.parse("host=127.0.0.1 port=5 dbname=x"), 10))
                .isInstanceOf(SlonyException.class)
                .hasMessage("store path: node 9 is not a node of cluster errors (as node 2 and copiste see it)")
                .satisfies(e -> assertThat(((SlonyException) e).hint()).contains("storeNode"));
        assertThat(states()).as("no placeholder node 9, no path").isEqualTo(before);
    }

    @Test
    void aWrongPasswordSaysWhichNodeRefusedTheLogin() {
        Node wrong = Node.of(2, Conninfo.parse(fx.server(2).conninfo(SlonyFixture.DB))
                .with("user", DebianPostgres.SECURED_ROLE).with("password", "${env:COPISTE_NO_SUCH_VARIABLE}"));
        List<ClusterState> before = states();
        try (SlonyCluster bad = SlonyCluster.connect(fx.cluster, List.of(fx.nodes.get(0), wrong.withPassword("nope")),
                SlonyOptions.defaults())) {
            assertThatThrownBy(() -> bad.createSet(7, 2, "never")).isInstanceOf(SlonyException.class)
                    .hasMessageStartingWith("cannot log in to node 2 (127.0.0.1:" + fx.server(2).port() + "/app)")
                    .satisfies(e -> {
                        SlonyException se = (SlonyException) e;
                        assertThat(se.code()).isEqualTo(ErrorCode.CANNOT_CONNECT);
                        assertThat(se.sqlState()).isEqualTo("28P01");
                        assertThat(se.node()).isEqualTo(2);
                        assertThat(se.serverMessage()).contains("password authentication failed");
                    });
        }
        assertThat(states()).isEqualTo(before);
    }

    @Test
    void anUnreachableNodeIsNamed() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Node gone = Node.of(3, Conninfo.of("127.0.0.1", closed, "app", "postgres"));
        List<ClusterState> before = states();
        try (SlonyCluster withGone = SlonyCluster.connect(fx.cluster, List.of(fx.nodes.get(0), fx.nodes.get(1), gone),
                SlonyOptions.defaults())) {
            assertThatThrownBy(() -> withGone.storeNode(3, 1)).isInstanceOf(SlonyException.class)
                    .hasMessageStartingWith("cannot connect to node 3 (127.0.0.1:" + closed + "/app)")
                    .satisfies(e -> assertThat(((SlonyException) e).code()).isEqualTo(ErrorCode.CANNOT_CONNECT));
        }
        assertThat(states()).isEqualTo(before);
    }

    @Test
    void aTableWithoutPrimaryKeyIsRefusedAndNoOtherTableOfTheListIsAdded() {
        slony.createSet(5, 1, "keys");
        List<ClusterState> before = states();
        assertThatThrownBy(() -> slony.setAddTables(5, 1, List.of(TableRef.of("keyed"), TableRef.of("loose"))))
                .isInstanceOf(SlonyException.class)
                .hasMessage("table public.loose has no primary key: Slony needs one to identify rows")
                .satisfies(e -> assertThat(((SlonyException) e).hint()).contains("TableRef.withKey"));
        assertThat(states()).as("public.keyed was not added either").isEqualTo(before);
        // leave every node as the other tests expect it: set 5 created and dropped everywhere
        slony.waitFor(slony.dropSet(5, 1), 0, Duration.ofMinutes(3));
    }

    /** The catalog of every node, minus the lag (which moves on its own). */
    private static List<ClusterState> states() {
        return List.of(strip(slony.state(1)), strip(slony.state(2)));
    }

    private static ClusterState strip(ClusterState s) {
        return new ClusterState(s.cluster(), s.readFrom(), s.slonyVersion(), s.nodes(), s.paths(), s.listens(),
                s.sets(), s.tables(), s.sequences(), s.subscriptions(), List.of());
    }
}
