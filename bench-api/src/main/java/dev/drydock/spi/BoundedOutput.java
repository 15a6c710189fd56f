package dev.drydock.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects a stream up to a limit, keeping its head and its tail: the start of a flood usually says
 * what went wrong and the end says how it finished. What lies between is counted, not kept. This
 * is what {@link ExecRequest#outputLimit()} asks of a backend, shared so that every backend cuts
 * output the same way.
 */
public final class BoundedOutput {
    private final byte[] head;
    private final byte[] tail;
    private int headLength;
    private long tailWritten;
    private long total;

    public BoundedOutput(int limit) {
        this.head = new byte[limit / 2];
        this.tail = new byte[limit - limit / 2];
    }

    public synchronized void write(byte[] buffer, int offset, int length) {
        total += length;
        int toHead = Math.min(length, head.length - headLength);
        System.arraycopy(buffer, offset, head, headLength, toHead);
        headLength += toHead;
        for (int i = offset + toHead; i < offset + length; i++) {
            tail[(int) (tailWritten % tail.length)] = buffer[i];
            tailWritten++;
        }
    }

    /** Reads {@code in} to its end (or until it fails because the process was killed). */
    public void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        try (in) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                write(buffer, 0, read);
            }
        } catch (IOException closed) {
            // the stream closes under us when the process tree is killed; what was read is kept
        }
    }

    public synchronized long dropped() {
        return Math.max(0, tailWritten - tail.length);
    }

    public synchronized String text() {
        String start = new String(head, 0, headLength, StandardCharsets.UTF_8);
        if (tailWritten == 0) {
            return start;
        }
        int kept = (int) Math.min(tailWritten, tail.length);
        byte[] end = new byte[kept];
        long first = tailWritten - kept;
        for (int i = 0; i < kept; i++) {
            end[i] = tail[(int) ((first + i) % tail.length)];
        }
        String endText = new String(end, StandardCharsets.UTF_8);
        long dropped = dropped();
        return dropped == 0
                ? start + endText
                : start + "\n[drydock: " + dropped + " bytes of output dropped]\n" + endText;
    }

    public synchronized long total() {
        return total;
    }
}
