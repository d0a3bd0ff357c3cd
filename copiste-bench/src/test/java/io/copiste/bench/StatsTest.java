package io.copiste.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatsTest {
    @Test
    void percentilesAreNearestRank() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            v[i] = 100 - i;
        }
        assertThat(Stats.percentile(v.clone(), 50)).isEqualTo(50);
        assertThat(Stats.percentile(v.clone(), 99)).isEqualTo(99);
        assertThat(Stats.percentile(v.clone(), 100)).isEqualTo(100);
        assertThat(Stats.median(new double[]{3, 1, 2})).isEqualTo(2);
        assertThatThrownBy(() -> Stats.percentile(new double[0], 50)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tableEscapesPipesAndOptionsRejectUnknownNames() {
        String md = Table.markdown(List.of(new Result("a | b", "1", "2", "0.50", "≥ 0.5", "met")));
        assertThat(md).contains("| a \\| b | 1 | 2 | 0.50 | ≥ 0.5 | met |");
        assertThat(Options.parse("--small").integer("events")).isEqualTo(20000);
        assertThat(Options.parse("--events=1_000").integer("events")).isEqualTo(1000);
        assertThatThrownBy(() -> Options.parse("--nope=1")).hasMessageContaining("unknown option --nope");
    }
}
