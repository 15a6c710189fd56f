package dev.drydock.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a server-sent event stream into whole events (each with the blank line that ends it, bytes
 * unchanged), whatever the network's chunking; {@code \n\n} and {@code \r\n\r\n} both end an event.
 */
final class SseSplitter {
    private byte[] pending = new byte[0];

    /** The events completed by {@code chunk}, in order; an incomplete tail waits for the next chunk. */
    List<byte[]> feed(byte[] chunk) {
        byte[] buffer = pending.length == 0 ? chunk : concat(pending, chunk);
        List<byte[]> events = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < buffer.length; i++) {
            if (buffer[i] != '\n') {
                continue;
            }
            int end = -1;
            if (i + 1 < buffer.length && buffer[i + 1] == '\n') {
                end = i + 2;
            } else if (i + 2 < buffer.length && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') {
                end = i + 3;
            }
            if (end > 0) {
                events.add(Arrays.copyOfRange(buffer, start, end));
                start = end;
                i = end - 1;
            }
        }
        pending = start == buffer.length ? new byte[0] : Arrays.copyOfRange(buffer, start, buffer.length);
        return events;
    }

    /** What is left when the stream ends without a final blank line. */
    byte[] rest() {
        byte[] rest = pending;
        pending = new byte[0];
        return rest;
    }

    /** The event's data: its {@code data:} lines joined with newlines. */
    static String data(byte[] event) {
        StringBuilder data = new StringBuilder();
        for (String line : new String(event, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            }
        }
        return data.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
