package dev.drydock.coverage;

import dev.drydock.api.ReportFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Reads UTF-8 lines with a length limit, so a report made of one enormous line (or binary garbage
 * without newlines) fails at once instead of filling the heap. Accepts {@code \n} and {@code \r\n}.
 */
final class BoundedLineReader {
    static final int MAX_LINE = 64 * 1024;

    private final InputStream in;
    private final String source;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private int lineNumber;

    BoundedLineReader(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** The number of the line last returned, 1-based. */
    int lineNumber() {
        return lineNumber;
    }

    @Nullable String readLine() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int chunk = position - start;
            if (length + chunk > MAX_LINE) {
                throw new ReportFormatException(source + ":" + (lineNumber + 1) + ": line longer than " + MAX_LINE
                        + " bytes (binary data, or not a line-oriented report)");
            }
            if (length + chunk > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
            }
            System.arraycopy(buffer, start, line, length, chunk);
            length += chunk;
            if (position < limit) {
                position++; // the newline
                break;
            }
        }
        lineNumber++;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }
}
