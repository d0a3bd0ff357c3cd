package io.copiste.ldap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

/** The LDAP scenarios against UnboundID's in-memory directory server. */
@Timeout(300)
class InMemoryDirectoryIT extends DirectoryScenarios {
    private static final MemoryDirectory DIRECTORY = MemoryDirectory.open();

    @Override
    TestDirectory directory() {
        return DIRECTORY;
    }

    @Override
    Duration outage() {
        return Duration.ofSeconds(5);
    }

    @AfterAll
    static void stopDirectory() {
        DIRECTORY.close();
    }
}
