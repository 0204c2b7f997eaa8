package io.crowdfund.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.type.LogicalType;

/**
 * Every string of a JSON body, as Jackson reads it, refused if it holds a control character (see
 * {@link ControlCharacters}); the refusal carries the field's path, which {@link ProblemHandling}
 * names in {@code errors}.
 */
class PlainTextDeserializer extends StdScalarDeserializer<String> {

    PlainTextDeserializer() {
        super(String.class);
    }

    @Override
    public LogicalType logicalType() {
        return LogicalType.Textual;
    }

    @Override
    public Object getEmptyValue(DeserializationContext context) {
        return "";
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) {
        String text = StringDeserializer.instance.deserialize(parser, context);
        if (text != null && ControlCharacters.inFreeText(text)) {
            throw new ControlCharacterInText(parser);
        }
        return text;
    }

    /** A string of a JSON body with a control character in it. */
    static class ControlCharacterInText extends MismatchedInputException {

        ControlCharacterInText(JsonParser parser) {
            super(parser, ControlCharacters.MESSAGE, String.class);
        }
    }
}
