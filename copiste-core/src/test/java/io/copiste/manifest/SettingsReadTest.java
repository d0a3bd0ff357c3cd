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
}
