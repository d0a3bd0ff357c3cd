package io.copiste.bench;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import io.copiste.Copiste;
import io.copiste.engine.RunOptions;
import io.copiste.init.InitOptions;
import io.copiste.init.InitProgress;
import io.copiste.testkit.PostgresServer;
import io.copiste.testkit.Slapd;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * Scenario 7: {@code ldap.entry} into OpenLDAP's slapd. Entries per second for {@code copiste init} of N people
 * and for a live stream of M inserted people (the daemon running), against the rate at which the same slapd takes
 * the same entries from one client adding them one after the other (UnboundID, synchronous adds).
 */
final class LdapBench {
    private static final String PEOPLE = "ou=people," + Slapd.SUFFIX;

    private LdapBench() {
    }

    static List<Result> run(PostgresServer source, Options o) throws Exception {
        if (!Files.isExecutable(Slapd.binary())) {
            return List.of(Result.notMeasured("ldap.entry into slapd", Slapd.binary() + " is missing (apt-get install"
                    + " slapd)"));
        }
        int n = o.integer("ldap-rows");
        int live = o.integer("ldap-live-rows");
        String db = source.createDatabase("ldap");
        source.execute(db, "CREATE TABLE people (id int PRIMARY KEY, login text NOT NULL, name text NOT NULL,"
                        + " surname text NOT NULL, email text)",
                "INSERT INTO people SELECT g, 'user' || g, 'User ' || g, 'U' || g, 'user' || g || '@example.org'"
                        + " FROM generate_series(1, " + n + ") g", "VACUUM ANALYZE people");
        try (Slapd slapd = Slapd.start(Duration.ofSeconds(30))) {
            try (LDAPConnection c = slapd.connect()) {
                for (String ou : List.of("people", "raw")) {
                    c.add("ou=" + ou + "," + Slapd.SUFFIX, new Attribute("objectClass", "organizationalUnit"),
                            new Attribute("ou", ou));
                }
            }
            double raw = rawAdds(slapd, n);
            Bench.log("ldap: " + n + " plain adds in " + Stats.number(raw) + " s");

            Path secret = Files.createTempFile("copiste-bench-ldap", ".secret");
            Files.writeString(secret, Slapd.ADMIN_PASSWORD);
            Copiste copiste = Db.copiste(source, db, """
                    pipeline: ldap
                    targets:
                      dir: {type: ldap, url: '%s', bindDn: '%s', password: '${file:%s}'}
                    bindings:
                      - name: people
                        table: people
                        function:
                          type: ldap.entry
                          target: dir
                          base: %s
                          dn: uid={login},%s
                          objectClasses: [inetOrgPerson]
                          attributes: {cn: name, sn: surname, mail: email, employeeNumber: id}
                    """.formatted(slapd.url(), Slapd.ADMIN_DN, secret, PEOPLE, PEOPLE));
            try {
                copiste.install();
                long t0 = System.nanoTime();
                copiste.init(InitOptions.DEFAULTS, InitProgress.NONE);
                double init = Db.seconds(System.nanoTime() - t0);
                expectEntries(slapd, n);
                Bench.log("ldap: init of " + n + " entries in " + Stats.number(init) + " s");

                double stream;
                try (Db.Running running = Db.start(copiste, RunOptions.DEFAULTS);
                     Connection c = source.connect(db); Statement st = c.createStatement()) {
                    long t1 = System.nanoTime();
                    for (int from = n + 1; from <= n + live; from += 100) {
                        st.execute("INSERT INTO people SELECT g, 'user' || g, 'User ' || g, 'U' || g, 'user' || g ||"
                                + " '@example.org' FROM generate_series(" + from + ", " + Math.min(n + live, from + 99)
                                + ") g");
                    }
                    while (copiste.status().queued() > 0) {
                        Thread.sleep(20);
                    }
                    stream = Db.seconds(System.nanoTime() - t1);
                }
                expectEntries(slapd, n + live);
                Bench.log("ldap: live stream of " + live + " entries in " + Stats.number(stream) + " s");
                String peer = Stats.number(n / raw) + " entries/s (" + Stats.count(n)
                        + " adds, one client, one after the other)";
                return List.of(
                        new Result("ldap.entry into OpenLDAP slapd: `copiste init` of " + Stats.count(n)
                                + " people (" + InitOptions.DEFAULTS.workers() + " workers) vs plain LDAP adds",
                                Stats.number(n / init) + " entries/s", peer, Stats.ratio(raw / init)
                                + " (rate vs plain adds)", "—", "(entries per second)"),
                        new Result("ldap.entry into OpenLDAP slapd: live stream of " + Stats.count(live)
                                + " inserted people (transactions of 100 rows), from the first insert until delivered",
                                Stats.number(live / stream) + " entries/s", peer, Stats.ratio((double) live / stream
                                / (n / raw)) + " (rate vs plain adds)", "—", "(entries per second)"));
            } finally {
                copiste.uninstall();
                Files.deleteIfExists(secret);
            }
        }
    }

    /** Seconds for one connection to add {@code n} entries like copiste's, one synchronous add after another. */
    private static double rawAdds(Slapd slapd, int n) throws Exception {
        try (LDAPConnection c = slapd.connect()) {
            long t0 = System.nanoTime();
            for (int i = 1; i <= n; i++) {
                c.add("uid=user" + i + ",ou=raw," + Slapd.SUFFIX, new Attribute("objectClass", "inetOrgPerson"),
                        new Attribute("uid", "user" + i), new Attribute("cn", "User " + i),
                        new Attribute("sn", "U" + i), new Attribute("mail", "user" + i + "@example.org"),
                        new Attribute("employeeNumber", Integer.toString(i)));
            }
            return Db.seconds(System.nanoTime() - t0);
        }
    }

    private static void expectEntries(Slapd slapd, int expected) throws Exception {
        try (LDAPConnection c = slapd.connect()) {
            SearchRequest request = new SearchRequest(PEOPLE, SearchScope.ONE, "(objectClass=inetOrgPerson)", "1.1");
            int found = c.search(request).getEntryCount();
            if (found != expected) {
                throw new IllegalStateException("expected " + expected + " entries under " + PEOPLE + ", found "
                        + found);
            }
        }
    }
}
