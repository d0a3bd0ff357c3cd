package io.copiste.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.copiste.slony.ClusterState;

import java.io.PrintWriter;

/** Text and JSON renderings of a {@link ClusterState} for {@code copiste slony status}. */
final class SlonyRender {
    private SlonyRender() {
    }

    static void text(PrintWriter out, ClusterState s) {
        out.println("cluster " + s.cluster() + " as node " + s.readFrom() + " sees it (Slony-I " + s.slonyVersion()
                + ")");
        out.println("nodes:");
        for (ClusterState.Member m : s.nodes()) {
            out.printf("  %-4d %-8s %s%n", m.id(), m.failed() ? "failed" : m.active() ? "active" : "inactive",
                    m.comment());
        }
        out.println("sets:");
        for (ClusterState.ReplicationSet set : s.sets()) {
            long sequences = s.sequences().stream().filter(q -> q.set() == set.id()).count();
            out.printf("  %-4d origin %d, %d tables, %d sequences%s  %s%n", set.id(), set.origin(),
                    s.tablesOf(set.id()).size(), sequences, set.locked() ? ", LOCKED" : "", set.comment());
        }
        out.println("subscriptions:");
        for (ClusterState.Subscription sub : s.subscriptions()) {
            out.printf("  set %d: node %d -> node %d%s%s%n", sub.set(), sub.provider(), sub.receiver(),
                    sub.forward() ? ", forwarding" : "", sub.active() ? "" : ", NOT ACTIVE YET");
        }
        out.println("paths: " + s.paths().size() + ", listens: " + s.listens().size());
        out.println("lag behind node " + s.readFrom() + "'s events:");
        for (ClusterState.Lag lag : s.lag()) {
            out.printf("  node %d: %d events, %.1f s%n", lag.receiver(), lag.events(), lag.time().toMillis() / 1000.0);
        }
    }

    static ObjectNode json(ClusterState s) {
        ObjectNode root = Render.JSON.createObjectNode();
        root.put("cluster", s.cluster().name());
        root.put("readFrom", s.readFrom());
        root.put("slonyVersion", s.slonyVersion());
        ArrayNode nodes = root.putArray("nodes");
        s.nodes().forEach(m -> nodes.addObject().put("id", m.id()).put("active", m.active())
                .put("failed", m.failed()).put("comment", m.comment()));
        ArrayNode paths = root.putArray("paths");
        s.paths().forEach(p -> paths.addObject().put("server", p.server()).put("client", p.client())
                .put("conninfo", p.conninfo()).put("connectRetrySeconds", p.connectRetrySeconds()));
        ArrayNode listens = root.putArray("listens");
        s.listens().forEach(l -> listens.addObject().put("origin", l.origin()).put("provider", l.provider())
                .put("receiver", l.receiver()));
        ArrayNode sets = root.putArray("sets");
        s.sets().forEach(set -> sets.addObject().put("id", set.id()).put("origin", set.origin())
                .put("locked", set.locked()).put("comment", set.comment()));
        ArrayNode tables = root.putArray("tables");
        s.tables().forEach(t -> tables.addObject().put("id", t.id()).put("name", t.name().toString())
                .put("set", t.set()).put("key", t.keyIndex()).put("comment", t.comment()));
        ArrayNode sequences = root.putArray("sequences");
        s.sequences().forEach(q -> sequences.addObject().put("id", q.id()).put("name", q.name().toString())
                .put("set", q.set()).put("comment", q.comment()));
        ArrayNode subs = root.putArray("subscriptions");
        s.subscriptions().forEach(sub -> subs.addObject().put("set", sub.set()).put("provider", sub.provider())
                .put("receiver", sub.receiver()).put("forward", sub.forward()).put("active", sub.active()));
        ArrayNode lag = root.putArray("lag");
        s.lag().forEach(l -> lag.addObject().put("origin", l.origin()).put("receiver", l.receiver())
                .put("lastEvent", l.lastEvent()).put("lastConfirmed", l.lastConfirmed()).put("events", l.events())
                .put("seconds", l.time().toMillis() / 1000.0));
        return root;
    }
}
