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

    /** The event's data: its {@code data:} lines joined with newlines (read without regular expressions: it runs per event). */
    static String data(byte[] event) {
        StringBuilder data = null;
        int lineStart = 0;
        for (int i = 0; i <= event.length; i++) {
            if (i < event.length && event[i] != '\n') {
                continue;
            }
            int lineEnd = i > lineStart && event[i - 1] == '\r' ? i - 1 : i;
            if (lineEnd - lineStart >= 5 && event[lineStart] == 'd' && event[lineStart + 1] == 'a' && event[lineStart + 2] == 't'
                    && event[lineStart + 3] == 'a' && event[lineStart + 4] == ':') {
                int from = lineStart + 5 < lineEnd && event[lineStart + 5] == ' ' ? lineStart + 6 : lineStart + 5;
                String line = new String(event, from, lineEnd - from, StandardCharsets.UTF_8);
                if (data == null) {
                    data = new StringBuilder(line);
                } else {
                    data.append('\n').append(line);
                }
            }
            lineStart = i + 1;
        }
        return data == null ? "" : data.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
