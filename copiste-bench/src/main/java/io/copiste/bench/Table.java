package io.copiste.bench;

import java.util.List;

/** Renders results as a GitHub markdown table. */
final class Table {
    private static final String[] HEADER = {"scenario", "copiste", "peer", "ratio", "goal", "verdict"};

    private Table() {
    }

    static String markdown(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        row(sb, HEADER);
        row(sb, new String[]{"---", "---:", "---:", "---:", "---", "---"});
        for (Result r : results) {
            row(sb, new String[]{r.scenario(), r.copiste(), r.peer(), r.ratio(), r.goal(), r.verdict()});
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String[] cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(c.replace("|", "\\|").replace('\n', ' ')).append(" |");
        }
        sb.append('\n');
    }
}
