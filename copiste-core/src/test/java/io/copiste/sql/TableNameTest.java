package io.copiste.sql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableNameTest {
    @Test
    void unqualifiedNamesGoToPublicAndFoldToLowerCase() {
        assertThat(TableName.parse("People")).isEqualTo(TableName.of("public", "people"));
    }

    @Test
    void quotedPartsKeepCaseDotsAndQuotes() {
        assertThat(TableName.parse("\"HR\".\"My \"\"Odd\"\".Table\""))
                .isEqualTo(TableName.of("HR", "My \"Odd\".Table"));
        assertThat(TableName.parse("hr.\"Été\"")).isEqualTo(TableName.of("hr", "Été"));
    }

    @Test
    void displayQuotesOnlyWhereNeeded() {
        assertThat(TableName.of("public", "people")).hasToString("public.people");
        assertThat(TableName.of("HR", "my table")).hasToString("\"HR\".\"my table\"");
        assertThat(TableName.of("HR", "x").sql()).isEqualTo("\"HR\".\"x\"");
    }

    @Test
    void badNamesSayWhatIsWrong() {
        assertThatThrownBy(() -> TableName.parse("a.b.c")).hasMessageContaining("3 dotted parts");
        assertThatThrownBy(() -> TableName.parse("my table")).hasMessageContaining("spaces need quotes");
        assertThatThrownBy(() -> TableName.parse("\"open")).hasMessageContaining("unclosed quote");
        assertThatThrownBy(() -> TableName.parse("a..b")).hasMessageContaining("empty name part");
    }
}
