package io.copiste.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import io.copiste.function.Change;
import io.copiste.function.Function;
import io.copiste.function.FunctionException;
import io.copiste.function.Row;
import io.copiste.ldap.ValuesProvider.Definition;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running {@code ldap.values} / {@code ldap.members} function of one binding: an insert adds the row's value to
 * its entry, a delete removes it, an update that changes the value or the entry moves it (removed from the old
 * entry, added to the new). Only add-value and delete-value operations are sent, never a read-modify-write, so
 * concurrent writers to the same attribute are not overwritten; both are idempotent (a value already there, or
 * already gone, is fine). Not thread-safe.
 */
final class ValuesFunction implements Function {
    private final Definition def;
    private final Directory dir;
    private final Source source;
    private final Missing missing;

    ValuesFunction(Definition def, Directory dir, Source source, Missing missing) {
        this.def = def;
        this.dir = dir;
        this.source = source;
        this.missing = missing;
    }

    @Override
    public void apply(List<Change> changes) throws Exception {
        Apply.each(changes, source, c -> {
            switch (c.operation()) {
                case INSERT, SNAPSHOT -> add(values(c.newRow(), c), c);
                case DELETE -> remove(values(c.oldRow(), c));
                case UPDATE -> {
                    Map<String, List<byte[]>> before = values(c.oldRow(), c);
                    Map<String, List<byte[]>> after = values(c.newRow(), c);
                    if (!same(before, after)) {
                        remove(before);
                        add(after, c);
                    }
                }
                case TRUNCATE -> {
                }
            }
        });
    }

    /** The values a row gives, by entry DN. */
    private Map<String, List<byte[]>> values(Row row, Change change) throws SQLException, FunctionException {
        Map<String, List<byte[]>> out = new LinkedHashMap<>();
        for (Scope scope : def.entry().scopes(Scope.of(row, change), source)) {
            String dn = def.entry().dn(scope);
            if (dn == null) {
                continue;
            }
            List<byte[]> values;
            if (def.column() != null) {
                values = LdapValues.values(scope.value("row", def.column()));
            } else {
                String text = Render.render(def.value(), scope, def.dnValued() ? Render.Mode.DN : Render.Mode.TEXT);
                values = text == null ? List.of() : List.of(LdapValues.bytes(text));
            }
            if (!values.isEmpty()) {
                out.computeIfAbsent(dn, k -> new ArrayList<>()).addAll(values);
            }
        }
        return out;
    }

    private static boolean same(Map<String, List<byte[]>> a, Map<String, List<byte[]>> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, List<byte[]>> e : a.entrySet()) {
            List<byte[]> other = b.get(e.getKey());
            if (other.size() != e.getValue().size()) {
                return false;
            }
            for (int i = 0; i < other.size(); i++) {
                if (!Arrays.equals(other.get(i), e.getValue().get(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    private void add(Map<String, List<byte[]>> values, Change change) throws LDAPException, FunctionException {
        for (Map.Entry<String, List<byte[]>> e : values.entrySet()) {
            String dn = e.getKey();
            try {
                dir.addValues(dn, def.attribute(), dir.distinct(def.attribute(), e.getValue()), List.of());
                missing.found();
            } catch (LDAPException x) {
                if (x.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
                    throw x;
                }
                missing.entry(dn, change);
                continue;
            }
            if (def.mustHaveValue()) {
                byte[] stand = LdapValues.bytes(placeholder(dn));
                if (e.getValue().stream().noneMatch(v -> Arrays.equals(v, stand))) {
                    dir.deleteValues(dn, def.attribute(), List.of(stand));
                }
            }
        }
    }

    private void remove(Map<String, List<byte[]>> values) throws LDAPException {
        for (Map.Entry<String, List<byte[]>> e : values.entrySet()) {
            try {
                dir.deleteValues(e.getKey(), def.attribute(), e.getValue());
                if (def.mustHaveValue()) {
                    // servers that do not refuse removing the last member: the placeholder stands in
                    com.unboundid.ldap.sdk.Entry now = dir.get(e.getKey(), def.attribute());
                    if (now != null && now.getAttribute(def.attribute()) == null) {
                        dir.addValues(e.getKey(), def.attribute(),
                                List.of(LdapValues.bytes(placeholder(e.getKey()))), List.of());
                    }
                }
            } catch (LDAPException x) {
                if (!def.mustHaveValue() || x.getResultCode() != ResultCode.OBJECT_CLASS_VIOLATION) {
                    throw x;
                }
                // the last member of a groupOfNames: the placeholder stands in, in the same request
                List<Modification> mods = List.of(
                        new Modification(ModificationType.ADD, def.attribute(), placeholder(e.getKey())),
                        new Modification(ModificationType.DELETE, def.attribute(),
                                e.getValue().toArray(new byte[0][])));
                dir.modify(e.getKey(), mods);
            }
        }
    }

    private String placeholder(String groupDn) {
        return def.placeholder() != null ? def.placeholder() : groupDn;
    }

    @Override
    public void close() {
        dir.close();
        source.close();
    }
}
