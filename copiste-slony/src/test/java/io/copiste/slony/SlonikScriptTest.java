package io.copiste.slony;

import io.copiste.sql.TableName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dry runs render the equivalent slonik script, compared with golden files under src/test/resources. */
class SlonikScriptTest {
    private static final List<Node> NODES = List.of(
            Node.of(1, "origin", Conninfo.parse("host=db1 port=5432 dbname=shop user=slony password=${env:PW1}")),
            Node.of(2, "replica", Conninfo.parse("host=db2 dbname=shop user=slony")),
            Node.of(3, "Dany's laptop", Conninfo.parse("host=db3 dbname=shop user=slony")));

    @Test
    void buildingAClusterWithLoopsRendersTheEquivalentScript() throws IOException {
        SlonyCluster slony = SlonyCluster.dryRun(ClusterName.of("MyShop"), NODES);
        SlonyFixture.storeNodes(slony, NODES);
        SlonyFixture.replicatePgbench(slony, NODES);
        Event merged = slony.mergeSet(1, 2, 1);
        slony.waitFor(merged, 0, Duration.ofMinutes(5));

        assertThat(merged).isEqualTo(new Event(1, -1));
        assertThat(merged.planned()).isTrue();
        assertGolden("build-cluster.slonik", slony.script());
    }

    @Test
    void everyCommandHasASlonikForm() throws IOException {
        SlonyCluster slony = SlonyCluster.dryRun(ClusterName.of("shop"), NODES);
        slony.createSet(2, 1, "it's new");
        slony.setAddTable(2, 1, new TableRef(7, TableName.of("Sales", "Orders 2024"), "orders_uk", null));
        slony.setAddTables(2, 1, List.of(TableRef.of("public.items"), TableRef.of(8, "public.lines")));
        slony.setAddTables(2, 1, "public\\.audit_.*");
        slony.setAddSequence(2, 1, SequenceRef.of(3, "public.items_id_seq"));
        slony.setAddSequences(2, 1, "public[.].*_seq");
        slony.setMoveTable(7, 1, 1);
        slony.setDropTable(8, 1);
        slony.setMoveSequence(3, 1, 1);
        slony.setDropSequence(3, 1);
        slony.subscribeSet(2, 1, 2, false);
        slony.unsubscribeSet(2, 2);
        slony.resubscribeNode(1, 3, 2);
        slony.dropSet(2, 1);
        assertThat(slony.lockSet(1, 1)).isEqualTo(Event.NONE);
        slony.moveSet(1, 1, 2);
        slony.unlockSet(1, 2);
        slony.storeListen(1, 2, 3);
        slony.dropListen(1, 2, 3);
        slony.dropPath(3, 2, 2);
        slony.executeScript("ALTER TABLE items ADD COLUMN note text DEFAULT 'n/a';", 1);
        slony.executeScriptOnlyOn("ANALYZE items", 2);
        slony.sync(1);
        slony.repairConfig(1, 2);
        slony.updateFunctions(3);
        slony.restartNode(3);
        slony.clonePrepare(4, 2);
        slony.cloneFinish(4, 2);
        slony.failover(1, 2);
        slony.dropNode(1, 2);
        slony.uninstallNode(1);
        assertGolden("every-command.slonik", slony.script());
    }

    @Test
    void passwordsAreNeverRendered() {
        String script = SlonyCluster.dryRun(ClusterName.of("shop"), NODES).script();
        assertThat(script).contains("node 1 admin conninfo = 'host=db1 port=5432 dbname=shop user=slony';")
                .doesNotContain("password").doesNotContain("PW1");
    }

    @Test
    void aPatternWithAQuoteCannotBeRendered() {
        assertThatThrownBy(() -> SlonikScript.statement(new Command.SetAddTables(1, 1, "it's")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slonik cannot pass a quote");
    }

    /** Compares with the golden file; {@code -Dgolden.update=true} rewrites it instead (then review the diff). */
    private static void assertGolden(String name, String actual) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources/io/copiste/slony", name), actual);
            return;
        }
        try (InputStream in = SlonikScriptTest.class.getResourceAsStream(name)) {
            assertThat(in).as("golden file %s (create it with -Dgolden.update=true)", name).isNotNull();
            assertThat(actual).as("rendering of %s", name).isEqualTo(new String(in.readAllBytes(),
                    StandardCharsets.UTF_8));
        }
    }
}
