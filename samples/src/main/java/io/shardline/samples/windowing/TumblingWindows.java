package io.shardline.samples.windowing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One shard's tumbling windows per key, by event time. Pure and deterministic: the same records in the same order
 * close the same windows with the same values, whatever happened to the worker in between.
 *
 * <p>The shard's watermark is the highest event time seen minus the allowed lateness. A window
 * {@code [start, start + size)} closes once {@code start + size <= watermark}: it moves to {@link #pending()}, the
 * results to write. A record whose window already closed is late: counted ({@link #lateRecords()}) and dropped.
 * {@link #snapshot()} holds everything (open windows, pending results, watermark), so the state committed with a
 * checkpoint restores exactly. Not thread-safe (one per shard processor).
 */
public final class TumblingWindows {

    private static final byte FORMAT = 1;
    private static final Comparator<WindowId> ORDER =
            Comparator.comparingLong(WindowId::start).thenComparing(WindowId::key);

    private record WindowId(long start, String key) {
    }

    private final long sizeMillis;
    private final long latenessMillis;
    private final TreeMap<WindowId, WindowAggregate> open = new TreeMap<>(ORDER);
    private final List<ClosedWindow> pending = new ArrayList<>();
    private long maxEventTime = Long.MIN_VALUE;
    private long lateRecords;

    public TumblingWindows(Duration size, Duration allowedLateness) {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(allowedLateness, "allowedLateness");
        if (size.toMillis() < 1) {
            throw new IllegalArgumentException("window size must be at least 1 ms, was " + size);
        }
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must not be negative, was " + allowedLateness);
        }
        this.sizeMillis = size.toMillis();
        this.latenessMillis = allowedLateness.toMillis();
    }

    /**
     * Adds {@code value} to {@code key}'s window of {@code eventTimeMillis}, then closes the windows the watermark
     * passed.
     *
     * @return false when the record was late (its window had closed) and was dropped
     */
    public boolean add(String key, long eventTimeMillis, double value) {
        long start = Math.floorDiv(eventTimeMillis, sizeMillis) * sizeMillis;
        if (maxEventTime != Long.MIN_VALUE && start + sizeMillis <= watermark()) {
            lateRecords++;
            return false;
        }
        open.merge(new WindowId(start, key), WindowAggregate.EMPTY.add(value), (a, b) -> a.add(value));
        if (eventTimeMillis > maxEventTime) {
            maxEventTime = eventTimeMillis;
            closeUpTo(watermark());
        }
        return true;
    }

    /** Closes every open window (the shard ended: nothing more will arrive on it). */
    public void closeAll() {
        closeUpTo(Long.MAX_VALUE);
    }

    /** Windows closed but not yet confirmed written, in order of window start, then key. */
    public List<ClosedWindow> pending() {
        return List.copyOf(pending);
    }

    /** The {@link #pending()} results are durably written: forget them. */
    public void markWritten() {
        pending.clear();
    }

    public int openWindows() {
        return open.size();
    }

    public long lateRecords() {
        return lateRecords;
    }

    /** Highest event time seen minus the allowed lateness; {@link Long#MIN_VALUE} before any record. */
    public long watermark() {
        return maxEventTime == Long.MIN_VALUE ? Long.MIN_VALUE : maxEventTime - latenessMillis;
    }

    private void closeUpTo(long watermark) {
        Iterator<Map.Entry<WindowId, WindowAggregate>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<WindowId, WindowAggregate> e = it.next();
            long end = e.getKey().start() + sizeMillis;
            if (watermark != Long.MAX_VALUE && end > watermark) {
                return; // sorted by start: every later window ends later
            }
            pending.add(new ClosedWindow(e.getKey().key(), e.getKey().start(), end, e.getValue()));
            it.remove();
        }
    }

    /** Everything, for {@code checkpoint(position, state)}: ~40 bytes plus the key per open or pending window. */
    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * (open.size() + pending.size()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(sizeMillis);
            out.writeLong(maxEventTime);
            out.writeLong(lateRecords);
            out.writeInt(open.size());
            for (Map.Entry<WindowId, WindowAggregate> e : open.entrySet()) {
                writeWindow(out, e.getKey().key(), e.getKey().start(), e.getValue());
            }
            out.writeInt(pending.size());
            for (ClosedWindow w : pending) {
                writeWindow(out, w.key(), w.start(), w.aggregate());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Windows restored from a {@link #snapshot()}; {@code null} state gives empty windows.
     *
     * @throws IllegalStateException when the state was written with another window size (changing the size of a
     *     running application needs a new application name)
     */
    public static TumblingWindows restore(Duration size, Duration allowedLateness, byte[] state) {
        TumblingWindows windows = new TumblingWindows(size, allowedLateness);
        if (state == null) {
            return windows;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalStateException("unknown window state format " + format);
            }
            long size0 = in.readLong();
            if (size0 != windows.sizeMillis) {
                throw new IllegalStateException("the checkpointed windows are " + size0 + " ms long, not "
                        + windows.sizeMillis + " ms: use a new --application to change the window size");
            }
            windows.maxEventTime = in.readLong();
            windows.lateRecords = in.readLong();
            for (int i = in.readInt(); i > 0; i--) {
                String key = in.readUTF();
                long start = in.readLong();
                windows.open.put(new WindowId(start, key), readAggregate(in));
            }
            for (int i = in.readInt(); i > 0; i--) {
                String key = in.readUTF();
                long start = in.readLong();
                windows.pending.add(new ClosedWindow(key, start, start + size0, readAggregate(in)));
            }
        } catch (IOException e) {
            throw new IllegalStateException("corrupt window state (" + state.length + " bytes)", e);
        }
        return windows;
    }

    private static void writeWindow(DataOutputStream out, String key, long start, WindowAggregate a)
            throws IOException {
        out.writeUTF(key);
        out.writeLong(start);
        out.writeLong(a.count());
        out.writeDouble(a.sum());
        out.writeDouble(a.min());
        out.writeDouble(a.max());
    }

    private static WindowAggregate readAggregate(DataInputStream in) throws IOException {
        return new WindowAggregate(in.readLong(), in.readDouble(), in.readDouble(), in.readDouble());
    }
}
