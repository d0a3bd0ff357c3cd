package io.copiste.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.copiste.function.Json;
import io.copiste.testkit.PostgresExtension;
import io.copiste.testkit.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(180)
class InitCliIT {
    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();

    @TempDir
    Path dir;

    @Test
    void initSendsExistingRowsAndReportsThem() throws Exception {
        PostgresServer s = PG.server();
        String db = s.createDatabase("initcli");
        s.execute(db, "CREATE TABLE people (id int PRIMARY KEY, login text)",
                "INSERT INTO people SELECT g, 'user' || g FROM generate_series(1, 2500) g");
        Path out = dir.resolve("people.jsonl");
        Path manifest = dir.resolve("copiste.yaml");
        Files.writeString(manifest, """
                pipeline: seeded
                source: {host: %s, port: %d, database: %s, user: postgres}
                bindings:
                  - {name: people, table: people, function: {type: jsonl, path: '%s'}}
                """.formatted(s.host(), s.port(), db, out));
        String f = manifest.toString();
        assertThat(Cli.run("install", "-f", f).exit()).isZero();

        JsonNode dry = Json.parse(Cli.run("init", "--dry-run", "--json", "-f", f).out());
        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(dry.get("rows").asLong()).isEqualTo(2500);
        assertThat(Files.exists(out)).as("a dry run sends nothing").isFalse();

        Cli init = Cli.run("init", "--chunk-rows", "1000", "-f", f);
        assertThat(init.exit()).as(init.toString()).isZero();
        assertThat(init.out()).contains("init done: 2,500 rows");
        assertThat(Files.readAllLines(out)).hasSize(2500).allSatisfy(l -> assertThat(l).contains("\"op\":\"snapshot\""));

        Cli resume = Cli.run("init", "--resume", "-f", f);
        assertThat(resume.exit()).isEqualTo(2);
        assertThat(resume.err()).contains("has no interrupted init to resume");
        Cli unknown = Cli.run("init", "--binding", "nope", "-f", f);
        assertThat(unknown.err()).contains("no binding 'nope' in pipeline 'seeded'");
    }
}
