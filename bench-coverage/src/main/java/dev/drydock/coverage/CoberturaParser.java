package dev.drydock.coverage;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.FileCoverage;
import dev.drydock.api.ReportFormatException;
import dev.drydock.spi.CoverageParser;
import dev.drydock.spi.ReportSource;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.codehaus.stax2.XMLStreamReader2;

/**
 * Cobertura XML as coverage.py, istanbul (jest, vitest, nyc), cargo-llvm-cov and tarpaulin write
 * it. Reads the {@code <line>} elements directly under each class's {@code <lines>} (the copies under
 * {@code <methods>} are skipped), resolves {@code filename} against the {@code <sources>} roots
 * (absolute ones made relative to the project root), and takes a line's branches from {@code
 * condition-coverage="50% (1/2)"}. Streams with StAX: memory grows with the coverage model, not the file.
 */
public final class CoberturaParser implements CoverageParser {
    public static final String FORMAT = "cobertura";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean supports(String fileName, byte[] head) {
        String text = Heads.text(head);
        return Heads.isXmlWithRoot(head, "coverage")
                && (text.contains("line-rate") || text.contains("lines-valid") || text.contains("cobertura"));
    }

    @Override
    public CoverageReport parse(InputStream in, ReportSource source) {
        return SafeXml.read(in, source, reader -> {
            List<String> sources = new ArrayList<>();
            List<FileCoverage> classes = new ArrayList<>();
            // element names from the root down to the current element
            String[] stack = new String[16];
            int depth = 0;
            FileCoverage.Builder current = null;
            StringBuilder sourceText = null;
            boolean sawRoot = false;
            while (reader.hasNext()) {
                int event = SafeXml.next(reader, source);
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = reader.getLocalName();
                    if (depth == 0 && !name.equals("coverage")) {
                        throw SafeXml.error(source, reader, "expected a Cobertura <coverage> root but found <" + name + ">");
                    }
                    sawRoot = true;
                    if (depth == stack.length) {
                        stack = java.util.Arrays.copyOf(stack, depth * 2);
                    }
                    stack[depth++] = name;
                    switch (name) {
                        case "source" -> sourceText = new StringBuilder();
                        case "class" -> {
                            String filename = reader.getAttributeValue(null, "filename");
                            if (filename == null || filename.isBlank()) {
                                throw SafeXml.error(source, reader, "<class> lacks the attribute filename");
                            }
                            // <sources> comes first in every Cobertura writer, so the roots are known here
                            try {
                                current = FileCoverage.builder(resolve(filename, sources, source));
                            } catch (IllegalArgumentException e) {
                                throw SafeXml.error(source, reader, "unusable filename: " + e.getMessage());
                            }
                        }
                        case "line" -> {
                            // coverage/packages/package/classes/class/lines/line, not .../methods/method/lines/line
                            if (current != null && depth >= 3 && stack[depth - 3].equals("class")) {
                                readLine(reader, source, current);
                            }
                        }
                        default -> { }
                    }
                } else if (sourceText != null
                        && (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)) {
                    sourceText.append(reader.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String name = stack[--depth];
                    if (name.equals("source") && sourceText != null) {
                        sources.add(sourceText.toString().strip());
                        sourceText = null;
                    } else if (name.equals("class") && current != null) {
                        classes.add(current.build());
                        current = null;
                    }
                }
            }
            if (!sawRoot) {
                throw new ReportFormatException(source.name() + ": empty document, expected a Cobertura <coverage> root");
            }
            return CoverageReport.of(FORMAT, classes);
        });
    }

    /**
     * One {@code <line>}. This runs for every line of a report, so attributes are found in one pass
     * and the numbers decoded by the parser's typed access, without making strings of them.
     */
    private static void readLine(XMLStreamReader reader, ReportSource source, FileCoverage.Builder lines) {
        XMLStreamReader2 typed = (XMLStreamReader2) reader;
        int numberIndex = -1;
        int hitsIndex = -1;
        int conditionsIndex = -1;
        boolean branch = false;
        for (int i = 0, n = reader.getAttributeCount(); i < n; i++) {
            switch (reader.getAttributeLocalName(i)) {
                case "number" -> numberIndex = i;
                case "hits" -> hitsIndex = i;
                case "branch" -> branch = "true".equals(reader.getAttributeValue(i));
                case "condition-coverage" -> conditionsIndex = i;
                default -> { }
            }
        }
        if (numberIndex < 0 || hitsIndex < 0) {
            throw SafeXml.error(source, reader, "<line> lacks the attribute " + (numberIndex < 0 ? "number" : "hits"));
        }
        int number;
        long hits;
        try {
            number = typed.getAttributeAsInt(numberIndex);
        } catch (XMLStreamException | IllegalArgumentException e) {
            throw SafeXml.error(source, reader, "attribute number of <line> must be a whole number but is '"
                    + LcovParser.abbreviate(reader.getAttributeValue(numberIndex)) + "'");
        }
        if (number < 1) {
            throw SafeXml.error(source, reader, "line number must be at least 1 but is " + number);
        }
        try {
            hits = typed.getAttributeAsLong(hitsIndex);
        } catch (XMLStreamException | IllegalArgumentException e) {
            throw SafeXml.error(source, reader, "hits must be a whole number but is '"
                    + LcovParser.abbreviate(reader.getAttributeValue(hitsIndex)) + "'");
        }
        lines.line(number, hits);
        if (branch && conditionsIndex >= 0) {
            String conditions = reader.getAttributeValue(conditionsIndex);
            int open = conditions.indexOf('(');
            int slash = conditions.indexOf('/', open + 1);
            int close = conditions.indexOf(')', slash + 1);
            try {
                if (open < 0 || slash < 0 || close < 0) {
                    throw new NumberFormatException();
                }
                int covered = Integer.parseInt(conditions.substring(open + 1, slash).strip());
                int total = Integer.parseInt(conditions.substring(slash + 1, close).strip());
                lines.branches(number, covered, total);
            } catch (IllegalArgumentException e) {
                throw SafeXml.error(source, reader, "condition-coverage must look like '50% (1/2)' but is '"
                        + LcovParser.abbreviate(conditions) + "'");
            }
        }
    }

    /** The first source root under which the file lies inside the project; else the first root; else as written. */
    private static String resolve(String filename, List<String> sources, ReportSource source) {
        String root = source.projectRoot();
        for (String base : sources) {
            String candidate = ReportPaths.normalize(filename, base, root);
            if (!candidate.startsWith("/") && !candidate.startsWith("../")) {
                return candidate;
            }
        }
        return ReportPaths.normalize(filename, sources.isEmpty() ? "" : sources.get(0), root);
    }
}
