package dev.drydock.coverage;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.drydock.api.ReportFormatException;
import dev.drydock.spi.ReportSource;
import java.io.IOException;

/** The errors of JSON reports, named with the file and, where known, the line and column. */
final class JsonReports {
    private JsonReports() {}

    /** A problem at the parser's current token. */
    static ReportFormatException error(JsonParser parser, ReportSource source, String message) {
        JsonLocation at = parser.currentTokenLocation();
        return new ReportFormatException(source.name() + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": " + message);
    }

    /** Malformed JSON, or a read that failed. */
    static ReportFormatException unreadable(IOException e, ReportSource source) {
        if (e instanceof JsonProcessingException malformed) {
            JsonLocation at = malformed.getLocation();
            String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            return new ReportFormatException(source.name() + where + ": malformed JSON: " + malformed.getOriginalMessage(), e);
        }
        return new ReportFormatException(source.name() + ": cannot read: " + e.getMessage(), e);
    }
}
