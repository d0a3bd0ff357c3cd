package io.copiste.function;

import io.copiste.db.TableInfo;

import java.sql.Connection;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a delivered function gets when it starts.
 *
 * @param pipeline the pipeline's name
 * @param binding  the binding's name
 * @param table    the bound table as it is now
 * @param key      the key columns (the binding's {@code key}, else the primary key); may be empty
 * @param columns  the captured columns (the binding's {@code columns} plus the key, or every column), in table order
 * @param source   opens a new connection to the source database (for lookups); the caller closes it
 */
public record FunctionContext(String pipeline, String binding, TableInfo table, List<String> key,
                              List<String> columns, Supplier<Connection> source) {
    public FunctionContext {
        key = List.copyOf(key);
        columns = List.copyOf(columns);
    }
}
