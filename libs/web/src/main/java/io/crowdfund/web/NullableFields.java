package io.crowdfund.web;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;

/**
 * The API's records say in their types which fields may be null: a component typed
 * {@code @Nullable} (JSpecify) is optional and nullable in the document, as an OpenAPI 3.1 type
 * array ({@code ["string", "null"]}, an enum with {@code null}, a reference or {@code null}); every
 * other component is required. Responses always carry every field (nulls included), so a client
 * generated from the document knows exactly which may be null.
 */
class NullableFields implements ModelConverter {

    private static final String NULL = "null";

    @Override
    public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
        Schema<?> schema = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
        Class<?> raw = type.getType() == null ? null : Json.mapper().constructType(type.getType()).getRawClass();
        if (schema != null && raw != null && raw.isRecord()) {
            Schema<?> model = schema.get$ref() == null ? schema : context.getDefinedModels().get(nameOf(schema.get$ref()));
            if (model != null && model.getProperties() != null) {
                describe(model, raw.getRecordComponents());
            }
        }
        return schema;
    }

    @Override
    public boolean isOpenapi31() {
        return true;
    }

    private static void describe(Schema<?> model, RecordComponent[] components) {
        Map<String, Schema> properties = model.getProperties();
        List<String> required = new ArrayList<>();
        for (RecordComponent component : components) {
            Schema<?> property = properties.get(component.getName());
            if (property == null) {
                continue; // not serialized
            }
            if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
                properties.put(component.getName(), nullable(property));
            } else {
                required.add(component.getName());
            }
        }
        model.setRequired(required.isEmpty() ? null : required);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Schema<?> nullable(Schema property) {
        if (property.get$ref() != null || property.getAllOf() != null) {
            return new JsonSchema().anyOf(List.of(property, new JsonSchema().types(Set.of(NULL))))
                    .description(property.getDescription());
        }
        Set<String> types = new LinkedHashSet<>(property.getTypes() == null ? Set.of() : property.getTypes());
        if (property.getType() != null) {
            types.add(property.getType());
        }
        types.add(NULL);
        property.setTypes(types);
        if (property.getEnum() != null && !property.getEnum().contains(null)) {
            List<Object> values = new ArrayList<>(property.getEnum());
            values.add(null);
            property.setEnum(values);
        }
        return property;
    }

    private static String nameOf(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }
}
