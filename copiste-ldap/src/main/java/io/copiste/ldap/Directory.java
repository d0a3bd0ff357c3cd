package io.copiste.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One function's view of an LDAP target: a connection pool opened on first use (so that a directory that is down
 * when {@code copiste run} starts only delays delivery), the server's schema for attribute names and matching
 * rules, and the idempotent operations the functions are made of. Operations throw {@link LDAPException}; callers
 * turn them into {@link io.copiste.function.FunctionException}s with {@link LdapErrors}. Not thread-safe.
 */
final class Directory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Directory.class);
    private final LdapTarget target;
    private LDAPConnectionPool pool;
    private Schema schema;

    Directory(LdapTarget target) {
        this.target = target;
    }

    LdapTarget target() {
        return target;
    }

    private LDAPConnectionPool pool() throws LDAPException {
        if (pool == null) {
            pool = target.openPool();
            try {
                schema = pool.getSchema();
            } catch (LDAPException e) {
                LOG.debug("cannot read the schema of {}: {}", target.describe(), e.getMessage());
            }
            if (schema == null) {
                schema = Schema.getDefaultStandardSchema();
            }
        }
        return pool;
    }

    /** The server's schema (the standard schema if it publishes none). */
    Schema schema() throws LDAPException {
        pool();
        return schema;
    }

    /**
     * The name an attribute is known by in the schema — its first name, so that {@code gn} and {@code givenName}
     * (or {@code GIVENNAME}) are the same attribute — or the name lower-cased if the schema does not know it.
     */
    String canonical(String name) throws LDAPException {
        AttributeTypeDefinition type = schema().getAttributeType(name);
        return type != null ? type.getNameOrOID() : name;
    }

    /** Whether two names denote the same attribute. */
    boolean sameAttribute(String a, String b) throws LDAPException {
        return canonical(a).equalsIgnoreCase(canonical(b));
    }

    MatchingRule matchingRule(String attribute) throws LDAPException {
        return MatchingRule.selectEqualityMatchingRule(attribute, schema());
    }

    /** The entry with the listed attributes, or {@code null} if it (or its parent) does not exist. */
    Entry get(String dn, String... attributes) throws LDAPException {
        try {
            return pool().getEntry(dn, attributes);
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return null;
            }
            throw e;
        }
    }

    /** The entries under {@code base} (subtree) matching {@code filter}, at most {@code limit}. */
    List<SearchResultEntry> search(String base, Filter filter, int limit, String... attributes) throws LDAPException {
        SearchRequest request = new SearchRequest(base, SearchScope.SUB, filter, attributes);
        request.setSizeLimit(limit);
        try {
            return pool().search(request).getSearchEntries();
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return List.of();
            }
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED && e instanceof com.unboundid.ldap.sdk.LDAPSearchException se) {
                return se.getSearchEntries();
            }
            throw e;
        }
    }

    /** Every DN under {@code base} (subtree, base excluded) matching {@code filter}, page by page. */
    void scan(String base, Filter filter, Consumer<String> dns) throws LDAPException {
        ASN1OctetString cookie = null;
        DN baseDn = new DN(base);
        do {
            SearchRequest request = new SearchRequest(base, SearchScope.SUB, filter, SearchRequest.NO_ATTRIBUTES);
            request.setControls(new Control[] {new SimplePagedResultsControl(500, cookie)});
            SearchResult result;
            try {
                result = pool().search(request);
            } catch (LDAPException e) {
                if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                    return;
                }
                throw e;
            }
            for (SearchResultEntry e : result.getSearchEntries()) {
                if (!e.getParsedDN().equals(baseDn)) {
                    dns.accept(e.getDN());
                }
            }
            SimplePagedResultsControl paged = SimplePagedResultsControl.get(result);
            cookie = paged == null || paged.getCookie().getValueLength() == 0 ? null : paged.getCookie();
        } while (cookie != null);
    }

    void add(Entry entry) throws LDAPException {
        pool().add(entry);
    }

    void modify(String dn, List<Modification> modifications) throws LDAPException {
        if (!modifications.isEmpty()) {
            pool().modify(dn, modifications);
        }
    }

    /** Renames {@code from} to {@code to}, moving it under another parent if needed; the old RDN value goes. */
    void rename(String from, String to) throws LDAPException {
        DN source = new DN(from);
        DN dest = new DN(to);
        String newSuperior = source.getParent() != null && source.getParent().equals(dest.getParent()) ? null
                : dest.getParentString();
        pool().modifyDN(new ModifyDNRequest(from, dest.getRDNString(), true, newSuperior));
    }

    /** Deletes an entry; {@code false} if it did not exist. */
    boolean delete(String dn) throws LDAPException {
        try {
            pool().delete(new DeleteRequest(dn));
            return true;
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Adds values with one LDAP add-value modification (no read-modify-write); values already there are fine.
     * Extra modifications ({@code also}) go in the same request.
     */
    void addValues(String dn, String attribute, List<byte[]> values, List<Modification> also) throws LDAPException {
        if (values.isEmpty() && also.isEmpty()) {
            return;
        }
        List<Modification> mods = new ArrayList<>(also);
        if (!values.isEmpty()) {
            mods.add(new Modification(ModificationType.ADD, attribute, values.toArray(new byte[0][])));
        }
        try {
            pool().modify(dn, mods);
        } catch (LDAPException e) {
            if (e.getResultCode() != ResultCode.ATTRIBUTE_OR_VALUE_EXISTS) {
                throw e;
            }
            // some value was there already: add them one by one
            for (Modification m : also) {
                modifyTolerant(dn, m);
            }
            for (byte[] v : values) {
                modifyTolerant(dn, new Modification(ModificationType.ADD, attribute, v));
            }
        }
    }

    /** Deletes values with LDAP delete-value modifications; values (or an entry) already gone are fine. */
    void deleteValues(String dn, String attribute, List<byte[]> values) throws LDAPException {
        if (values.isEmpty()) {
            return;
        }
        try {
            pool().modify(dn, new Modification(ModificationType.DELETE, attribute, values.toArray(new byte[0][])));
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
                return;
            }
            if (e.getResultCode() != ResultCode.NO_SUCH_ATTRIBUTE || values.size() == 1) {
                if (e.getResultCode() == ResultCode.NO_SUCH_ATTRIBUTE) {
                    return;
                }
                throw e;
            }
            for (byte[] v : values) {
                modifyTolerant(dn, new Modification(ModificationType.DELETE, attribute, v));
            }
        }
    }

    private void modifyTolerant(String dn, Modification m) throws LDAPException {
        try {
            pool().modify(dn, m);
        } catch (LDAPException e) {
            ResultCode c = e.getResultCode();
            if (c != ResultCode.ATTRIBUTE_OR_VALUE_EXISTS && c != ResultCode.NO_SUCH_ATTRIBUTE) {
                throw e;
            }
        }
    }

    /** Whether {@code current} holds exactly {@code wanted}, compared by the attribute's equality matching rule. */
    boolean sameValues(Attribute current, String name, List<byte[]> wanted) throws LDAPException {
        List<byte[]> have = current == null ? List.of() : List.of(current.getValueByteArrays());
        if (have.size() != wanted.size()) {
            return false;
        }
        MatchingRule rule = matchingRule(name);
        for (byte[] w : wanted) {
            boolean found = false;
            for (byte[] h : have) {
                if (rule.valuesMatch(new ASN1OctetString(w), new ASN1OctetString(h))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** {@code wanted} without duplicates under the attribute's matching rule, first occurrence kept. */
    List<byte[]> distinct(String name, List<byte[]> wanted) throws LDAPException {
        if (wanted.size() < 2) {
            return wanted;
        }
        MatchingRule rule = matchingRule(name);
        List<byte[]> out = new ArrayList<>();
        for (byte[] w : wanted) {
            boolean dup = false;
            for (byte[] o : out) {
                if (rule.valuesMatch(new ASN1OctetString(w), new ASN1OctetString(o))) {
                    dup = true;
                    break;
                }
            }
            if (!dup) {
                out.add(w);
            }
        }
        return out;
    }

    /** The normalized form of a DN (for comparing and as a prune identity). */
    String normalize(String dn) throws LDAPException {
        return DN.normalize(dn, schema());
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }
}
