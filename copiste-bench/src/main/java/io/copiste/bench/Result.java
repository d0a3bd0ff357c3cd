package io.copiste.bench;

/**
 * One line of the results table.
 *
 * @param scenario what was measured, e.g. {@code drain 1,000,000 events}
 * @param copiste  copiste's figure, with its unit
 * @param peer     the peer's figure, with its unit, or {@code —}
 * @param ratio    copiste against the peer, as the goal states it, or {@code —}
 * @param goal     the goal, or {@code —}
 * @param verdict  {@code met}, {@code missed}, {@code not measured}, or a note
 */
public record Result(String scenario, String copiste, String peer, String ratio, String goal, String verdict) {
    public static Result notMeasured(String scenario, String why) {
        return new Result(scenario, "—", "—", "—", "—", "not measured: " + why);
    }

    public static Result failed(String scenario, Throwable e) {
        String message = String.valueOf(e.getMessage()).replace('\n', ' ').replace('|', '/');
        return new Result(scenario, "—", "—", "—", "—", "failed: " + e.getClass().getSimpleName() + ": "
                + (message.length() > 200 ? message.substring(0, 200) + "…" : message));
    }

    static String verdict(boolean met) {
        return met ? "met" : "missed";
    }
}
