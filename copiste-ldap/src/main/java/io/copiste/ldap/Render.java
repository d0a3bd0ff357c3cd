package io.copiste.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.RDN;
import io.copiste.function.Template;

/**
 * Fills a {@link Template} with a {@link Scope}'s values, escaping each substituted value for where it goes: a DN
 * attribute value (RFC 4514), a filter assertion value (RFC 4515), or plain text (attribute values). Literal text
 * of the template is written as it is: it is the manifest author's DN or filter. The escaping is UnboundID's
 * ({@link RDN}, {@link Filter#encodeValue}), not ours. Stateless.
 */
final class Render {
    /** Where the rendered text goes. */
    enum Mode {
        /** An attribute value: no escaping. */
        TEXT,
        /** A DN: values escaped as RDN attribute values (RFC 4514). */
        DN,
        /** A search filter: values escaped as assertion values (RFC 4515). */
        FILTER
    }

    private Render() {
    }

    /**
     * The template filled in; {@code null} if a placeholder's value is NULL or missing (the value, DN or filter
     * does not exist for this row).
     */
    static String render(Template template, Scope scope, Mode mode) {
        StringBuilder out = new StringBuilder();
        for (Template.Part part : template.parts()) {
            if (part instanceof Template.Text t) {
                out.append(t.text());
            } else if (part instanceof Template.Field f) {
                String value = f.column() == null ? scope.word(f.source())
                        : LdapValues.text(scope.value(f.source(), f.column()));
                if (value == null) {
                    return null;
                }
                out.append(escape(value, mode));
            }
        }
        return out.toString();
    }

    static String escape(String value, Mode mode) {
        return switch (mode) {
            case TEXT -> value;
            case FILTER -> Filter.encodeValue(value);
            case DN -> escapeDnValue(value);
        };
    }

    /** An RDN attribute value escaped per RFC 4514, as UnboundID writes it. */
    static String escapeDnValue(String value) {
        String rdn = new RDN("x", value).toString();
        return rdn.substring(2);
    }

    /** Whether text is a valid DN; a template's literal parts decide, values are escaped. */
    static boolean validDn(String text) {
        return DN.isValidDN(text);
    }
}
