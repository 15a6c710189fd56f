package dev.drydock.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a configuration record component takes when the key is absent, written as it would be
 * in YAML ({@code "30m"}, {@code "true"}, {@code "1048576"}). Lists and maps default to empty
 * without it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface ConfigDefault {
    String value();
}
