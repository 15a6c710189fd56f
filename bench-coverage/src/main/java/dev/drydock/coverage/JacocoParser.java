package dev.drydock.coverage;

import dev.drydock.api.CoverageReport;
import dev.drydock.api.FileCoverage;
import dev.drydock.api.ReportFormatException;
import dev.drydock.spi.CoverageParser;
import dev.drydock.spi.ReportSource;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;

/**
 * JaCoCo XML ({@code jacoco.xml}): {@code <package name="a/b">} / {@code <sourcefile name="C.java">}
 * / {@code <line nr mi ci mb cb>}. A line is executable when it has instructions, covered when one
 * of them ran ({@code ci > 0}; JaCoCo counts instructions, not executions, so hits are 0 or 1);
 * its branches are {@code mb + cb}, {@code cb} of them covered.
 *
 * <p>JaCoCo names files relative to a source folder. The folder is taken from where the report
 * lies: {@code <module>/target/site/jacoco*}/{@code jacoco.xml} means {@code <module>/src/main/java};
 * a report elsewhere means {@code src/main/java}. Inside a {@code <group name="core/api">} (the
 * java recipe writes one per Maven module, named by the module's folder) it is that folder's
 * {@code src/main/java}, so that a package found in two modules stays two sets of files.
 */
public final class JacocoParser implements CoverageParser {
    public static final String FORMAT = "jacoco";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean supports(String fileName, byte[] head) {
        String text = Heads.text(head);
        return Heads.isXmlWithRoot(head, "report") && (text.contains("JACOCO") || text.contains("<sessioninfo"));
    }

    @Override
    public CoverageReport parse(InputStream in, ReportSource source) {
        String sourceRoot = sourceRoot(source.name());
        return SafeXml.read(in, source, reader -> {
            List<FileCoverage> files = new ArrayList<>();
            boolean sawRoot = false;
            int depth = 0;
            String packageName = null;
            Deque<String> groups = new ArrayDeque<>();
            FileCoverage.Builder current = null;
            while (reader.hasNext()) {
                int event = SafeXml.next(reader, source);
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = reader.getLocalName();
                    if (depth == 0 && !name.equals("report")) {
                        throw SafeXml.error(source, reader, "expected a JaCoCo <report> root but found <" + name + ">");
                    }
                    sawRoot = true;
                    depth++;
                    if (name.equals("group")) {
                        groups.push(requiredAttribute(reader, source, "name"));
                    } else if (name.equals("package")) {
                        packageName = requiredAttribute(reader, source, "name");
                    } else if (name.equals("sourcefile") && packageName != null) {
                        String file = requiredAttribute(reader, source, "name");
                        String relative = packageName.isEmpty() ? file : packageName + "/" + file;
                        if (relative.indexOf('\0') >= 0) {
                            throw SafeXml.error(source, reader, "unusable file name: it contains a NUL character");
                        }
                        current = FileCoverage.builder((groups.isEmpty() ? sourceRoot : moduleRoot(groups.peek())) + relative);
                    } else if (name.equals("line") && current != null) {
                        int line = SafeXml.intAttribute(reader, source, "nr");
                        int missed = SafeXml.intAttribute(reader, source, "mi");
                        int covered = SafeXml.intAttribute(reader, source, "ci");
                        int missedBranches = SafeXml.intAttribute(reader, source, "mb");
                        int coveredBranches = SafeXml.intAttribute(reader, source, "cb");
                        if (line < 1 || missed < 0 || covered < 0 || missedBranches < 0 || coveredBranches < 0) {
                            throw SafeXml.error(source, reader, "<line> needs nr >= 1 and counters >= 0");
                        }
                        if ((long) missed + covered > 0) {
                            current.line(line, covered > 0 ? 1 : 0);
                            long branches = (long) missedBranches + coveredBranches;
                            if (branches > 0xffff) {
                                throw SafeXml.error(source, reader, "line " + line + " claims " + branches + " branches");
                            }
                            current.branches(line, coveredBranches, (int) branches);
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                    String name = reader.getLocalName();
                    if (name.equals("sourcefile") && current != null) {
                        files.add(current.build());
                        current = null;
                    } else if (name.equals("package")) {
                        packageName = null;
                    } else if (name.equals("group") && !groups.isEmpty()) {
                        groups.pop();
                    }
                }
            }
            if (!sawRoot) {
                throw new ReportFormatException(source.name() + ": empty document, expected a JaCoCo <report> root");
            }
            return CoverageReport.of(FORMAT, files);
        });
    }

    private static String requiredAttribute(XMLStreamReader reader, ReportSource source, String name) {
        String value = reader.getAttributeValue(null, name);
        if (value == null) {
            throw SafeXml.error(source, reader, "<" + reader.getLocalName() + "> lacks the attribute " + name);
        }
        return value;
    }

    /** A module's folder, as a group names it ({@code .} or empty for the project's root) → its source folder. */
    static String moduleRoot(String group) {
        String folder = group.replace('\\', '/').replaceAll("^(\\./)+|/+$", "");
        return folder.isEmpty() || folder.equals(".") ? "src/main/java/" : folder + "/src/main/java/";
    }

    /** {@code a/b/target/site/jacoco/jacoco.xml} → {@code a/b/src/main/java/}. */
    static String sourceRoot(String reportPath) {
        String path = reportPath.replace('\\', '/');
        int target = path.startsWith("target/") ? 0 : path.lastIndexOf("/target/") + 1;
        String module = target > 0 || path.startsWith("target/") ? path.substring(0, target) : "";
        return module + "src/main/java/";
    }
}
