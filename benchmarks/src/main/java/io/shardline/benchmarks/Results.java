package io.shardline.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Collects the figures of one scenario run and prints them: one machine-readable line per figure
 * ({@code RESULT <scenario> <system> <metric>=<value>}) as soon as it is measured, and a human table at the end.
 */
public final class Results {

    private record Figure(String system, String metric, String value) {}

    private final String scenario;
    private final PrintStream out;
    private final List<Figure> figures = new ArrayList<>();

    public Results(String scenario, PrintStream out) {
        this.scenario = scenario;
        this.out = out;
    }

    public void record(String system, String metric, double value) {
        String text = value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.2f", value);
        figures.add(new Figure(system, metric, text));
        out.println("RESULT " + scenario + " " + system + " " + metric + "=" + text);
        out.flush();
    }

    /** Prints the table: one row per metric, one column per system, plus the ratio of the first two. */
    public void printTable() {
        List<String> systems = figures.stream().map(Figure::system).distinct().toList();
        List<String> metrics = figures.stream().map(Figure::metric).distinct().toList();
        out.println();
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-32s", "metric (" + scenario + ")"));
        systems.forEach(s -> header.append(String.format(Locale.ROOT, "%14s", s)));
        if (systems.size() == 2) {
            header.append(String.format(Locale.ROOT, "%10s", "ratio"));
        }
        out.println(header);
        for (String metric : metrics) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-32s", metric));
            List<String> values = systems.stream().map(s -> valueOf(s, metric)).toList();
            values.forEach(v -> row.append(String.format(Locale.ROOT, "%14s", v)));
            if (values.size() == 2) {
                row.append(String.format(Locale.ROOT, "%10s", ratio(values.get(0), values.get(1))));
            }
            out.println(row);
        }
        out.flush();
    }

    private String valueOf(String system, String metric) {
        return figures.stream()
                .filter(f -> f.system().equals(system) && f.metric().equals(metric))
                .map(Figure::value)
                .findFirst()
                .orElse("-");
    }

    private static String ratio(String a, String b) {
        try {
            double x = Double.parseDouble(a);
            double y = Double.parseDouble(b);
            return y == 0 ? "-" : String.format(Locale.ROOT, "%.3f", x / y);
        } catch (NumberFormatException e) {
            return "-";
        }
    }
}
