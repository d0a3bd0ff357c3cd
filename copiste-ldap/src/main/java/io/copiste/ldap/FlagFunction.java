package io.copiste.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import io.copiste.function.Change;
import io.copiste.function.Function;
import io.copiste.function.FunctionException;
import io.copiste.function.Row;
import io.copiste.ldap.FlagProvider.Definition;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running {@code ldap.flag} function of one binding. For every entry a change touches (the old row's and the
 * new row's, so an update that moves ownership clears the old entry and sets the new), the referencing rows are
 * counted <em>now</em>, on the source's committed state, and the value is added (count above zero) or deleted
 * (zero) with an add-value / delete-value operation. Re-applying converges. Not thread-safe.
 */
final class FlagFunction implements Function {
    private final Definition def;
    private final BoundQuery count;
    private final Directory dir;
    private final Source source;
    private final Missing missing;

    FlagFunction(Definition def, BoundQuery count, Directory dir, Source source, Missing missing) {
        this.def = def;
        this.count = count;
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
                update(e.getKey(), e.getValue(), c);
            }
        });
    }

    private void collect(Row row, Change change, Map<String, Scope> out) throws SQLException, FunctionException {
        if (row == null) {
            return;
        }
        Scope rowScope = Scope.of(row, change);
        for (Scope s : def.entry().scopes(rowScope, source)) {
            String dn = def.entry().dn(s);
            if (dn != null) {
                out.putIfAbsent(dn, rowScope);
            }
        }
    }

    private void update(String dn, Scope rowScope, Change change) throws SQLException, LDAPException,
            FunctionException {
        long n = 0;
        for (Map<String, Object> r : count.rows(source.connection(), rowScope)) {
            Object v = r.values().iterator().next();
            n += v instanceof Number num ? num.longValue() : v == null ? 0 : 1;
        }
        List<byte[]> value = List.of(LdapValues.bytes(def.value()));
        if (n > 0) {
            try {
                dir.addValues(dn, def.attribute(), value, List.of());
                missing.found();
            } catch (LDAPException e) {
                if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
                    throw e;
                }
                missing.entry(dn, change);
            }
        } else {
            dir.deleteValues(dn, def.attribute(), value);
        }
    }

    @Override
    public void close() {
        dir.close();
        source.close();
    }
}
