package io.copiste.install;

import io.copiste.Golden;
import io.copiste.db.TableInfo;
import io.copiste.manifest.Binding;
import io.copiste.manifest.Manifest;
import io.copiste.sql.TableName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BindingRendererTest {
    private static final TableInfo PEOPLE = new TableInfo(TableName.of("public", "people"), 16384, 'r', List.of(
            TableInfo.Column.of("id", "int4"),
            TableInfo.Column.of("login", "text"),
            TableInfo.Column.of("email", "text"),
            TableInfo.Column.of("active", "bool")), List.of("id"));

    private static final TableInfo ODD = new TableInfo(TableName.of("Sales Dept", "order \"items\""), 16400, 'r',
            List.of(TableInfo.Column.of("select", "int4"),
                    TableInfo.Column.of("Prix €", "numeric")), List.of("select"));

    private static Binding binding(String yaml) {
        return Manifest.parse("pipeline: demo\nbindings:\n" + yaml, "test.yaml").bindings().get(0);
    }

    private static String render(Binding b, TableInfo table) {
        return String.join(";\n\n", BindingRenderer.render("demo", b, table, io.copiste.manifest.Capture.TRIGGER).statements()) + ";\n";
    }

    @Test
    void logWithColumnsAndCondition() {
        Binding b = binding("""
                - name: people-log
                  table: people
                  columns: [login]
                  when: NEW.active OR OLD.active
                  function: {type: log, level: warning, message: "{login} {op} (was {old.login})"}
                """);
        Golden.assertMatches("log-columns-when.sql", render(b, PEOPLE));
    }

    @Test
    void notifyWithRowAndTruncate() {
        Binding b = binding("""
                - name: people-notify
                  table: people
                  on: [insert, update, delete, truncate]
                  function: {type: notify, channel: people_changes, row: true}
                """);
        Golden.assertMatches("notify-row-truncate.sql", render(b, PEOPLE));
    }

    @Test
    void debugOnOddlyNamedTable() {
        Binding b = binding("- name: odd\n"
                + "  table: '\"Sales Dept\".\"order \"\"items\"\"\"'\n"
                + "  on: [delete]\n"
                + "  function: {type: debug, message: \"it's {\\\"Prix €\\\"}\"}\n");
        Golden.assertMatches("debug-odd-names.sql", render(b, ODD));
    }

    @Test
    void deliveredFunctionCapturesIntoTheQueue() {
        Binding b = binding("""
                - name: people-sync
                  table: people
                  on: [insert, update, delete, truncate]
                  columns: [email]
                  when: NEW.active IS NOT FALSE
                  onError: park
                  function: {type: jsonl, path: /tmp/people.jsonl}
                """);
        Golden.assertMatches("capture-columns-when-truncate.sql", render(b, PEOPLE));
    }

    @Test
    void hashChangesWithTheDefinitionOnly() {
        Binding a = binding("- {name: x, table: people, function: {type: log, message: a}}\n");
        Binding a2 = binding("- {name: x, table: people, function: {message: a, type: log}}\n");
        Binding b = binding("- {name: x, table: people, function: {type: log, message: b}}\n");
        String hashA = BindingRenderer.render("demo", a, PEOPLE, io.copiste.manifest.Capture.TRIGGER).hash();
        assertThat(BindingRenderer.render("demo", a2, PEOPLE, io.copiste.manifest.Capture.TRIGGER).hash()).isEqualTo(hashA);
        assertThat(BindingRenderer.render("demo", b, PEOPLE, io.copiste.manifest.Capture.TRIGGER).hash()).isNotEqualTo(hashA);
    }

    @Test
    void capturedColumnsAreTheListedOnesPlusTheKeyInTableOrder() {
        Binding b = binding("- {name: x, table: people, columns: [email], function: {type: log, message: m}}\n");
        assertThat(b.capturedColumns(PEOPLE)).containsExactly("id", "email");
    }
}
