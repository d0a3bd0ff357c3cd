package io.copiste.flyway;

import io.copiste.CopisteException;
import io.copiste.slony.topology.MigrationHook;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallbackSettingsTest {
    @Test
    void theEnvironmentChoosesTheTopologyAndTheMode() {
        Map<String, String> env = Map.of("COPISTE_SLONY_TOPOLOGY", "/etc/copiste/topology.yaml",
                "COPISTE_SLONY_MODE", "log");
        CallbackSettings settings = CallbackSettings.of(null, env::get);
        assertThat(settings).isEqualTo(new CallbackSettings(Path.of("/etc/copiste/topology.yaml"),
                MigrationHook.Mode.LOG));
    }

    @Test
    void theModeIsApplyByDefaultAndNeedsATopology() {
        assertThatThrownBy(() -> CallbackSettings.of(null, name -> null)).isInstanceOf(CopisteException.class)
                .hasMessage("copiste Flyway callback: no topology file given")
                .satisfies(e -> assertThat(((CopisteException) e).hint()).contains("COPISTE_SLONY_MODE=off"));
    }

    @Test
    void modeOffNeedsNothingElseAndBuildsNoHook() {
        CallbackSettings off = CallbackSettings.of(null, Map.of("COPISTE_SLONY_MODE", "OFF")::get);
        assertThat(off.mode()).isEqualTo(MigrationHook.Mode.OFF);
        assertThat(off.hook(null)).isNull();
    }

    @Test
    void anUnknownModeSaysWhichAreKnown() {
        assertThatThrownBy(() -> CallbackSettings.of(null, Map.of("COPISTE_SLONY_MODE", "dry-run")::get))
                .hasMessageContaining("'dry-run' is not one of apply, log, off");
    }
}
