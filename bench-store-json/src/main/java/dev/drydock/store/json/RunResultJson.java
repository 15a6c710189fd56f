package dev.drydock.store.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.drydock.api.DrydockException;
import dev.drydock.api.ErrorCode;
import dev.drydock.api.RunResult;
import java.util.List;

/**
 * The JSON form of results: ISO-8601 instants and durations, absent optionals as {@code null},
 * map keys sorted, pretty-printed, decimals exact. Unknown properties are tolerated so older readers can skip
 * fields newer drydock versions add within the same schema version.
 */
public final class RunResultJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // trees keep decimals as written (a cost of 0.012000 stays that), so a result read as a tree comes back equal
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private RunResultJson() {}

    /** The configured mapper; shared, do not reconfigure. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A JSON array of the results, for {@code --results-json} and scripts. */
    public static String toJsonArray(List<RunResult> results) {
        try {
            return MAPPER.writeValueAsString(results);
        } catch (JsonProcessingException e) {
            throw new DrydockException(ErrorCode.INTERNAL, "cannot write results as JSON", e);
        }
    }
}
