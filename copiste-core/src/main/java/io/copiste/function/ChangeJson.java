package io.copiste.function;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JSON form of a change shared by {@code jsonl} and {@code webhook}:
 * {@code {"id", "pipeline", "binding", "op", "table", "txid", "position", "time", "key", "old", "new"}}, rows in
 * the lossless value representation; {@code old}/{@code new} are absent when the operation has no such row.
 */
public final class ChangeJson {
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private ChangeJson() {
    }

    /** The change as a JSON object; {@code key} lists the key columns (may be empty). */
    public static ObjectNode of(Change c, java.util.List<String> key) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", c.id());
        o.put("pipeline", c.pipeline());
        o.put("binding", c.binding());
        o.put("op", c.operation().manifestName());
        o.put("table", c.table().toString());
        o.put("txid", c.txid());
        o.put("position", c.position().toString());
        o.put("time", MICROS.format(c.time()));
        if (c.row() != null && !key.isEmpty()) {
            o.set("key", c.row().select(key));
        }
        if (c.oldRow() != null) {
            o.set("old", c.oldRow().json());
        }
        if (c.newRow() != null) {
            o.set("new", c.newRow().json());
        }
        return o;
    }
}
