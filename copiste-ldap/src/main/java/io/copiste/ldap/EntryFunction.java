package io.copiste.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.function.Change;
import io.copiste.function.Function;
import io.copiste.function.FunctionContext;
import io.copiste.function.FunctionException;
import io.copiste.function.Prunable;
import io.copiste.function.Row;
import io.copiste.ldap.EntryProvider.Definition;
import io.copiste.ldap.EntryProvider.Mapped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The running {@code ldap.entry} function of one binding.
 *
 * <p>Every change is applied idempotently, so a redelivery converges: an insert (or an init snapshot row) creates
 * the entry or, if it exists, brings it to the mapped state; an update renames the entry when its DN changes and
 * then modifies only the attributes whose values differ from the directory's (compared by the attributes'
 * matching rules); a delete of a missing entry is fine. Not thread-safe (one thread at a time, as the engine calls).
 */
final class EntryFunction implements Function, Prunable {
    private static final Logger LOG = LoggerFactory.getLogger(EntryFunction.class);
    private final Definition def;
    private final Directory dir;
    private final Source source;
    private final FunctionContext context;
    /** Canonical attribute name → where its values come from; resolved against the schema on first use. */
    private Map<String, List<Mapped>> mapped;
    private String disableAttribute;
    private boolean truncateWarned;

    EntryFunction(Definition def, Directory dir, Source source, FunctionContext context) {
        this.def = def;
        this.dir = dir;
        this.source = source;
        this.context = context;
    }

    @Override
    public void apply(List<Change> changes) throws Exception {
        Apply.each(changes, source, c -> {
            switch (c.operation()) {
                case INSERT, SNAPSHOT -> upsert(null, c.newRow(), c);
                case UPDATE -> upsert(c.oldRow(), c.newRow(), c);
                case DELETE -> remove(c.oldRow(), c);
                case TRUNCATE -> {
                    if (!truncateWarned) {
                        LOG.warn("binding '{}': a truncate of {} is not propagated to the directory; run"
                                + " 'copiste init --prune' to remove the entries", context.binding(), c.table());
                        truncateWarned = true;
                    }
                }
            }
        });
    }

    private Map<String, List<Mapped>> mapped() throws LDAPException {
        if (mapped == null) {
            Map<String, List<Mapped>> out = new LinkedHashMap<>();
            for (Mapped m : def.sources()) {
                out.computeIfAbsent(dir.canonical(m.attribute()), k -> new ArrayList<>()).add(m);
            }
            mapped = out;
            disableAttribute = def.disable() == null ? null : dir.canonical(def.disable().attribute());
        }
        return mapped;
    }

    /** The DN a row maps to; a permanent failure if the DN template meets a NULL. */
    private String dnOf(Scope scope) throws FunctionException {
        String dn = Render.render(def.dn(), scope, Render.Mode.DN);
        if (dn == null) {
            throw Apply.permanent("the dn template '" + def.dn() + "' refers to a NULL or missing column");
        }
        if (!DN.isValidDN(dn)) {
            throw Apply.permanent("the dn template '" + def.dn() + "' gave an invalid DN: " + dn);
        }
        return dn;
    }

    /** The DN of the entry that exists for this row, or {@code null}. */
    private String locate(Scope scope) throws LDAPException, FunctionException {
        if (def.match() == null) {
            String dn = dnOf(scope);
            return dir.get(dn, "1.1") != null ? dn : null;
        }
        String filter = Render.render(def.match(), scope, Render.Mode.FILTER);
        if (filter == null) {
            return null;
        }
        List<SearchResultEntry> found = dir.search(def.base(), Filter.create(filter), 2, "1.1");
        if (found.size() > 1) {
            throw Apply.permanent("the match filter " + filter + " finds several entries under " + def.base()
                    + "; make it select one entry per row");
        }
        return found.isEmpty() ? null : found.get(0).getDN();
    }

    private void upsert(Row old, Row row, Change change) throws LDAPException, SQLException, FunctionException {
        Map<String, List<Mapped>> attrs = mapped();
        Scope scope = Scope.of(row, change);
        String dn = dnOf(scope);
        // a new row found by its DN: add at once (one round trip); the add says if the entry exists after all
        String existing = old == null && def.match() == null ? null : locate(scope);
        if (existing == null && old != null) {
            existing = locate(Scope.of(old, change));
        }
        if (existing != null && !DN.equals(existing, dn, dir.schema())) {
            dir.rename(existing, dn);
        }
        Map<String, List<byte[]>> wanted = new LinkedHashMap<>();
        for (Map.Entry<String, List<Mapped>> e : attrs.entrySet()) {
            List<byte[]> values = new ArrayList<>();
            for (Mapped m : e.getValue()) {
                values.addAll(values(m, scope));
            }
            wanted.put(e.getKey(), dir.distinct(e.getKey(), values));
        }
        if (existing == null) {
            try {
                dir.add(entry(dn, wanted));
                return;
            } catch (LDAPException e) {
                if (e.getResultCode() != ResultCode.ENTRY_ALREADY_EXISTS) {
                    throw e;
                }
            }
        }
        Set<String> read = new LinkedHashSet<>(attrs.keySet());
        read.add("objectClass");
        if (disableAttribute != null) {
            read.add(disableAttribute);
        }
        Entry current = dir.get(dn, read.toArray(new String[0]));
        if (current == null) {
            dir.add(entry(dn, wanted));
            return;
        }
        dir.modify(dn, modifications(current, wanted));
    }

    private List<byte[]> values(Mapped m, Scope scope) throws SQLException {
        if (m.column() != null) {
            return LdapValues.values(scope.value("row", m.column()));
        }
        if (m.template() != null) {
            String text = Render.render(m.template(), scope, Render.Mode.TEXT);
            return text == null ? List.of() : List.of(LdapValues.bytes(text));
        }
        return m.lookup().values(source.connection(), scope);
    }

    private Entry entry(String dn, Map<String, List<byte[]>> wanted) {
        Entry e = new Entry(dn);
        e.addAttribute("objectClass", def.objectClasses().toArray(new String[0]));
        def.constants().forEach((name, values) -> {
            if (!values.isEmpty()) {
                e.addAttribute(name, values.toArray(new String[0]));
            }
        });
        wanted.forEach((name, values) -> {
            if (!values.isEmpty()) {
                e.setAttribute(new Attribute(name, values.toArray(new byte[0][])));
            }
        });
        return e;
    }

    private List<Modification> modifications(Entry current, Map<String, List<byte[]>> wanted) throws LDAPException {
        List<Modification> mods = new ArrayList<>();
        List<String> missingClasses = new ArrayList<>();
        for (String oc : def.objectClasses()) {
            if (!current.hasAttributeValue("objectClass", oc, dir.matchingRule("objectClass"))) {
                missingClasses.add(oc);
            }
        }
        if (!missingClasses.isEmpty()) {
            mods.add(new Modification(ModificationType.ADD, "objectClass", missingClasses.toArray(new String[0])));
        }
        for (Map.Entry<String, List<byte[]>> e : wanted.entrySet()) {
            Attribute have = current.getAttribute(e.getKey(), dir.schema());
            if (e.getValue().isEmpty()) {
                if (have != null) {
                    mods.add(new Modification(ModificationType.DELETE, e.getKey()));
                }
            } else if (!dir.sameValues(have, e.getKey(), e.getValue())) {
                mods.add(new Modification(ModificationType.REPLACE, e.getKey(), e.getValue().toArray(new byte[0][])));
            }
        }
        // an entry disabled by an earlier delete comes back alive: its disabling value goes
        if (def.disable() != null && def.disable().value() != null && !wanted.containsKey(disableAttribute)) {
            Attribute have = current.getAttribute(disableAttribute, dir.schema());
            if (have != null && have.hasValue(def.disable().value(), dir.matchingRule(disableAttribute))) {
                mods.add(new Modification(ModificationType.DELETE, disableAttribute, def.disable().value()));
            }
        }
        return mods;
    }

    private void remove(Row old, Change change) throws LDAPException, FunctionException {
        mapped();
        Scope scope = Scope.of(old, change);
        String dn = def.match() == null ? Render.render(def.dn(), scope, Render.Mode.DN) : locate(scope);
        if (dn == null || !DN.isValidDN(dn)) {
            return;
        }
        switch (def.onDelete()) {
            case DELETE -> dir.delete(dn);
            case IGNORE -> {
            }
            case DISABLE -> {
                Modification m = def.disable().value() == null
                        ? new Modification(ModificationType.REPLACE, disableAttribute)
                        : new Modification(ModificationType.REPLACE, disableAttribute, def.disable().value());
                try {
                    dir.modify(dn, List.of(m));
                } catch (LDAPException e) {
                    if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) {
                        throw e;
                    }
                }
            }
        }
    }

    // --- init --prune -------------------------------------------------------------------------------------------

    @Override
    public String identity(Row row) throws Exception {
        String dn = Render.render(def.dn(), Scope.of(row, null), Render.Mode.DN);
        try {
            return dn == null || !DN.isValidDN(dn) ? null : dir.normalize(dn);
        } catch (LDAPException e) {
            throw LdapErrors.failure("normalizing " + dn, e, null);
        }
    }

    @Override
    public void scan(Consumer<String> identities) throws Exception {
        if (def.base() == null) {
            throw new CopisteException(ErrorCode.USAGE, "binding '" + context.binding() + "': ldap.entry needs a"
                    + " 'base' to list its entries for --prune", "add 'base:' (the subtree its entries live in)");
        }
        try {
            dir.scan(def.base(), def.pruneFilter(), dn -> {
                try {
                    identities.accept(dir.normalize(dn));
                } catch (LDAPException e) {
                    identities.accept(dn);
                }
            });
        } catch (LDAPException e) {
            throw LdapErrors.failure("listing " + def.base(), e, null);
        }
    }

    @Override
    public void remove(List<String> identities) throws Exception {
        for (String dn : identities) {
            try {
                dir.delete(dn);
            } catch (LDAPException e) {
                throw LdapErrors.failure("deleting " + dn, e, null);
            }
        }
    }

    @Override
    public void close() {
        dir.close();
        source.close();
    }
}
