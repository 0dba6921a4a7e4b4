package io.k2.floe.tiering.messages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Consumer;

/** Edits an encoded message as a JSON tree, to make exactly one thing wrong. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static String edit(String json, Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(json);
            change.accept(root);
            return MAPPER.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode data(ObjectNode root) {
        return (ObjectNode) root.get("data");
    }
}
