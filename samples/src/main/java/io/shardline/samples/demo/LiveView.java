package io.shardline.samples.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's terminal output. On a terminal: one block of lines redrawn in place (ANSI cursor movement) every frame.
 * Otherwise (CI, a pipe, {@code --plain}): a plain progress line every {@value #PLAIN_EVERY_SECONDS} s, and each event
 * on its own line as it happens.
 */
final class LiveView {

    /** One worker's row. */
    record Row(String name, long pid, String state, List<String> shards, double rate, long lagMs, long processed) {
    }

    /** Everything one frame shows. */
    record Frame(double elapsed, String phase, long produced, int openShards, List<Row> rows) {
    }

    private static final int PLAIN_EVERY_SECONDS = 5;

    private final PrintStream out;
    private final boolean ansi;
    private final int columns;
    private final String title;
    private final List<String> events = new ArrayList<>();
    private int drawnLines;
    private double lastPlain = Double.NEGATIVE_INFINITY;

    /** @param columns terminal width: lines are cut to it, since a wrapped line would break the redraw */
    LiveView(PrintStream out, boolean ansi, int columns, String title) {
        this.out = out;
        this.ansi = ansi;
        this.columns = columns;
        this.title = title;
    }

    /** The terminal's width from {@code stty size}, or {@code fallback} when it cannot be read or is tiny. */
    static int terminalColumns(int fallback) {
        try {
            Process stty = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
            String[] size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" ");
            int columns = stty.waitFor() == 0 && size.length == 2 ? Integer.parseInt(size[1]) : 0;
            return columns >= 40 ? columns : fallback; // a pseudo-terminal without a size reports 0
        } catch (IOException | RuntimeException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
    }

    boolean ansi() {
        return ansi;
    }

    /** Something happened (a split, a kill, a phase change). */
    void event(double elapsed, String text) {
        String line = String.format(Locale.ROOT, "%6.1fs  %s", elapsed, text);
        events.add(line);
        if (!ansi) {
            out.println(line);
            out.flush();
        }
    }

    void render(Frame frame) {
        if (ansi) {
            redraw(lines(frame));
        } else if (frame.elapsed() - lastPlain >= PLAIN_EVERY_SECONDS) {
            lastPlain = frame.elapsed();
            out.println(plain(frame));
            out.flush();
        }
    }

    /** Leaves the last frame on screen; later output goes below it. */
    void finish(Frame frame) {
        if (ansi) {
            redraw(lines(frame));
        } else {
            out.println(plain(frame));
        }
        drawnLines = 0;
        out.flush();
    }

    private void redraw(List<String> lines) {
        StringBuilder b = new StringBuilder();
        if (drawnLines > 0) {
            b.append("\033[").append(drawnLines).append("A\r\033[J");
        }
        lines.forEach(l -> b.append(cut(l, columns - 1)).append('\n'));
        out.print(b);
        out.flush();
        drawnLines = lines.size();
    }

    private List<String> lines(Frame f) {
        List<String> lines = new ArrayList<>();
        lines.add("\033[1m" + title + "\033[0m");
        lines.add(String.format(Locale.ROOT, "t=%5.1fs  %-28s put %,d records, open shards: %d",
                f.elapsed(), f.phase(), f.produced(), f.openShards()));
        lines.add("");
        lines.add(String.format(Locale.ROOT, "  %-6s %-7s %-9s %-22s %9s %8s %10s", "worker", "pid", "state",
                "shards (leases)", "records/s", "lag", "processed"));
        for (Row r : f.rows()) {
            lines.add(String.format(Locale.ROOT, "  %-6s %-7d %-9s %-22s %9.0f %8s %,10d", r.name(), r.pid(),
                    colored(r.state()), shards(r.shards()), r.rate(), lag(r), r.processed()));
        }
        lines.add("");
        lines.add("events:");
        events.forEach(e -> lines.add("  " + e));
        return lines;
    }

    private String plain(Frame f) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%6.1fs  %s: put %d, shards %d |", f.elapsed(),
                f.phase(), f.produced(), f.openShards()));
        for (Row r : f.rows()) {
            b.append(String.format(Locale.ROOT, " %s %s shards=%s %.0f/s lag=%s processed=%d |", r.name(),
                    r.state().toLowerCase(Locale.ROOT), shards(r.shards()).replace(' ', ','), r.rate(), lag(r),
                    r.processed()));
        }
        return b.toString();
    }

    private String colored(String state) {
        String padded = String.format(Locale.ROOT, "%-9s", state.toLowerCase(Locale.ROOT));
        return switch (state) {
            case "KILLED" -> "\033[31m" + padded + "\033[0m";
            case "RUNNING" -> "\033[32m" + padded + "\033[0m";
            default -> padded;
        };
    }

    private static String lag(Row r) {
        return r.lagMs() < 0 || !"RUNNING".equals(r.state()) ? "-" : r.lagMs() + " ms";
    }

    /** {@code line} cut to {@code width} visible characters; ANSI escape sequences count as none. */
    static String cut(String line, int width) {
        StringBuilder b = new StringBuilder(line.length());
        int visible = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\033') {
                int end = i + 1;
                while (end < line.length() && !Character.isLetter(line.charAt(end))) {
                    end++;
                }
                b.append(line, i, Math.min(line.length(), end + 1));
                i = end;
            } else if (visible < width) {
                b.append(c);
                visible++;
            }
        }
        return b.toString();
    }

    /** {@code shardId-000000000004} is shown as {@code #4}. */
    static String shards(List<String> shards) {
        if (shards.isEmpty()) {
            return "-";
        }
        List<String> shortIds = new ArrayList<>();
        for (String s : shards) {
            String digits = s.startsWith("shardId-") ? s.substring("shardId-".length()).replaceFirst("^0+(?=.)", "") : s;
            shortIds.add("#" + digits);
        }
        return String.join(" ", shortIds);
    }
}
