package com.acme.text;

/** Title case for headings (the same package as core's Slug, in another module). */
public final class Titles {
    private Titles() {}

    public static String capitalise(String words) {
        StringBuilder out = new StringBuilder();
        for (String word : words.trim().split("\\s+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return out.toString();
    }
}
