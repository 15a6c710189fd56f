package dev.drydock.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.drydock.api.RunResult;
import dev.drydock.store.json.RunResultJson;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The published JSON Schema (2020-12) of a {@link RunResult} as drydock's JSON writes it, made from
 * the records themselves so it cannot drift from them: every component required, {@code Optional}s
 * nullable, instants and durations ISO-8601 strings, no properties the records do not have.
 */
public final class RunResultSchema {
    private final ObjectNode schema;
    private final Schema validator;

    public RunResultSchema() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(RunResultJson.mapper(),
                SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(Option.FLATTENED_OPTIONALS, Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT,
                        Option.NULLABLE_FIELDS_BY_DEFAULT, Option.DEFINITIONS_FOR_ALL_OBJECTS,
                        Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
                .without(Option.NULLABLE_ARRAY_ITEMS_ALLOWED);
        config.forFields()
                .withRequiredCheck(field -> true)
                .withNullableCheck(field -> field.getType().isInstanceOf(Optional.class));
        config.forTypesInGeneral().withCustomDefinitionProvider((type, context) -> {
            Class<?> erased = type.getErasedType();
            if (erased == Instant.class || erased == Duration.class) {
                ObjectNode node = context.getGeneratorConfig().createObjectNode().put("type", "string")
                        .put("format", erased == Instant.class ? "date-time" : "duration");
                return new CustomDefinition(node, CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.NO);
            }
            if (erased == BigDecimal.class) {
                ObjectNode node = context.getGeneratorConfig().createObjectNode().put("type", "number");
                return new CustomDefinition(node, CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.NO);
            }
            return null;
        });
        ObjectNode generated = new SchemaGenerator(config.build()).generateSchema(RunResult.class);
        generated.put("$id", "https://drydock.dev/schema/run-result.json");
        generated.put("title", "RunResult (schema version " + RunResult.SCHEMA_VERSION + ")");
        this.schema = generated;
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(com.networknt.schema.SchemaRegistryConfig.builder()
                        .pathType(PathType.JSON_POINTER).build()));
        this.validator = registry.getSchema(schema);
    }

    /** The schema document. */
    public JsonNode document() {
        return schema.deepCopy();
    }

    /** What is wrong with {@code result}, each problem as {@code JSON pointer: message}; empty when it conforms. */
    public List<String> problems(JsonNode result) {
        return validator.validate(result).stream().map(RunResultSchema::describe).toList();
    }

    private static String describe(Error error) {
        String pointer = error.getInstanceLocation().toString();
        return (pointer.isEmpty() ? "/" : pointer) + ": " + error.getMessage();
    }
}
