package io.copiste.cli;

import io.copiste.slony.ClusterName;
import io.copiste.slony.ClusterState;
import io.copiste.sql.TableName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code copiste slony status}: its options, and how a cluster's state reads as text and JSON. */
class SlonyRenderTest {
    private static final ClusterState STATE = new ClusterState(ClusterName.of("shop"), 1, "2.2.11",
            List.of(new ClusterState.Member(1, true, "origin", false), new ClusterState.Member(2, true, "replica",
                    false)),
            List.of(new ClusterState.Path(1, 2, "host=db1 dbname=shop", 10)),
            List.of(new ClusterState.Listen(1, 1, 2)),
            List.of(new ClusterState.ReplicationSet(1, 1, "pgbench", false)),
            List.of(new ClusterState.Table(1, TableName.of("public", "pgbench_accounts"), 1, "pgbench_accounts_pkey",
                    "accounts")),
            List.of(new ClusterState.Sequence(1, TableName.of("public", "hid_seq"), 1, "hid")),
            List.of(new ClusterState.Subscription(1, 1, 2, true, true)),
            List.of(new ClusterState.Lag(1, 2, 5000000020L, 5000000019L, 1, Duration.ofMillis(1500))));

    @Test
    void textShowsNodesSetsSubscriptionsAndLag() {
        StringWriter text = new StringWriter();
        SlonyRender.text(new PrintWriter(text, true), STATE);
        assertThat(text.toString()).contains("cluster shop as node 1 sees it (Slony-I 2.2.11)")
                .contains("  1    active   origin").contains("  1    origin 1, 1 tables, 1 sequences  pgbench")
                .contains("  set 1: node 1 -> node 2, forwarding").contains("  node 2: 1 events, 1.5 s");
    }

    @Test
    void jsonCarriesEveryPart() {
        var json = SlonyRender.json(STATE);
        assertThat(json.get("tables").get(0).get("name").asText()).isEqualTo("public.pgbench_accounts");
        assertThat(json.get("lag").get(0).get("seconds").asDouble()).isEqualTo(1.5);
        assertThat(json.get("subscriptions").get(0).get("active").asBoolean()).isTrue();
    }

    @Test
    void statusNeedsATopologyOrClusterNodeAndConninfo() {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("slony", "status", "--cluster", "shop")).isEqualTo(2);
        assertThat(err.toString()).contains("give --topology FILE, or all of --cluster, --node and --conninfo");
    }
}
