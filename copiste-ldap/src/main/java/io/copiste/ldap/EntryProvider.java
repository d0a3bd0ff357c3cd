package io.copiste.ldap;

import com.unboundid.ldap.sdk.Filter;
import io.copiste.function.DeliveredFunction;
import io.copiste.function.Function;
import io.copiste.function.FunctionContext;
import io.copiste.function.FunctionDefinition;
import io.copiste.function.FunctionProvider;
import io.copiste.function.Template;
import io.copiste.manifest.Settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ldap.entry}: one directory entry per row (the seed's Copy2LDAP), created, modified, renamed and deleted
 * as the row is. See docs/ldap.md.
 */
public final class EntryProvider implements FunctionProvider {
    @Override
    public String type() {
        return "ldap.entry";
    }

    @Override
    public String summary() {
        return "one LDAP entry per row: create, modify (changed attributes only), rename, delete or disable";
    }

    /** What {@code onDelete} does. */
    enum OnDelete { DELETE, DISABLE, IGNORE }

    /**
     * Where one attribute's values come from: a column, a template, or a query.
     *
     * @param attribute the attribute as written
     * @param column    a column (its value, arrays giving several values), or {@code null}
     * @param template  a template (one value), or {@code null}
     * @param lookup    a query (each result row one value), or {@code null}
     */
    record Mapped(String attribute, String column, Template template, BoundQuery lookup) {
    }

    /** The {@code onDelete: disable} action: set {@code attribute} to {@code value}, or remove it if no value. */
    record Disable(String attribute, String value) {
    }

    record Definition(LdapTarget target, Template dn, Template match, String base, List<String> objectClasses,
                      Map<String, List<String>> constants, List<Mapped> sources, OnDelete onDelete, Disable disable,
                      Filter pruneFilter) implements DeliveredFunction {
        @Override
        public Function open(FunctionContext context) {
            return new EntryFunction(this, new Directory(target), new Source(context.source()), context);
        }

        @Override
        public Set<String> columnsUsed() {
            Set<String> used = new LinkedHashSet<>();
            if (dn != null) {
                used.addAll(dn.columns());
            }
            if (match != null) {
                used.addAll(match.columns());
            }
            for (Mapped s : sources) {
                if (s.column() != null) {
                    used.add(s.column());
                } else if (s.template() != null) {
                    used.addAll(s.template().columns());
                } else if (s.lookup() != null) {
                    used.addAll(s.lookup().columns());
                }
            }
            return used;
        }
    }

    @Override
    public FunctionDefinition define(Settings settings) {
        LdapTarget target = Specs.target(settings);
        Template dn = Specs.dn(settings, "dn", true);
        Template match = Specs.filter(settings, "match", false);
        String base = Specs.base(settings, "base", match != null);
        List<String> objectClasses = settings.strings("objectClasses");
        if (objectClasses.isEmpty()) {
            settings.problem("objectClasses", "ldap.entry needs 'objectClasses' for the entries it creates",
                    "e.g. objectClasses: [inetOrgPerson]");
        }
        Map<String, List<String>> constants = new LinkedHashMap<>();
        Settings c = settings.section("constants");
        for (String name : c.keys()) {
            constants.put(name, c.strings(name));
        }
        List<Mapped> sources = new ArrayList<>();
        Settings attributes = settings.section("attributes");
        for (String name : attributes.keys()) {
            String text = attributes.string(name);
            if (text == null) {
                continue;
            }
            if (text.contains("{")) {
                Template t = Specs.template(attributes, name, text);
                sources.add(new Mapped(name, null, t, null));
            } else {
                sources.add(new Mapped(name, text.strip(), null, null));
            }
        }
        Settings lookups = settings.section("lookups");
        for (String name : lookups.keys()) {
            BoundQuery q = Specs.query(lookups, name, true);
            if (q != null) {
                sources.add(new Mapped(name, null, null, q));
            }
        }
        OnDelete onDelete = settings.choice("onDelete", OnDelete.class, OnDelete.DELETE);
        Disable disable = null;
        if (onDelete == OnDelete.DISABLE) {
            Settings d = settings.section("disable");
            String attribute = Specs.attribute(d, "attribute", null);
            disable = new Disable(attribute, d.string("value", null));
        } else if (settings.has("disable")) {
            settings.problem("disable", "'disable' applies only with 'onDelete: disable'", null);
        }
        Filter defaultFilter = objectClasses.isEmpty() ? Filter.createPresenceFilter("objectClass")
                : Filter.createANDFilter(objectClasses.stream()
                .map(o -> Filter.createEqualityFilter("objectClass", o)).toList());
        Filter pruneFilter = Specs.staticFilter(settings, "filter", defaultFilter);
        if (settings.has("filter") && base == null) {
            settings.problem("filter", "'filter' (for init --prune) needs a 'base'", null);
        }
        return new Definition(target, dn, match, base, objectClasses, constants, sources, onDelete, disable,
                pruneFilter);
    }
}
