package com.acme.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SlugTest {
    @Test
    void lowercasesAndJoinsWords() {
        assertEquals("hello-world", Slug.of("Hello World!"));
    }
}
