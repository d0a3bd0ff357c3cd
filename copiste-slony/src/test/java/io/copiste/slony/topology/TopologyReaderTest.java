package io.copiste.slony.topology;

import io.copiste.manifest.ManifestException;
import io.copiste.manifest.Problem;
import io.copiste.sql.TableName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyReaderTest {
    static final String SHOP = """
            cluster: shop
            nodes:
              - id: 1
                comment: the origin
                conninfo: host=db1 dbname=shop user=slony
                password: ${env:SLONY_PASSWORD}
              - {id: 2, conninfo: 'host=db2 dbname=shop user=slony password=${file:/etc/slony/pw}'}
              - {id: 3, conninfo: host=db3 dbname=shop user=slony}
            sets:
              - id: 1
                origin: 1
                comment: orders
                tables:
                  - public.orders
                  - {table: public.legacy, key: legacy_code_key}
                  - {pattern: '^app[.]'}
                  - {schema: billing}
                sequences: [{schema: public}]
                subscriptions:
                  - {receiver: 2}
                  - {receiver: 3, provider: 2, forward: false}
            """;

    @Test
    void aTopologyFileReadsIntoNodesAllPathsSetsAndSubscriptions() {
        Topology t = Topology.parse(SHOP, "topology.yaml");
        assertThat(t.cluster().name()).isEqualTo("shop");
        assertThat(t.nodes()).extracting(Topology.NodeSpec::id).containsExactly(1, 2, 3);
        assertThat(t.node(1).orElseThrow().conninfo().get("password")).isEqualTo("${env:SLONY_PASSWORD}");
        assertThat(t.node(1).orElseThrow().conninfo().text()).doesNotContain("password");
        assertThat(t.paths()).hasSize(6).allMatch(p -> p.connectRetrySeconds() == 10);
        Topology.SetSpec set = t.set(1).orElseThrow();
        assertThat(set.tables()).hasSize(4);
        assertThat(set.tables().get(1)).isEqualTo(new Selector.Named(TableName.parse("public.legacy"),
                "legacy_code_key", set.tables().get(1).location()));
        assertThat(set.tables().get(2).matches(TableName.parse("app.items"))).isTrue();
        assertThat(set.tables().get(3).matches(TableName.parse("billing.invoices"))).isTrue();
        assertThat(set.subscriptions()).extracting(Topology.Subscription::provider).containsExactly(1, 2);
        assertThat(set.subscriptions()).extracting(Topology.Subscription::forward).containsExactly(true, false);
        assertThat(set.tables().get(0).location().toString()).isEqualTo("topology.yaml:14:9");
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnceWithItsLineAndColumn() {
        String bad = """
                cluster: shop
                nodes:
                  - {id: 1, conninfo: host=db1 dbname=shop password=secret}
                  - {id: 2, conninfo: host=db2, comment: x, colour: blue}
                sets:
                  - id: 1
                    origin: 1
                    tables: [{pattern: '(unclosed'}, {table: a, schema: b}]
                    subscriptions:
                      - {receiver: 2, forward: false}
                      - {receiver: 3, provider: 2}
                      - {receiver: 1}
                  - id: 1
                    orign: 2
                """;
        assertThatThrownBy(() -> Topology.parse(bad, "topology.yaml")).isInstanceOf(ManifestException.class)
                .satisfies(e -> {
                    List<String> problems = ((ManifestException) e).problems().stream().map(Problem::render).toList();
                    assertThat(problems).anyMatch(p -> p.startsWith("topology.yaml:3:") && p.contains(
                            "node 1: the password is written in clear text") && p.contains("hint: use password: ${env"));
                    assertThat(problems).anyMatch(p -> p.startsWith("topology.yaml:4:") && p.contains(
                            "unknown key 'colour' in nodes[1]"));
                    assertThat(problems).anyMatch(p -> p.startsWith("topology.yaml:8:") && p.contains(
                            "'pattern' is not a regular expression"));
                    assertThat(problems).anyMatch(p -> p.contains("needs exactly one of 'table', 'pattern', 'schema'"));
                    assertThat(problems).anyMatch(p -> p.startsWith("topology.yaml:11:") && p.contains(
                            "subscription of node 3: node 3 is not declared"));
                    assertThat(problems).anyMatch(p -> p.contains("provider 2 does not forward set 1")
                            && p.contains("hint: set 'forward: true' on node 2's subscription"));
                    assertThat(problems).anyMatch(p -> p.contains("node 1 is the set's origin"));
                    assertThat(problems).anyMatch(p -> p.contains("set 1 is declared twice"));
                    assertThat(problems).anyMatch(p -> p.startsWith("topology.yaml:14:") && p.contains(
                            "unknown key 'orign' in sets[1]") && p.contains("did you mean 'origin'?"));
                    assertThat(problems).anyMatch(p -> p.startsWith("topology.yaml:13:") && p.contains(
                            "sets[1] needs 'origin'"));
                });
    }

    @Test
    void aSecondProviderForTheSameOriginAndReceiverIsRefused() {
        String twoProviders = SHOP + """
                  - id: 2
                    origin: 1
                    tables: [public.other]
                    subscriptions: [{receiver: 2}, {receiver: 3}]
                """;
        assertThatThrownBy(() -> Topology.parse(twoProviders, "t.yaml")).isInstanceOf(ManifestException.class)
                .hasMessageContaining("node 3 takes another set of origin 1 from node 2");
    }

    @Test
    void explicitPathsMustLinkEveryProviderAndReceiverBothWays() {
        String paths = SHOP.replace("sets:", "paths:\n  - {server: 1, client: 2}\n  - {server: 2, client: 1}\n"
                + "  - {server: 2, client: 3}\nsets:");
        assertThatThrownBy(() -> Topology.parse(paths, "t.yaml")).isInstanceOf(ManifestException.class)
                .hasMessageContaining("no path from node 3 to node 2");
    }

    @Test
    void brokenYamlIsReportedWhereTheParserStopped() {
        assertThatThrownBy(() -> Topology.parse("cluster: shop\nnodes: [\n", "t.yaml"))
                .isInstanceOf(ManifestException.class).hasMessageStartingWith("t.yaml:2:9:")
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> Topology.parse("", "t.yaml")).hasMessage("t.yaml:1:1: the file is empty");
    }

    @Test
    void aSingleValueOrMapCountsAsAListOfOne() {
        Topology t = Topology.parse("""
                cluster: shop
                nodes: {id: 1, conninfo: host=db1 dbname=shop user=slony}
                sets:
                  id: 1
                  origin: 1
                  tables: public.orders
                  sequences: {schema: public}
                """, "t.yaml");
        assertThat(t.nodes()).extracting(Topology.NodeSpec::id).containsExactly(1);
        Topology.SetSpec set = t.set(1).orElseThrow();
        assertThat(set.tables()).singleElement().satisfies(s -> assertThat(s.location()).hasToString("t.yaml:6:11"));
        assertThat(set.sequences().get(0).matches(TableName.parse("public.orders_id_seq"))).isTrue();
    }
}
