package io.copiste.ldap;

import io.copiste.function.DeliveredFunction;
import io.copiste.function.Function;
import io.copiste.function.FunctionContext;
import io.copiste.function.FunctionDefinition;
import io.copiste.function.FunctionProvider;
import io.copiste.function.Template;
import io.copiste.manifest.Settings;
import io.copiste.sql.Sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ldap.flag}: a value held on an entry while at least one row references it (the seed's StoreIfExists),
 * e.g. objectClass {@code inetLocalMailRecipient} while the person has a mailbox row. The count is evaluated when
 * applying, with bound parameters. See docs/ldap.md.
 */
public final class FlagProvider implements FunctionProvider {
    @Override
    public String type() {
        return "ldap.flag";
    }

    @Override
    public String summary() {
        return "an attribute value set on an entry while at least one row references it";
    }

    /**
     * @param count the query counting the rows that reference the entry, or {@code null}: the bound table's rows
     *              with the same values in the columns that identify the entry
     */
    record Definition(LdapTarget target, Locator entry, String attribute, String value, BoundQuery count,
                      Missing.Policy missing) implements DeliveredFunction {
        @Override
        public Function open(FunctionContext context) {
            BoundQuery q = count != null ? count : defaultCount(context);
            return new FlagFunction(this, q, new Directory(target), new Source(context.source()),
                    new Missing(missing, context.binding()));
        }

        /** {@code SELECT count(*) FROM table WHERE c1 = ? AND …} over the entry's key columns. */
        private BoundQuery defaultCount(FunctionContext context) {
            StringBuilder sql = new StringBuilder("SELECT count(*) FROM ").append(context.table().name().sql());
            List<Template.Field> params = new ArrayList<>();
            String sep = " WHERE ";
            for (String c : entry.keyColumns()) {
                sql.append(sep).append(Sql.ident(c)).append(" = ?");
                params.add(new Template.Field("row", c));
                sep = " AND ";
            }
            return BoundQuery.of(sql.toString(), params);
        }

        @Override
        public Set<String> columnsUsed() {
            Set<String> used = new LinkedHashSet<>(entry.columns());
            if (count != null) {
                used.addAll(count.columns());
            }
            return used;
        }
    }

    @Override
    public FunctionDefinition define(Settings settings) {
        LdapTarget target = Specs.target(settings);
        Locator entry = Locator.read(settings, "dn");
        String attribute = Specs.attribute(settings, "attribute", null);
        String value = settings.string("value");
        BoundQuery count = Specs.query(settings, "count", false);
        Missing.Policy missing = settings.choice("missingEntry", Missing.Policy.class, Missing.Policy.FAIL);
        return new Definition(target, entry, attribute, value, count, missing);
    }
}
