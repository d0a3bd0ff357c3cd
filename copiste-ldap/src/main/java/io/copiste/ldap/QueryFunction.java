package io.copiste.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import io.copiste.function.Change;
import io.copiste.function.Function;
import io.copiste.function.FunctionException;
import io.copiste.function.Row;
import io.copiste.ldap.QueryProvider.Definition;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running {@code ldap.query} function of one binding. For every entry a change touches (the old row's and the
 * new row's), the query runs now, on the source's committed state — so deletes recompute too — and its values
 * replace the attribute (no value: the attribute is removed). A NULL or unmatched join means no entry: skipped
 * quietly. Re-applying converges. Not thread-safe.
 */
final class QueryFunction implements Function {
    private final Definition def;
    private final Directory dir;
    private final Source source;
    private final Missing missing;

    QueryFunction(Definition def, Directory dir, Source source, Missing missing) {
        this.def = def;
        this.dir = dir;
        this.source = source;
        this.missing = missing;
    }

    @Override
    public void apply(List<Change> changes) throws Exception {
        Apply.each(changes, source, c -> {
            Map<String, Scope> entries = new LinkedHashMap<>();
            collect(c.oldRow(), c, entries);
            collect(c.newRow(), c, entries);
            for (Map.Entry<String, Scope> e : entries.entrySet()) {
                recompute(e.getKey(), e.getValue(), c);
            }
        });
    }

    private void collect(Row row, Change change, Map<String, Scope> out) throws SQLException, FunctionException {
        if (row == null) {
            return;
        }
        for (Scope s : def.entry().scopes(Scope.of(row, change), source)) {
            String dn = def.entry().dn(s);
            if (dn != null) {
                out.putIfAbsent(dn, s);
            }
        }
    }

    private void recompute(String dn, Scope scope, Change change) throws SQLException, LDAPException,
            FunctionException {
        List<byte[]> values = dir.distinct(def.attribute(), def.query().values(source.connection(), scope));
        try {
            dir.modify(dn, List.of(new Modification(ModificationType.REPLACE, def.attribute(),
                    values.toArray(new byte[0][]))));
            missing.found();
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
                throw e;
            }
            if (!values.isEmpty()) {
                missing.entry(dn, change);
            }
        }
    }

    @Override
    public void close() {
        dir.close();
        source.close();
    }
}
