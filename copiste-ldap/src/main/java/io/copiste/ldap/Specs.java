package io.copiste.ldap;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import io.copiste.function.Template;
import io.copiste.manifest.Settings;
import io.copiste.manifest.Target;

/** Reading the settings the {@code ldap.*} functions share, with problems reported at their place. Stateless. */
final class Specs {
    private Specs() {
    }

    /** The {@code target:} setting: a declared {@code ldap} target, or {@code null} (problem reported). */
    static LdapTarget target(Settings settings) {
        Target t = settings.target("target", "ldap");
        return t == null ? null : t.definition(LdapTarget.class);
    }

    /** A template setting, or {@code null} (absent: a problem if required; invalid: a problem). */
    static Template template(Settings settings, String key, boolean required) {
        String text = required ? settings.string(key) : settings.string(key, null);
        return text == null ? null : template(settings, key, text);
    }

    static Template template(Settings settings, String key, String text) {
        try {
            return Template.parse(text);
        } catch (IllegalArgumentException e) {
            settings.problem(key, "'" + key + "': " + e.getMessage(), null);
            return null;
        }
    }

    /** A DN template: its literal parts must make a DN once the placeholders are filled. */
    static Template dn(Settings settings, String key, boolean required) {
        Template t = template(settings, key, required);
        if (t != null && !Render.validDn(sample(t, "x"))) {
            settings.problem(key, "'" + key + "' is not a DN template: '" + t + "'",
                    "e.g. uid={login},ou=people,dc=example,dc=org");
        }
        return t;
    }

    /** A filter template: its literal parts must make a filter once the placeholders are filled. */
    static Template filter(Settings settings, String key, boolean required) {
        Template t = template(settings, key, required);
        if (t != null) {
            try {
                Filter.create(sample(t, "x"));
            } catch (LDAPException e) {
                settings.problem(key, "'" + key + "' is not an LDAP filter template: '" + t + "'",
                        "e.g. (&(objectClass=inetOrgPerson)(employeeNumber={id}))");
            }
        }
        return t;
    }

    /** A base DN. */
    static String base(Settings settings, String key, boolean required) {
        String base = required ? settings.string(key) : settings.string(key, null);
        if (base != null && !Render.validDn(base)) {
            settings.problem(key, "'" + key + "' is not a DN: '" + base + "'", "e.g. ou=people,dc=example,dc=org");
        }
        return base;
    }

    /** A bound SQL query setting, or {@code null}. */
    static BoundQuery query(Settings settings, String key, boolean required) {
        String text = required ? settings.string(key) : settings.string(key, null);
        if (text == null) {
            return null;
        }
        try {
            return BoundQuery.parse(text);
        } catch (IllegalArgumentException e) {
            settings.problem(key, "'" + key + "': " + e.getMessage(), "write {{ and }} for literal braces");
            return null;
        }
    }

    /** A static filter setting, or {@code defaultFilter}. */
    static Filter staticFilter(Settings settings, String key, Filter defaultFilter) {
        String text = settings.string(key, null);
        if (text == null) {
            return defaultFilter;
        }
        try {
            return Filter.create(text);
        } catch (LDAPException e) {
            settings.problem(key, "'" + key + "' is not an LDAP filter: " + e.getMessage(), null);
            return defaultFilter;
        }
    }

    /** An attribute name: a descriptor or an OID (checked against the schema when the function starts). */
    static String attribute(Settings settings, String key, String defaultValue) {
        String name = defaultValue == null ? settings.string(key) : settings.string(key, defaultValue);
        if (name != null && !name.matches("[A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)*")) {
            settings.problem(key, "'" + key + "' is not an attribute name: '" + name + "'", "e.g. mail");
        }
        return name;
    }

    private static String sample(Template t, String value) {
        StringBuilder out = new StringBuilder();
        for (Template.Part p : t.parts()) {
            out.append(p instanceof Template.Text x ? x.text() : value);
        }
        return out.toString();
    }
}
