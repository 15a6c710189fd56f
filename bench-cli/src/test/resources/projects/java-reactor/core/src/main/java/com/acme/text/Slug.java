package com.acme.text;

import java.util.Locale;

/** Turns titles into URL slugs. */
public final class Slug {
    private Slug() {}

    public static String of(String title) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        if (slug.startsWith("-")) {
            slug = slug.substring(1);
        }
        if (slug.endsWith("-")) {
            slug = slug.substring(0, slug.length() - 1);
        }
        return slug;
    }
}
