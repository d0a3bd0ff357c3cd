package io.copiste.slony;

import org.slf4j.LoggerFactory;

/**
 * Receives progress while an operation waits (for an event confirmation, a configuration catch-up, a subscription
 * to become active). Called from the waiting thread, about every {@link SlonyOptions#progressEvery()}; must not
 * block.
 */
@FunctionalInterface
public interface Progress {
    /** Says nothing. */
    Progress NONE = message -> { };

    /** Logs at INFO through SLF4J (logger {@code io.copiste.slony}). */
    Progress LOG = message -> LoggerFactory.getLogger("io.copiste.slony").info(message);

    /** One line such as "waiting for event (1,5000000012) to be confirmed by node 3: node 3 is at 5000000009". */
    void waiting(String message);
}
