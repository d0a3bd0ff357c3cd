package io.copiste.function;

import io.copiste.db.TableInfo;
import io.copiste.sql.TableName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateTest {
    private static final TableInfo PEOPLE = new TableInfo(TableName.of("public", "people"), 1, 'r',
            List.of(TableInfo.Column.of("id", "int4"), TableInfo.Column.of("Full Name", "text")),
            List.of("id"));
    private static final TriggerContext ROW = new TriggerContext("p", "b", PEOPLE, PEOPLE.columnNames(),
            List.of("id"), true);

    @Test
    void rendersPlaceholdersAsFormatArguments() {
        Template t = Template.parse("{op} of {\"Full Name\"} (was {old.id}) 100% {{literal}}");
        assertThat(t.columns()).containsExactly("Full Name", "id");
        assertThat(t.plpgsql(ROW)).isEqualTo("format('%s of %s (was %s) 100%% {literal}', lower(TG_OP), "
                + "coalesce(r.\"Full Name\"::text, 'NULL'), coalesce(OLD.\"id\"::text, 'NULL'))");
    }

    @Test
    void statementLevelRendersColumnsAsNull() {
        assertThat(Template.parse("{id} {table}").plpgsql(ROW.atRowLevel(false)))
                .isEqualTo("format('%s %s', coalesce(NULL::text, 'NULL'), 'public.people')");
    }

    @Test
    void quotesInTextCannotEscapeTheLiteral() {
        assertThat(Template.parse("it's {id}").plpgsql(ROW)).startsWith("format('it''s %s'");
    }

    @Test
    void badTemplatesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Template.parse("{id")).hasMessageContaining("unclosed '{'");
        assertThatThrownBy(() -> Template.parse("id}")).hasMessageContaining("unmatched '}'");
        assertThatThrownBy(() -> Template.parse("{}")).hasMessageContaining("empty placeholder");
        assertThatThrownBy(() -> Template.parse("{a.b}")).hasMessageContaining("unknown placeholder {a.b}");
    }
}
