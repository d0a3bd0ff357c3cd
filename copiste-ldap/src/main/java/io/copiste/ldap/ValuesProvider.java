package io.copiste.ldap;

import io.copiste.function.DeliveredFunction;
import io.copiste.function.Function;
import io.copiste.function.FunctionContext;
import io.copiste.function.FunctionDefinition;
import io.copiste.function.FunctionProvider;
import io.copiste.function.Template;
import io.copiste.manifest.Settings;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ldap.values}: maintains a multi-valued attribute from the rows of a child table (the seed's
 * Accumulate2LDAPField) with LDAP add-value and delete-value operations. {@code ldap.members} is the same for group
 * membership. See docs/ldap.md.
 */
public final class ValuesProvider implements FunctionProvider {
    @Override
    public String type() {
        return "ldap.values";
    }

    @Override
    public String summary() {
        return "one value of a multi-valued LDAP attribute per row (add/delete-value, moved on update)";
    }

    /**
     * @param value       where the value comes from: a column, or a template
     * @param dnValued    whether values are DNs (their placeholders escaped as DN values)
     * @param placeholder for groups that must have a member: the value that stands in for an empty group
     *                    ({@code null}: the group's own DN; only when {@code mustHaveValue})
     */
    record Definition(LdapTarget target, Locator entry, String attribute, String column, Template value,
                      boolean dnValued, boolean mustHaveValue, String placeholder, Missing.Policy missing)
            implements DeliveredFunction {
        @Override
        public Function open(FunctionContext context) {
            return new ValuesFunction(this, new Directory(target), new Source(context.source()),
                    new Missing(missing, context.binding()));
        }

        @Override
        public Set<String> columnsUsed() {
            Set<String> used = new LinkedHashSet<>(entry.columns());
            if (column != null) {
                used.add(column);
            }
            return used;
        }
    }

    @Override
    public FunctionDefinition define(Settings settings) {
        return read(settings, "dn", null, "value");
    }

    static Definition read(Settings settings, String dnKey, String defaultAttribute, String valueKey) {
        LdapTarget target = Specs.target(settings);
        Locator entry = Locator.read(settings, dnKey);
        String attribute = Specs.attribute(settings, "attribute", defaultAttribute);
        boolean dnValued = attribute != null && (attribute.equalsIgnoreCase("member")
                || attribute.equalsIgnoreCase("uniqueMember") || attribute.equalsIgnoreCase("owner")
                || attribute.equalsIgnoreCase("seeAlso") || attribute.equalsIgnoreCase("manager"));
        String text = settings.string(valueKey);
        String column = null;
        Template value = null;
        if (text != null) {
            if (text.contains("{")) {
                value = dnValued ? Specs.dn(settings, valueKey, true) : Specs.template(settings, valueKey, text);
            } else {
                column = text.strip();
            }
        }
        boolean must = attribute != null && Set.of("member", "uniquemember").contains(attribute.toLowerCase(Locale.ROOT));
        String placeholder = settings.string("placeholder", null);
        if (placeholder != null && !must) {
            settings.problem("placeholder", "'placeholder' applies to member and uniqueMember", null);
        }
        Missing.Policy missing = settings.choice("missingEntry", Missing.Policy.class, Missing.Policy.FAIL);
        return new Definition(target, entry, attribute, column, value, dnValued, must, placeholder, missing);
    }

    /** {@code ldap.members}: group membership from a join table. */
    public static final class Members implements FunctionProvider {
        @Override
        public String type() {
            return "ldap.members";
        }

        @Override
        public String summary() {
            return "group membership (member, uniqueMember or memberUid) from the rows of a join table";
        }

        @Override
        public FunctionDefinition define(Settings settings) {
            return read(settings, "group", "member", "member");
        }
    }
}
