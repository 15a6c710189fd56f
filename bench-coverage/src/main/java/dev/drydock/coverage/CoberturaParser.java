package dev.drydock.coverage;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.FileCoverage;
import dev.drydock.api.ReportFormatException;
import dev.drydock.spi.CoverageParser;
import dev.drydock.spi.ReportSource;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Cobertura XML as coverage.py, istanbul, cargo-llvm-cov and tarpaulin write it. Reads the {@code
 * <line>} elements directly under each class's {@code <lines>} (the copies under {@code <methods>}
 * are skipped), resolves {@code filename} against the {@code <sources>} roots, and counts branches
 * from {@code condition-coverage="50% (1/2)"}.
 */
public final class CoberturaParser implements CoverageParser {
    public static final String FORMAT = "cobertura";
    private static final Pattern CONDITIONS = Pattern.compile("\\((\\d+)/(\\d+)\\)");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean supports(String fileName, byte[] head) {
        String text = Heads.text(head);
        return Heads.isXmlWithRoot(head, "coverage") && (text.contains("line-rate") || text.contains("cobertura"));
    }

    @Override
    public CoverageReport parse(InputStream in, ReportSource source) {
        XMLStreamReader reader = SafeXml.open(in, source);
        List<String> sources = new ArrayList<>();
        List<ClassLines> classes = new ArrayList<>();
        boolean sawRoot = false;
        try {
            List<String> stack = new ArrayList<>();
            ClassLines current = null;
            StringBuilder text = new StringBuilder();
            while (reader.hasNext()) {
                int event = SafeXml.next(reader, source);
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = reader.getLocalName();
                    if (stack.isEmpty()) {
                        if (!name.equals("coverage")) {
                            throw SafeXml.error(source, reader, "expected a Cobertura <coverage> root but found <" + name + ">");
                        }
                        sawRoot = true;
                    }
                    String parent = stack.isEmpty() ? "" : stack.get(stack.size() - 1);
                    stack.add(name);
                    text.setLength(0);
                    if (name.equals("class")) {
                        String filename = reader.getAttributeValue(null, "filename");
                        if (filename == null || filename.isBlank()) {
                            throw SafeXml.error(source, reader, "<class> lacks the attribute filename");
                        }
                        current = new ClassLines(filename);
                    } else if (name.equals("line") && parent.equals("lines") && current != null && inClassLines(stack)) {
                        readLine(reader, source, current);
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    text.append(reader.getText());
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String name = stack.remove(stack.size() - 1);
                    if (name.equals("source")) {
                        sources.add(text.toString().strip());
                    } else if (name.equals("class") && current != null) {
                        classes.add(current);
                        current = null;
                    }
                    text.setLength(0);
                }
            }
            if (!sawRoot) {
                throw new ReportFormatException(source.name() + ": empty document, expected a Cobertura <coverage> root");
            }
        } catch (XMLStreamException e) {
            throw SafeXml.malformed(source, e);
        } finally {
            SafeXml.close(reader);
        }
        List<FileCoverage> files = new ArrayList<>();
        for (ClassLines lines : classes) {
            files.add(new FileCoverage(resolve(lines.filename, sources, source), lines.hits, lines.branchesCovered,
                    lines.branchesTotal));
        }
        return CoverageReport.of(FORMAT, files);
    }

    /** {@code coverage/packages/package/classes/class/lines/line}, not {@code .../methods/method/lines/line}. */
    private static boolean inClassLines(List<String> stack) {
        int size = stack.size();
        return size >= 3 && stack.get(size - 3).equals("class");
    }

    private static void readLine(XMLStreamReader reader, ReportSource source, ClassLines lines) {
        int number = SafeXml.intAttribute(reader, source, "number");
        if (number < 1) {
            throw SafeXml.error(source, reader, "line number must be at least 1 but is " + number);
        }
        String hitsText = reader.getAttributeValue(null, "hits");
        if (hitsText == null) {
            throw SafeXml.error(source, reader, "<line> lacks the attribute hits");
        }
        long hits;
        try {
            hits = Long.parseLong(hitsText.strip());
        } catch (NumberFormatException e) {
            throw SafeXml.error(source, reader, "hits must be a whole number but is '" + LcovParser.abbreviate(hitsText) + "'");
        }
        // a line listed twice (several classes of one file, or a repeated entry) is hit if either copy is
        lines.hits.merge(number, Math.max(0, hits), Math::max);
        if ("true".equals(reader.getAttributeValue(null, "branch"))) {
            String conditions = reader.getAttributeValue(null, "condition-coverage");
            if (conditions != null) {
                Matcher matcher = CONDITIONS.matcher(conditions);
                if (!matcher.find()) {
                    throw SafeXml.error(source, reader, "condition-coverage must look like '50% (1/2)' but is '"
                            + LcovParser.abbreviate(conditions) + "'");
                }
                int covered = Integer.parseInt(matcher.group(1));
                int total = Integer.parseInt(matcher.group(2));
                if (covered > total) {
                    throw SafeXml.error(source, reader, "condition-coverage covers more than its total: " + conditions);
                }
                lines.branchesCovered += covered;
                lines.branchesTotal += total;
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

    private static final class ClassLines {
        final String filename;
        final TreeMap<Integer, Long> hits = new TreeMap<>();
        int branchesCovered;
        int branchesTotal;

        ClassLines(String filename) {
            this.filename = filename;
        }
    }
}
