package io.copiste.cli;

import io.copiste.slony.ClusterName;
import io.copiste.slony.ClusterState;
import io.copiste.slony.Conninfo;
import io.copiste.slony.Node;
import io.copiste.slony.SlonyCluster;
import io.copiste.slony.SlonyOptions;
import io.copiste.slony.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code copiste slony}: Slony-I clusters; only lists its subcommands. */
@Command(name = "slony",
        header = "Slony-I clusters: status, and plan/apply of a topology file (see docs/topology.md).",
        subcommands = {SlonyCommand.Status.class, SlonyPlanCommand.class, SlonyApplyCommand.class})
final class SlonyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "status", sortOptions = false,
            header = "Show a Slony-I cluster as one node sees it: nodes, sets, tables, subscriptions, lag.",
            description = {"Connects to one node with its admin conninfo and reads the cluster's catalog. Reads only.",
                    "Example: copiste slony status --cluster shop --node 1 \\",
                    "           --conninfo 'host=db1 dbname=shop user=slony password=${env:SLONY_PASSWORD}'",
                    "     or: copiste slony status --topology topology.yaml [--node 2]"})
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--topology", paramLabel = "FILE",
                description = "A topology file giving the cluster and the nodes' conninfos (instead of the options "
                        + "below).")
        Path topology;

        @Option(names = "--cluster", paramLabel = "NAME", description = "The cluster's name.")
        String cluster;

        @Option(names = "--node", paramLabel = "ID", description = "The id of the node to ask (with --topology: "
                + "by default the first set's origin).")
        Integer node;

        @Option(names = "--conninfo", paramLabel = "CONNINFO",
                description = "libpq conninfo of that node; password=${env:NAME} or ${file:/path} for a secret.")
        String conninfo;

        @Option(names = "--json", description = "Print the state as JSON.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ClusterName name;
            List<Node> nodes;
            int asked;
            if (topology != null) {
                Topology t = Topology.load(topology);
                name = t.cluster();
                nodes = t.adminNodes();
                asked = node != null ? node : t.sets().isEmpty() ? nodes.get(0).id() : t.sets().get(0).origin();
            } else if (cluster != null && node != null && conninfo != null) {
                name = ClusterName.of(cluster);
                asked = node;
                nodes = List.of(Node.of(node, Conninfo.parse(conninfo)));
            } else {
                throw new ParameterException(spec.commandLine(), "give --topology FILE, or all of --cluster, --node "
                        + "and --conninfo");
            }
            try (SlonyCluster slony = SlonyCluster.connect(name, nodes, SlonyOptions.defaults())) {
                ClusterState state = slony.state(asked);
                if (json) {
                    Render.json(out, SlonyRender.json(state));
                } else {
                    SlonyRender.text(out, state);
                }
            }
            return 0;
        }
    }
}
