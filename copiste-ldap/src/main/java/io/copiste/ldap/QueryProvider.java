package io.copiste.ldap;

import io.copiste.function.DeliveredFunction;
import io.copiste.function.Function;
import io.copiste.function.FunctionContext;
import io.copiste.function.FunctionDefinition;
import io.copiste.function.FunctionProvider;
import io.copiste.manifest.Settings;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code ldap.query}: recomputes an attribute from an SQL query (bound parameters) whenever a row it depends on is
 * inserted, updated or deleted. See docs/ldap.md.
 */
public final class QueryProvider implements FunctionProvider {
    @Override
    public String type() {
        return "ldap.query";
    }

    @Override
    public String summary() {
        return "an LDAP attribute recomputed from an SQL query whenever a bound row changes";
    }

    record Definition(LdapTarget target, Locator entry, String attribute, BoundQuery query, Missing.Policy missing)
            implements DeliveredFunction {
        @Override
        public Function open(FunctionContext context) {
            return new QueryFunction(this, new Directory(target), new Source(context.source()),
                    new Missing(missing, context.binding()));
        }

        @Override
        public Set<String> columnsUsed() {
            Set<String> used = new LinkedHashSet<>(entry.columns());
            if (query != null && entry.join() == null) {
                used.addAll(query.columns());
            }
            return used;
        }
    }

    @Override
    public FunctionDefinition define(Settings settings) {
        LdapTarget target = Specs.target(settings);
        Locator entry = Locator.read(settings, "dn");
        String attribute = Specs.attribute(settings, "attribute", null);
        BoundQuery query = Specs.query(settings, "query", true);
        Missing.Policy missing = settings.choice("missingEntry", Missing.Policy.class, Missing.Policy.FAIL);
        return new Definition(target, entry, attribute, query, missing);
    }
}
