package dev.drydock.coverage;

import java.nio.charset.StandardCharsets;

/** Content sniffing on the first bytes of a report. */
final class Heads {
    private Heads() {}

    static String text(byte[] head) {
        return new String(head, StandardCharsets.UTF_8);
    }

    static boolean isXmlWithRoot(byte[] head, String... roots) {
        String text = text(head);
        for (String root : roots) {
            if (text.contains("<" + root + " ") || text.contains("<" + root + ">") || text.contains("<" + root + "\n")) {
                return true;
            }
        }
        return false;
    }
}
