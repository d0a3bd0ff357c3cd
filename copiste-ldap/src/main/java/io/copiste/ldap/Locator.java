package io.copiste.ldap;

import com.unboundid.ldap.sdk.DN;
import io.copiste.function.FunctionException;
import io.copiste.function.Template;
import io.copiste.manifest.Settings;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How {@code ldap.flag}, {@code ldap.values}, {@code ldap.query} and {@code ldap.members} find the entry a row
 * is about: a {@code dn} template over the row's columns, or over the columns of a {@code join} query run with the
 * row's values bound (e.g. {@code SELECT login FROM people WHERE id = {person_id}}: the entry of a child row is
 * found through its parent). A join that returns no row, or a NULL in the DN, means "no entry": the change is
 * skipped quietly. Immutable.
 *
 * @param dn   the DN template
 * @param join the join query, or {@code null}
 */
record Locator(Template dn, BoundQuery join) {
    static Locator read(Settings settings, String dnKey) {
        return new Locator(Specs.dn(settings, dnKey, true), Specs.query(settings, "join", false));
    }

    /** The bound table's columns that identify the entry (the join's parameters, else the DN's columns). */
    Set<String> keyColumns() {
        if (join != null) {
            return join.columns();
        }
        return dn == null ? Set.of() : dn.columns();
    }

    Set<String> columns() {
        Set<String> out = new LinkedHashSet<>();
        if (join != null) {
            out.addAll(join.columns());
        } else if (dn != null) {
            out.addAll(dn.columns());
        }
        return out;
    }

    /** The scopes of the entries a row refers to: the row itself, or one per join result row. */
    List<Scope> scopes(Scope row, Source source) throws SQLException {
        if (join == null) {
            return List.of(row);
        }
        List<Scope> out = new ArrayList<>();
        for (Map<String, Object> r : join.rows(source.connection(), row)) {
            out.add(row.with(r));
        }
        return out;
    }

    /** The entry's DN in a scope, or {@code null} when a value it needs is NULL. */
    String dn(Scope scope) throws FunctionException {
        String text = Render.render(dn, scope, Render.Mode.DN);
        if (text != null && !DN.isValidDN(text)) {
            throw Apply.permanent("the dn template '" + dn + "' gave an invalid DN: " + text);
        }
        return text;
    }
}
