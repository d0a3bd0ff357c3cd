package io.copiste.slony;

import io.copiste.testkit.DebianPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One {@link SlonyFixture} (fresh servers, no cluster yet) and one live {@link SlonyCluster} per test class; skips
 * the class where Debian's PostgreSQL 15 is missing. When a test fails, the tail of every slon log is printed and
 * the logs are kept in {@code target/slon-logs/<class>}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SlonyExtension SLONY = new SlonyExtension("shop", 3);
 * }</pre>
 */
public final class SlonyExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private final String cluster;
    private final int nodes;
    private SlonyFixture fixture;
    private SlonyCluster slony;

    public SlonyExtension(String cluster, int nodes) {
        this.cluster = cluster;
        this.nodes = nodes;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue(DebianPostgres.available(), "Debian's PostgreSQL 15 is not installed");
        fixture = SlonyFixture.start(cluster, nodes);
        slony = fixture.connect();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (slony != null) {
            slony.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (fixture != null) {
            String test = context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName();
            fixture.report(test, 80, Path.of("target", "slon-logs", context.getRequiredTestClass().getSimpleName()));
        }
    }

    public SlonyFixture fx() {
        return fixture;
    }

    public SlonyCluster slony() {
        return slony;
    }
}
