package io.copiste.slony.topology;

import io.copiste.sql.TableName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationHookTest {
    @Test
    void theTablesAndSequencesAScriptDropsAreFoundWhateverTheirForm() {
        String sql = """
                -- DROP TABLE commented_out;
                /* DROP TABLE also_commented */
                drop table if exists app.orders, "Sales"."Order Lines" cascade;
                DROP TABLE legacy;
                ALTER TABLE kept DROP COLUMN x;
                DROP SEQUENCE app.orders_id_seq
                """;
        assertThat(MigrationHook.droppedBy(sql)).containsExactly(TableName.parse("app.orders"),
                TableName.of("Sales", "Order Lines"), TableName.parse("public.legacy"),
                TableName.parse("app.orders_id_seq"));
        assertThat(MigrationHook.droppedBy("CREATE TABLE x (id int); DROP INDEX y;")).isEmpty();
    }

    @Test
    void theModeIsReadInAnyCaseAndAnUnknownOneIsNamed() {
        assertThat(MigrationHook.Mode.parse(" Log ")).isEqualTo(MigrationHook.Mode.LOG);
        assertThatThrownBy(() -> MigrationHook.Mode.parse("dry")).hasMessage("replication mode 'dry' is not one of "
                + "apply, log, off");
    }
}
