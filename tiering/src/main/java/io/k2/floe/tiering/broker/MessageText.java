package io.k2.floe.tiering.broker;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Raw broker payloads as text, refusing what is not valid UTF-8 instead of silently replacing bytes. */
public final class MessageText {

    private MessageText() {
    }

    /** The payload as text, or empty when it is null, empty or not valid UTF-8. */
    public static Optional<String> utf8(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Why {@link #utf8(byte[])} refused a payload, for error messages. */
    public static String whyNotText(byte[] payload, String topic) {
        if (payload == null || payload.length == 0) {
            return "empty message on " + topic + " (expected CloudEvents JSON)";
        }
        return "message on " + topic + " is not UTF-8 text (" + payload.length + " bytes; expected CloudEvents JSON)";
    }
}
