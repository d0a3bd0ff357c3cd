package io.copiste.slony;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 4 of issue 7: the origin's PostgreSQL is killed; failover to node 2 (through slonik), drop the failed
 * node; what was committed and replicated before the crash is intact, and node 2 now replicates to node 3.
 */
@Timeout(420)
class FailoverIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    @RegisterExtension
    static final SlonyExtension SLONY = new SlonyExtension("rescue", 3);
    private static SlonyFixture fx;
    private static SlonyCluster slony;

    @BeforeAll
    static void cluster() {
        fx = SLONY.fx();
        slony = SLONY.slony();
    }

    @Test
    void failoverAfterTheOriginDiesKeepsReplicatedDataAndCarriesOn() throws Exception {
        fx.build(slony);
        fx.pgbench(1, 4);
        slony.waitFor(slony.sync(1), 0, WAIT);
        Map<String, List<String>> replicated = new LinkedHashMap<>();
        for (String table : SlonyFixture.PGBENCH_TABLES) {
            replicated.put(table, fx.rows(1, table));
        }

        fx.server(1).kill();
        fx.stopSlon(1);
        Event failover = slony.failover(1, 2);
        assertThat(failover.origin()).isEqualTo(2);
        slony.waitFor(slony.dropNode(1, 2), 3, WAIT);

        for (Map.Entry<String, List<String>> table : replicated.entrySet()) {
            assertThat(fx.rows(2, table.getKey())).as("%s on node 2 after failover", table.getKey())
                    .isEqualTo(table.getValue());
        }
        ClusterState state = slony.state(2);
        assertThat(state.set(1).origin()).isEqualTo(2);
        assertThat(state.nodes()).extracting(ClusterState.Member::id).containsExactly(2, 3);

        fx.pgbench(2, 3);
        slony.waitFor(slony.sync(2), 3, WAIT);
        fx.assertSameRows(2, List.of(3), SlonyFixture.PGBENCH_TABLES);
        assertThat(fx.rows(3, "public.pgbench_history")).hasSizeGreaterThan(replicated.get("public.pgbench_history")
                .size());
    }
}
