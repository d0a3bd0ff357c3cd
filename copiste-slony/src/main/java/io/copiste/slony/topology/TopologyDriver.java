package io.copiste.slony.topology;

import io.copiste.CopisteException;
import io.copiste.ErrorCode;
import io.copiste.slony.Command;
import io.copiste.slony.SlonyCluster;
import io.copiste.slony.SlonyException;
import io.copiste.slony.SlonyOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes a live cluster to its {@link Topology}: {@link #plan} reads every node and computes the steps; {@link #apply}
 * runs them with slonik's waits, stopping at the first failure. A plan is always computed from what the cluster
 * has, so applying again after a failure continues where it stopped, and applying an up-to-date topology does
 * nothing.
 *
 * <pre>{@code
 * try (TopologyDriver driver = TopologyDriver.connect(Topology.load(Path.of("topology.yaml")), options)) {
 *     System.out.print(driver.plan(false).describe());
 *     driver.apply(false, ApplyListener.NONE);
 * }
 * }</pre>
 *
 * <p>Blocking; not thread-safe. Closing it closes the connections to the nodes.
 */
public final class TopologyDriver implements AutoCloseable {
    /** More rounds than a switchover followed by its set's changes ever needs. */
    private static final int MAX_ROUNDS = 3;

    private final Topology topology;
    private final SlonyCluster slony;

    private TopologyDriver(Topology topology, SlonyCluster slony) {
        this.topology = topology;
        this.slony = slony;
    }

    /** Connects to the topology's nodes with their conninfos (connections open on first use). */
    public static TopologyDriver connect(Topology topology, SlonyOptions options) {
        return new TopologyDriver(topology, SlonyCluster.connect(topology.cluster(), topology.adminNodes(), options));
    }

    /** What an apply ran: the plans (one per round) and how long it took. */
    public record Applied(List<TopologyPlan> plans, int steps, Duration time) {
        public Applied {
            plans = List.copyOf(plans);
        }
    }

    public Topology topology() {
        return topology;
    }

    /** The cluster API on the topology's nodes, for what a topology does not say (failover, scripts). */
    public SlonyCluster cluster() {
        return slony;
    }

    /**
     * Reads every node and plans the way to the topology. Reads only.
     *
     * @param switchover whether moving a set's origin may be planned (otherwise it is refused)
     */
    public TopologyPlan plan(boolean switchover) {
        return new Planner(topology, Live.read(topology, slony), switchover).plan();
    }

    /**
     * Plans and runs the plan; plans and runs again while a plan says some of its changes could only be planned
     * after it (a switchover), at most {@value #MAX_ROUNDS} times.
     *
     * @throws SlonyException when a change is refused (nothing is run), or when a step fails: the message names the
     *                        step, and the steps before it stay done
     */
    public Applied apply(boolean switchover, ApplyListener listener) {
        long start = System.nanoTime();
        List<TopologyPlan> plans = new ArrayList<>();
        int steps = 0;
        for (int round = 1; round <= MAX_ROUNDS; round++) {
            TopologyPlan plan = plan(switchover);
            plans.add(plan);
            listener.planned(round, plan);
            run(plan, listener);
            steps += plan.steps().size();
            if (!plan.deferred() || plan.steps().isEmpty()) {
                break;
            }
        }
        return new Applied(plans, steps, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Runs one plan's steps in order; refuses the whole plan while it has refusals. */
    public void run(TopologyPlan plan, ApplyListener listener) {
        if (!plan.refusals().isEmpty()) {
            TopologyPlan.Refusal first = plan.refusals().get(0);
            throw new SlonyException(ErrorCode.DATABASE_NOT_READY, 0, "cluster " + topology.cluster() + ": "
                    + (plan.refusals().size() == 1 ? "" : plan.refusals().size() + " changes refused, the first: ")
                    + first.message() + "; nothing was applied", first.hint() != null ? first.hint()
                    : "'copiste slony plan' lists what is refused and why");
        }
        int total = plan.steps().size();
        for (int i = 0; i < total; i++) {
            TopologyPlan.Step step = plan.steps().get(i);
            listener.starting(i + 1, total, step);
            long began = System.nanoTime();
            try {
                for (Command command : step.commands()) {
                    slony.run(command);
                }
            } catch (CopisteException e) {
                throw stopped(i + 1, total, step, e);
            }
            listener.done(i + 1, total, step, Duration.ofNanos(System.nanoTime() - began));
        }
    }

    private SlonyException stopped(int index, int total, TopologyPlan.Step step, CopisteException e) {
        String done = index == 1 ? "no step was done" : (index == 2 ? "step 1 is" : "steps 1-" + (index - 1) + " are")
                + " done";
        return new SlonyException(e.code(), e instanceof SlonyException s ? s.node() : 0, "apply stopped at step "
                + index + " of " + total + " (" + step.description() + "): " + e.getMessage(), (e.hint() == null
                ? "" : e.hint() + "; then ") + "apply again: it plans from what the cluster has now and continues "
                + "where this one stopped (" + done + ")", e);
    }

    @Override
    public void close() {
        slony.close();
    }
}
