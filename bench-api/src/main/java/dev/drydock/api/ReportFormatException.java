package dev.drydock.api;

import org.jspecify.annotations.Nullable;

/** A coverage or test report is malformed. The message names the file, the position and what was expected. */
public class ReportFormatException extends DrydockException {
    private static final long serialVersionUID = 1L;

    public ReportFormatException(String message) {
        super(ErrorCode.REPORT_FORMAT, message);
    }

    public ReportFormatException(String message, @Nullable Throwable cause) {
        super(ErrorCode.REPORT_FORMAT, message, cause);
    }
}
