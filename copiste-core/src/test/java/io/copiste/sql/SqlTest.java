package io.copiste.sql;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlTest {
    @Test
    void identifiersAreAlwaysQuotedWithInnerQuotesDoubled() {
        assertThat(Sql.ident("people")).isEqualTo("\"people\"");
        assertThat(Sql.ident("My \"odd\" table")).isEqualTo("\"My \"\"odd\"\" table\"");
        assertThat(Sql.ident("select")).isEqualTo("\"select\"");
        assertThat(Sql.ident("hr", "Pé ople")).isEqualTo("\"hr\".\"Pé ople\"");
    }

    @Test
    void literalsDoubleSingleQuotesAndKeepBackslashes() {
        assertThat(Sql.literal("it's")).isEqualTo("'it''s'");
        assertThat(Sql.literal("a\\b")).isEqualTo("'a\\b'");
        assertThat(Sql.literal(null)).isEqualTo("NULL");
        assertThatThrownBy(() -> Sql.literal("nul\0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dollarQuotingPicksATagAbsentFromTheBody() {
        assertThat(Sql.dollarQuoted("x")).isEqualTo("$copiste$x$copiste$");
        assertThat(Sql.dollarQuoted("a $copiste$ b")).isEqualTo("$copiste1$a $copiste$ b$copiste1$");
    }

    @Test
    void shortNamesAreUnchanged() {
        assertThat(Sql.fitName("demo/people")).isEqualTo("demo/people");
        String exactly63 = "x".repeat(63);
        assertThat(Sql.fitName(exactly63)).isEqualTo(exactly63);
    }

    @Test
    void longNamesAreShortenedDeterministicallyAndStayDistinct() {
        String a = "copiste/" + "pipeline".repeat(8) + "/binding-a";
        String b = "copiste/" + "pipeline".repeat(8) + "/binding-b";
        assertThat(Sql.fitName(a)).isEqualTo(Sql.fitName(a));
        assertThat(Sql.fitName(a)).isNotEqualTo(Sql.fitName(b));
        assertThat(Sql.fitName(a).getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
        assertThat(Sql.fitName(a)).startsWith("copiste/pipeline");
    }

    @Test
    void shorteningNeverSplitsAMultiByteCharacter() {
        String name = "é".repeat(40);
        String fitted = Sql.fitName(name);
        assertThat(fitted.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(63);
        assertThat(new String(fitted.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(fitted);
        assertThat(fitted).matches("é+_[0-9a-f]{8}");
    }
}
