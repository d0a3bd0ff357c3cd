package io.copiste.ldap;

import io.copiste.testkit.Slapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.time.Duration;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The LDAP scenarios end to end against OpenLDAP's slapd (Debian's package, installed by {@code .ci/run}), including
 * a 30-second outage of the directory in the middle of a stream of changes.
 */
@Timeout(600)
class SlapdDirectoryIT extends DirectoryScenarios {
    private static SlapdDirectory directory;

    @BeforeAll
    static void startSlapd() {
        // slapd is Debian's package, which .ci/run installs, so CI always runs this class; on a machine without it
        // the class is skipped (as the Slony tests are without Debian's PostgreSQL 15), and the same scenarios still
        // run against the in-memory server in InMemoryDirectoryIT
        assumeTrue(Files.isExecutable(Slapd.binary()), Slapd.binary() + " is not installed (.ci/run installs slapd)");
        directory = SlapdDirectory.open();
    }

    @AfterAll
    static void stopSlapd() {
        if (directory != null) {
            directory.close();
        }
    }

    @Override
    TestDirectory directory() {
        return directory;
    }

    @Override
    Duration outage() {
        return Duration.ofSeconds(30);
    }
}
