package io.copiste.engine;

import io.copiste.capture.Backlog;
import io.copiste.capture.Queue;
import io.copiste.capture.Slot;
import io.copiste.db.Connector;
import io.copiste.install.DatabaseCheckException;
import io.copiste.install.Installer;
import io.copiste.install.Plan;
import io.copiste.manifest.Manifest;
import io.copiste.manifest.Problem;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a pipeline's {@link Status}. Reads only. */
public final class StatusReader {
    private StatusReader() {
    }

    public static Status read(Manifest manifest, Connector connector, Installer installer) {
        List<Problem> problems = new ArrayList<>();
        Plan plan = null;
        try {
            plan = installer.plan(manifest);
        } catch (DatabaseCheckException e) {
            problems.addAll(e.problems());
        }
        Queue queue = new Queue(manifest.pipeline());
        try (Connection c = connector.open()) {
            Map<String, Long> queued = new HashMap<>();
            Map<String, Long> parked = new HashMap<>();
            long total = 0;
            Duration lag = Duration.ZERO;
            Instant last = null;
            Status.Daemon daemon = null;
            long walBehind = -1;
            boolean hasQueue = Backlog.exists(c, queue);
            Optional<Slot.State> slot = hasQueue ? Optional.empty() : Slot.of(c, manifest.pipeline()).state(c);
            if (hasQueue || slot.isPresent()) {
                Backlog backlog = hasQueue ? Backlog.read(c, queue) : Backlog.daemonOnly(c, queue);
                total = backlog.events();
                lag = backlog.oldest() == null ? Duration.ZERO : Duration.between(backlog.oldest(), Instant.now());
                if (slot.isPresent()) {
                    walBehind = slot.get().behindBytes();
                    lag = slot.get().lag();
                }
                if (backlog.daemonPid().isPresent()) {
                    daemon = new Status.Daemon(backlog.daemonPid().getAsInt(), backlog.daemonFrom());
                }
                if (hasQueue) {
                    queued.putAll(Backlog.pendingByBinding(c, queue));
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT binding, count(*) FROM copiste.dlq"
                        + " WHERE pipeline = ? GROUP BY binding")) {
                    ps.setString(1, manifest.pipeline());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            parked.put(rs.getString(1), rs.getLong(2));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT delivered_at FROM copiste.consumer"
                        + " WHERE pipeline = ?")) {
                    ps.setString(1, manifest.pipeline());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getTimestamp(1) != null) {
                            last = rs.getTimestamp(1).toInstant();
                        }
                    }
                }
            }
            List<Status.BindingStatus> bindings = new ArrayList<>();
            if (plan != null) {
                for (Plan.Step s : plan.steps()) {
                    bindings.add(new Status.BindingStatus(s.binding(), s.table().toString(), s.function(),
                            state(s.action()), queued.getOrDefault(s.binding(), 0L),
                            parked.getOrDefault(s.binding(), 0L)));
                }
            } else {
                manifest.bindings().forEach(b -> bindings.add(new Status.BindingStatus(b.name(), b.table().toString(),
                        b.function().type(), "unknown", queued.getOrDefault(b.name(), 0L),
                        parked.getOrDefault(b.name(), 0L))));
            }
            long parkedTotal = parked.values().stream().mapToLong(Long::longValue).sum();
            return new Status(manifest.pipeline(), connector.describe(), bindings, total, walBehind, lag, last, parkedTotal,
                    daemon, problems);
        } catch (SQLException e) {
            throw new io.copiste.CopisteException(io.copiste.ErrorCode.CANNOT_CONNECT, "status of pipeline '"
                    + manifest.pipeline() + "' could not be read: " + e.getMessage(), "check the connection", e);
        }
    }

    private static String state(Plan.Action action) {
        return switch (action) {
            case KEEP -> "installed";
            case REPLACE -> "changed";
            case CREATE -> "missing";
            case REPAIR -> "broken";
            case DROP -> "orphaned";
        };
    }
}
