package io.copiste.slony;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks and forms of the value records: cluster names, conninfos, commands, events. */
class ValuesTest {
    @Test
    void mixedCaseClusterNamesKeepTheirCaseInTheQuotedSchema() {
        ClusterName name = ClusterName.of("MyShop");
        assertThat(name.namespace()).isEqualTo("_MyShop");
        assertThat(name.schema()).isEqualTo("\"_MyShop\"");
        assertThat(name.qualify("sl_node")).isEqualTo("\"_MyShop\".sl_node");
    }

    @Test
    void clusterNamesMustBePlainIdentifiersThatFitASchemaName() {
        assertThatThrownBy(() -> ClusterName.of("my-shop")).hasMessageContaining("not a plain identifier");
        assertThatThrownBy(() -> ClusterName.of("1shop")).hasMessageContaining("not a plain identifier");
        assertThatThrownBy(() -> ClusterName.of("x".repeat(63))).hasMessageContaining("too long");
        assertThat(ClusterName.of("x".repeat(62)).namespace()).hasSize(63);
    }

    @Test
    void conninfoParsesQuotedValuesAndNeverShowsThePassword() {
        Conninfo c = Conninfo.parse(" host=db1  port=5433 dbname='my db' user=slony password='it\\'s' ");
        assertThat(c.get("dbname")).isEqualTo("my db");
        assertThat(c.get("password")).isEqualTo("it's");
        assertThat(c.text()).isEqualTo("host=db1 port=5433 dbname='my db' user=slony");
        assertThat(c.toString()).doesNotContain("it's");
        assertThat(c.describe()).isEqualTo("db1:5433/my db");
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db1:5433/my%20db");
        assertThat(c.jdbcProperties("t").getProperty("password")).isEqualTo("it's");
    }

    @Test
    void conninfoRefusesUnknownKeywordsAndUnixSockets() {
        assertThatThrownBy(() -> Conninfo.parse("hots=db1")).hasMessageContaining("unknown keyword 'hots'");
        assertThatThrownBy(() -> Conninfo.parse("host")).hasMessageContaining("missing '='");
        assertThatThrownBy(() -> Conninfo.parse("host=/var/run/postgresql").jdbcUrl())
                .hasMessageContaining("Unix socket");
    }

    @Test
    void aPasswordReferenceIsReadOnlyWhenConnecting() {
        Conninfo c = Conninfo.parse("host=db1 password=${env:COPISTE_TEST_UNSET_VARIABLE}");
        assertThat(c.text()).isEqualTo("host=db1");
        assertThatThrownBy(() -> c.jdbcProperties("t")).hasMessageContaining("COPISTE_TEST_UNSET_VARIABLE");
    }

    @Test
    void commandsRefuseImpossibleArguments() {
        assertThatThrownBy(() -> new Command.SubscribeSet(1, 2, 2, true, false, 0))
                .hasMessage("subscribe set 1: node 2 cannot be its own provider");
        assertThatThrownBy(() -> new Command.SubscribeSet(1, 2, 1, true, false, 1))
                .hasMessage("subscribe set 1: node 1 is the set's origin and cannot subscribe to it");
        assertThatThrownBy(() -> new Command.StorePath(1, 1, Conninfo.parse("host=a"), 10))
                .hasMessageContaining("server and client must differ");
        assertThatThrownBy(() -> new Command.MergeSet(1, 1, 1)).hasMessageContaining("into itself");
        assertThatThrownBy(() -> new Command.CreateSet(0, 1, null)).hasMessage("set id must be a positive integer, not 0");
        assertThatThrownBy(() -> new Command.ExecuteScript("select 1", 1, 2))
                .hasMessageContaining("must be the event node");
        assertThatThrownBy(() -> Node.of(0, Conninfo.parse("host=a"))).hasMessageContaining("node id");
    }

    @Test
    void aNodeListMayNotNameANodeTwice() {
        Node a = Node.of(1, Conninfo.parse("host=a"));
        assertThatThrownBy(() -> SlonyCluster.dryRun(ClusterName.of("x"), List.of(a, a)))
                .hasMessage("node 1 is given twice");
    }

    @Test
    void eventsSayWhetherTheyCanBeWaitedFor() {
        assertThat(Event.NONE.generated()).isFalse();
        assertThat(new Event(1, 5000000012L).generated()).isTrue();
        assertThat(new Event(1, 5000000012L)).hasToString("(1,5000000012)");
        assertThat(new Event(2, -1).planned()).isTrue();
    }
}
