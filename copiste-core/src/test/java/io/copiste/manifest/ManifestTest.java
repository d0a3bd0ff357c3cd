package io.copiste.manifest;

import io.copiste.ErrorCode;
import io.copiste.function.Operation;
import io.copiste.sql.TableName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ManifestTest {
    private static final String GOOD = """
            pipeline: people-sync
            source:
              host: db.example.org
              port: 5433
              database: app
              user: copiste
              password: ${env:PGPASSWORD}
            bindings:
              - name: people-log
                table: HR."People"
                on: [insert, delete]
                columns: [login, email]
                key: [id]
                when: NEW.active
                function:
                  type: log
                  level: warning
                  message: "person {login} {op}"
              - name: people-notify
                table: people
                function: {type: notify}
            """;

    @Test
    void readsEveryPartOfAManifest() {
        Manifest m = Manifest.parse(GOOD, "copiste.yaml");
        assertThat(m.pipeline()).isEqualTo("people-sync");
        assertThat(m.source().host()).isEqualTo("db.example.org");
        assertThat(m.source().port()).isEqualTo(5433);
        assertThat(m.source().password()).hasToString("${env:PGPASSWORD}");
        Binding log = m.bindings().get(0);
        assertThat(log.table()).isEqualTo(TableName.of("hr", "People"));
        assertThat(log.operations()).containsExactlyInAnyOrder(Operation.INSERT, Operation.DELETE);
        assertThat(log.columns()).containsExactly("login", "email");
        assertThat(log.key()).containsExactly("id");
        assertThat(log.when()).isEqualTo("NEW.active");
        assertThat(log.function().type()).isEqualTo("log");
        assertThat(log.function().settings()).containsEntry("level", "warning");
        assertThat(log.location()).hasToString("copiste.yaml:9:5");
        Binding notify = m.bindings().get(1);
        assertThat(notify.operations()).isEqualTo(Binding.DEFAULT_OPERATIONS);
        assertThat(notify.table()).isEqualTo(TableName.of("public", "people"));
    }

    @Test
    void reportsEveryProblemAtOnceWithLineColumnAndHint() {
        String bad = """
                pipeline: demo
                sourse:
                  host: x
                bindings:
                  - name: a
                    table: people
                    on: [insert, upsert]
                    when: NEW.active AND (
                    function:
                      type: logg
                  - name: a
                    table: people
                    colums: [x]
                    function:
                      type: log
                      level: loud
                  - name: c
                    table: people
                    function:
                      type: notify
                      row: maybe
                """;
        ManifestException e = catchThrowableOfType(ManifestException.class, () -> Manifest.parse(bad, "m.yaml"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_MANIFEST);
        assertThat(e.problems()).extracting(Problem::render).containsExactly(
                "m.yaml:2:1: unknown key 'sourse' in the manifest\n  hint: did you mean 'source'?",
                "m.yaml:7:9: 'on' cannot contain 'upsert'\n  hint: use insert, update, delete or truncate",
                "m.yaml:8:11: 'when' is not a valid condition: unclosed '('\n"
                        + "  hint: write an SQL boolean expression on NEW and OLD, e.g. NEW.active AND NEW.email IS NOT NULL",
                "m.yaml:10:13: unknown function type 'logg'\n  hint: did you mean 'log'?",
                "m.yaml:11:11: duplicate binding name 'a' (first at line 5)\n"
                        + "  hint: binding names must be unique within a pipeline",
                "m.yaml:13:5: unknown key 'colums' in binding 'a'\n  hint: did you mean 'columns'?",
                "m.yaml:14:5: binding 'a' function needs 'message'",
                "m.yaml:16:14: 'level' cannot be 'loud'\n  hint: use one of: debug, log, info, notice, warning",
                "m.yaml:21:12: 'row' must be true or false, not a string");
    }

    @Test
    void malformedYamlIsOneProblemWithItsLocation() {
        ManifestException e = catchThrowableOfType(ManifestException.class,
                () -> Manifest.parse("pipeline: x\nbindings:\n  - name: a\n   table: b\n", "m.yaml"));
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).location().line()).isEqualTo(4);
        assertThat(e.problems().get(0).message()).startsWith("not valid YAML");
    }

    @Test
    void duplicateKeysAreReported() {
        assertThatThrownBy(() -> Manifest.parse("pipeline: a\npipeline: b\nbindings: []\n", "m.yaml"))
                .hasMessageContaining("m.yaml:2:1: duplicate key 'pipeline' (first at line 1)");
    }

    @Test
    void clearTextPasswordsAreRefusedUnlessAllowed() {
        String yaml = "pipeline: a\nsource: {password: hunter2}\nbindings: []\n";
        assertThatThrownBy(() -> Manifest.parse(yaml, "m.yaml"))
                .hasMessageContaining("'password' is written in clear text")
                .hasMessageNotContaining("hunter2");
        Manifest allowed = Manifest.parse("allowPlaintextSecrets: true\n" + yaml, "m.yaml");
        assertThat(allowed.source().password().reveal()).isEqualTo("hunter2");
        assertThat(allowed.source().password()).hasToString("***");
    }

    @Test
    void aSecretWrittenInClearNeverReachesTheStoredDefinition() {
        Manifest m = Manifest.parse("""
                allowPlaintextSecrets: true
                pipeline: a
                bindings:
                  - name: hook
                    table: people
                    function:
                      type: webhook
                      url: http://127.0.0.1:9/hook
                      headers: {X-Api-Key: '${env:HOOK_KEY}', X-Source: copiste}
                      auth: {bearer: hunter2}
                """, "m.yaml");
        String stored = m.bindings().get(0).definitionJson();
        assertThat(stored).as("what the catalog stores and plan prints").doesNotContain("hunter2")
                .contains(io.copiste.manifest.Settings.HIDDEN_SECRET).contains("${env:HOOK_KEY}");
    }

    @Test
    void secretsAreReadWhenRevealedAndNeverPrinted(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "s3cret\n");
        Secret fromFile = Secret.parse("${file:" + file + "}");
        assertThat(fromFile.reveal()).isEqualTo("s3cret");
        assertThat(fromFile.toString()).doesNotContain("s3cret");
        Secret fromEnv = Secret.parse("${env:COPISTE_TEST_PW}").withEnvironment(n -> n.equals("COPISTE_TEST_PW") ? "x" : null);
        assertThat(fromEnv.reveal()).isEqualTo("x");
        assertThatThrownBy(() -> Secret.env("COPISTE_SURELY_UNSET_VARIABLE").reveal())
                .hasMessageContaining("environment variable COPISTE_SURELY_UNSET_VARIABLE is not set");
    }

    @Test
    void builderMakesTheSameModelAsYaml() {
        Manifest fromYaml = Manifest.parse("""
                pipeline: p
                bindings:
                  - name: b
                    table: people
                    columns: [login]
                    function: {type: log, message: "hi {login}"}
                """, "m.yaml");
        Manifest built = Manifest.builder("p")
                .binding(Map.of("name", "b", "table", "people", "columns", List.of("login"),
                        "function", Map.of("type", "log", "message", "hi {login}")))
                .build();
        assertThat(built.bindings().get(0).definitionJson()).isEqualTo(fromYaml.bindings().get(0).definitionJson());
        assertThat(built.bindings().get(0).columns()).isEqualTo(List.of("login"));
    }

    @Test
    void builderValidatesLikeYaml() {
        assertThatThrownBy(() -> Manifest.builder("p").binding("b", "people", "nope", Map.of()).build())
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("unknown function type 'nope'");
    }

    @Test
    void definitionIsCanonicalWhateverTheKeyOrder() {
        Manifest a = Manifest.parse("pipeline: p\nbindings:\n- {name: b, table: t, function: {type: log, message: m, level: log}}\n", "a");
        Manifest b = Manifest.parse("pipeline: p\nbindings:\n- {function: {level: log, message: m, type: log}, table: t, name: b}\n", "b");
        assertThat(a.bindings().get(0).definitionJson()).isEqualTo(b.bindings().get(0).definitionJson());
        assertThat(a.bindings().get(0).definition()).containsKeys("table", "on", "columns", "key", "when", "function");
        assertThat(Set.copyOf(a.bindings().get(0).operations())).isEqualTo(Binding.DEFAULT_OPERATIONS);
    }
}
