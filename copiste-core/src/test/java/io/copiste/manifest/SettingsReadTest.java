package io.copiste.manifest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsReadTest {
    @Test
    void readsAnotherFileWithTheManifestsConventions() {
        List<String> items = Settings.read("""
                cluster: c
                tables: [a, {pattern: 'b.*'}]
                """, "t.yaml", s -> {
            s.string("cluster");
            return s.items("tables").stream().map(i -> i instanceof Settings t ? "~" + t.string("pattern") : (String) i)
                    .toList();
        });
        assertThat(items).containsExactly("a", "~b.*");
        List<List<?>> single = Settings.read("tables: a\nschemas: {pattern: 'b.*'}\n", "t.yaml", s -> {
            assertThat(s.location("tables", 0)).hasToString("t.yaml:1:9");
            return List.of(s.items("tables"), s.items("schemas").stream().map(i -> ((Settings) i).string("pattern"))
                    .toList());
        });
        assertThat(single).containsExactly(List.of("a"), List.of("b.*"));
    }

    @Test
    void reportsUnknownKeysAndClearSecretsTogether() {
        assertThatThrownBy(() -> Settings.read("clustr: c\npassword: x\n", "t.yaml", s -> {
            s.string("cluster", null);
            return s.secret("password");
        })).isInstanceOf(ManifestException.class)
                .satisfies(e -> assertThat(((ManifestException) e).problems()).extracting(Problem::render)
                        .containsExactly("t.yaml:1:1: unknown key 'clustr' in the file\n  hint: did you mean 'cluster'?",
                                "t.yaml:2:11: 'password' is written in clear text\n  hint: use ${env:NAME} or ${file:/path},"
                                        + " or set 'allowPlaintextSecrets: true' at the top of the manifest"));
        assertThat(Settings.read("allowPlaintextSecrets: true\npassword: x\n", "t.yaml", s -> s.secret("password"))
                .reveal()).isEqualTo("x");
    }

    @Test
    void anEmptyFileIsNamedAsAFileNotAsAManifest() {
        assertThatThrownBy(() -> Settings.read("# nothing yet\n", "t.yaml", s -> s))
                .isInstanceOf(ManifestException.class).hasMessage("t.yaml:1:1: the file is empty");
    }

    @Test
    void requiredIntegersListsAndItemLocations() {
        assertThatThrownBy(() -> Settings.read("""
                nodes:
                  - id: 1
                  - comment: no id
                  - id: x
                tables: [~, a, {schema: b}]
                paths: all
                """, "t.yaml", s -> {
            assertThat(s.sections("nodes")).extracting(n -> {
                n.string("comment", null);
                return n.integer("id", 1, 9);
            }).containsExactly(1, null, null);
            assertThat(s.isList("tables")).isTrue();
            assertThat(s.isList("paths")).isFalse();
            assertThat(s.string("paths")).isEqualTo("all");
            assertThat(s.items("tables")).hasSize(2).last().satisfies(t -> ((Settings) t).string("schema"));
            assertThat(s.location("tables", 0)).hasToString("t.yaml:5:13");
            assertThat(s.location("tables", 1)).hasToString("t.yaml:5:16");
            assertThat(s.location("tables", 2)).isEqualTo(s.location("tables"));
            s.problem(s.location("tables", 0), "'a' is not wanted", "remove it");
            return s;
        })).isInstanceOf(ManifestException.class)
                .satisfies(e -> assertThat(((ManifestException) e).problems()).extracting(Problem::render)
                        .containsExactly("t.yaml:3:5: nodes[1] needs 'id'",
                                "t.yaml:4:9: 'id' must be an integer, not a string",
                                "t.yaml:5:10: items of 'tables' must be values or maps, not null",
                                "t.yaml:5:13: 'a' is not wanted\n  hint: remove it"));
    }
}
