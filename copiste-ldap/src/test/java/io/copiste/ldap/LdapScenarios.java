package io.copiste.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.copiste.Copiste;
import io.copiste.db.Connector;
import io.copiste.engine.RunOptions;
import io.copiste.init.InitOptions;
import io.copiste.init.InitProgress;
import io.copiste.manifest.Manifest;
import io.copiste.testkit.Await;
import io.copiste.testkit.PostgresExtension;
import io.copiste.testkit.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The seed's LDAP scenarios, end to end: SQL writes on a real PostgreSQL, captured by copiste's triggers, delivered
 * by an in-process {@code copiste run}, and the directory checked by search. A subclass names the directory
 * server ({@link #directory()}); the scenarios themselves are in {@link LdapScenarioTests}.
 *
 * <p>The manifest ({@link #MANIFEST}) is the worked example of docs/ldap.md: people, mail aliases, a mailbox flag,
 * phone numbers recomputed from two tables, and groups with members.
 */
abstract class LdapScenarios {
    @RegisterExtension
    static final PostgresExtension PG = new PostgresExtension();
    @RegisterExtension
    final Engines engines = new Engines();

    static final String PEOPLE = "ou=people," + TestDirectory.SUFFIX;
    static final String GROUPS = "ou=groups," + TestDirectory.SUFFIX;

    /** The manifest's bindings; %s are the url, the bind DN and the password file. */
    static final String MANIFEST = """
            pipeline: directory
            targets:
              dir:
                type: ldap
                url: %s
                bindDn: %s
                password: ${file:%s}
            bindings:
              - name: people
                table: people
                function:
                  type: ldap.entry
                  target: dir
                  base: ou=people,dc=example,dc=org
                  dn: uid={login},ou=people,dc=example,dc=org
                  objectClasses: [inetOrgPerson, inetLocalMailRecipient]
                  attributes:
                    cn: full_name
                    sn: surname
                    gn: given_name
                    displayName: "{given_name} {surname}"
                    mail: email
                    employeeNumber: id
                    description: active
                    jpegPhoto: photo
                  lookups:
                    businessCategory: SELECT tag FROM person_tags WHERE person_id = {id} ORDER BY tag
                  onDelete: %s
                  %s
              - name: aliases
                table: mail_aliases
                function:
                  type: ldap.values
                  target: dir
                  join: SELECT login FROM people WHERE id = {person_id}
                  dn: uid={login},ou=people,dc=example,dc=org
                  attribute: mailLocalAddress
                  value: alias
              - name: mailboxes
                table: mailboxes
                function:
                  type: ldap.flag
                  target: dir
                  join: SELECT login FROM people WHERE id = {person_id}
                  dn: uid={login},ou=people,dc=example,dc=org
                  attribute: mailHost
                  value: mx.example.org
              - name: phones
                table: phones
                function:
                  type: ldap.query
                  target: dir
                  join: SELECT login FROM people WHERE id = {person_id}
                  dn: uid={login},ou=people,dc=example,dc=org
                  attribute: telephoneNumber
                  query: SELECT number FROM phones WHERE person_id = {person_id}
                    UNION SELECT number FROM mobiles WHERE person_id = {person_id}
              - name: mobiles
                table: mobiles
                function:
                  type: ldap.query
                  target: dir
                  join: SELECT login FROM people WHERE id = {person_id}
                  dn: uid={login},ou=people,dc=example,dc=org
                  attribute: telephoneNumber
                  query: SELECT number FROM phones WHERE person_id = {person_id}
                    UNION SELECT number FROM mobiles WHERE person_id = {person_id}
              - name: groups
                table: groups
                function:
                  type: ldap.entry
                  target: dir
                  base: ou=groups,dc=example,dc=org
                  dn: cn={name},ou=groups,dc=example,dc=org
                  objectClasses: [groupOfNames]
                  constants: {member: "cn=nobody,dc=example,dc=org"}
                  attributes: {description: description}
              - name: memberships
                table: memberships
                function:
                  type: ldap.members
                  target: dir
                  join: SELECT p.login, g.name FROM people p, groups g WHERE p.id = {person_id} AND g.id = {group_id}
                  group: cn={name},ou=groups,dc=example,dc=org
                  member: uid={login},ou=people,dc=example,dc=org
                  placeholder: cn=nobody,dc=example,dc=org
            """;

    static final String[] TABLES = {
        """
        CREATE TABLE people (id int PRIMARY KEY, login text NOT NULL, given_name text, surname text NOT NULL,
            full_name text NOT NULL, email text, active boolean, photo bytea)""",
        "CREATE TABLE person_tags (person_id int, tag text)",
        "CREATE TABLE mail_aliases (id serial PRIMARY KEY, person_id int, alias text)",
        "CREATE TABLE mailboxes (id serial PRIMARY KEY, person_id int)",
        "CREATE TABLE phones (id serial PRIMARY KEY, person_id int, number text)",
        "CREATE TABLE mobiles (id serial PRIMARY KEY, person_id int, number text)",
        "CREATE TABLE groups (id int PRIMARY KEY, name text NOT NULL, description text)",
        "CREATE TABLE memberships (person_id int, group_id int, PRIMARY KEY (person_id, group_id))",
    };

    String database;
    Copiste copiste;
    Path passwordFile;

    /** The directory the scenarios write into. */
    abstract TestDirectory directory();

    @BeforeEach
    void createDatabaseAndEmptyDirectory() throws Exception {
        database = PG.server().createDatabase("ldap");
        PG.server().execute(database, TABLES);
        passwordFile = Files.createTempFile("copiste-ldap", ".secret");
        Files.writeString(passwordFile, directory().password() + "\n");
        try (LDAPConnection c = directory().connect()) {
            for (String base : List.of(PEOPLE, GROUPS)) {
                List<SearchResultEntry> found = new ArrayList<>(c.search(base, SearchScope.ONE, "(objectClass=*)", "1.1")
                        .getSearchEntries());
                for (SearchResultEntry e : found) {
                    c.delete(e.getDN());
                }
            }
        }
    }

    @AfterEach
    void removePasswordFile() throws IOException {
        Files.deleteIfExists(passwordFile);
    }

    /** The manifest with people's {@code onDelete} and a line for {@code disable} (or a comment). */
    Copiste copiste(String onDelete, String disable) {
        PostgresServer s = PG.server();
        Manifest m = Manifest.parse(MANIFEST.formatted(directory().url(), directory().bindDn(), passwordFile, onDelete,
                disable), "directory.yaml");
        return Copiste.of(m, Connector.of(s.host(), s.port(), database, s.user()));
    }

    /** Installs the default manifest, runs init and starts {@code copiste run}. */
    void startDefault() {
        start(copiste("delete", "# no disable"));
    }

    void start(Copiste c) {
        copiste = c;
        c.install();
        c.init(InitOptions.DEFAULTS, InitProgress.NONE);
        engines.start(c, RunOptions.DEFAULTS.withBatchSize(100).withPoll(Duration.ofMillis(50))
                .withRetry(Duration.ofMillis(100), Duration.ofSeconds(1)));
    }

    void sql(String... statements) {
        PG.server().execute(database, statements);
    }

    static String person(String login) {
        return "uid=" + Render.escapeDnValue(login) + "," + PEOPLE;
    }

    static String group(String name) {
        return "cn=" + Render.escapeDnValue(name) + "," + GROUPS;
    }

    /** The entry's values of an attribute, sorted; {@code null} if the entry does not exist. */
    Set<String> values(String dn, String attribute) {
        try (LDAPConnection c = directory().connect()) {
            var e = c.getEntry(dn, attribute);
            if (e == null) {
                return null;
            }
            String[] v = e.getAttributeValues(attribute);
            return v == null ? Set.of() : new TreeSet<>(Arrays.asList(v));
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean exists(String dn) {
        return values(dn, "objectClass") != null;
    }

    /** The DNs under {@code base} (one level) matching {@code filter}, normalized and sorted. */
    Set<String> dns(String base, String filter) {
        try (LDAPConnection c = directory().connect()) {
            Set<String> out = new TreeSet<>();
            for (SearchResultEntry e : c.search(base, SearchScope.ONE, Filter.create(filter), "1.1").getSearchEntries()) {
                out.add(DN.normalize(e.getDN()));
            }
            return out;
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    static final Duration WAIT = Duration.ofSeconds(30);

    /** Waits until {@code actual} equals {@code expected}. */
    <T> void await(String what, T expected, Supplier<T> actual) {
        Object[] last = {null};
        try {
            Await.until(what + " = " + expected, WAIT, () -> {
                last[0] = actual.get();
                return expected.equals(last[0]);
            });
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(what + ": expected " + expected + " but was " + last[0], e);
        }
    }
}
