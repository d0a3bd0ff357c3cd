package io.copiste.function.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import io.copiste.function.DeliveredFunction;
import io.copiste.function.Function;
import io.copiste.function.FunctionContext;
import io.copiste.function.FunctionDefinition;
import io.copiste.function.FunctionProvider;
import io.copiste.function.Json;
import io.copiste.function.TargetSchema;
import io.copiste.manifest.Settings;
import io.copiste.manifest.Target;
import io.copiste.sql.TableName;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jdbc.table}: replicates the bound table into a table of another database (PostgreSQL, MariaDB/MySQL),
 * exactly once: the pipeline's position is stored in the target in the same transaction as the rows it covers.
 * See docs/jdbc.md for the settings.
 */
public final class JdbcTableProvider implements FunctionProvider {
    @Override
    public String type() {
        return "jdbc.table";
    }

    @Override
    public String summary() {
        return "replicate the table into another database (PostgreSQL, MariaDB), exactly once";
    }

    /** What a manifest's {@code columns:} entry says about one target column. */
    private record Spec(String target, String source, JsonNode constant, String sql) {
    }

    @Override
    public FunctionDefinition define(Settings settings) {
        Target target = settings.target("target", "jdbc");
        String table = settings.string("table", null);
        List<String> tableParts = null;
        if (table != null) {
            try {
                tableParts = TableName.splitQualified(table);
                if (tableParts.size() > 2) {
                    settings.problem("table", "'table' has too many dotted parts", "write table or schema.table");
                }
            } catch (IllegalArgumentException e) {
                settings.problem("table", "'table' is not a table name: " + e.getMessage(), null);
            }
        }
        List<Spec> specs = new ArrayList<>();
        Settings columns = settings.section("columns");
        for (String name : columns.keys()) {
            if (columns.isSection(name)) {
                Settings c = columns.section(name);
                boolean hasValue = c.has("value");
                String sql = c.string("sql", null);
                JsonNode value = hasValue ? Json.MAPPER.valueToTree(c.string("value", null)) : null;
                if (hasValue == (sql != null)) {
                    columns.problem(name, "column '" + name + "' needs either 'value' or 'sql'",
                            "e.g. {value: copiste} or {sql: now()}");
                }
                specs.add(new Spec(name, null, value, sql));
            } else {
                specs.add(new Spec(name, columns.string(name), null, null));
            }
        }
        List<String> exclude = settings.strings("exclude");
        List<String> key = settings.strings("key");
        Mapping.OnDelete onDelete = settings.choice("onDelete", Mapping.OnDelete.class, Mapping.OnDelete.DELETE);
        Mapping.Column soft = null;
        Settings softDelete = settings.section("softDelete");
        if (onDelete == Mapping.OnDelete.SOFT) {
            String column = softDelete.string("column");
            String sql = softDelete.string("sql", null);
            String value = softDelete.string("value", null);
            if ((sql == null) == (value == null)) {
                settings.problem("softDelete", "'softDelete' needs a 'column' and either 'sql' or 'value'",
                        "e.g. softDelete: {column: deleted_at, sql: now()}");
            }
            soft = new Mapping.Column(column, null, value == null ? null : Json.MAPPER.valueToTree(value), sql);
        } else if (settings.has("softDelete")) {
            settings.problem("softDelete", "'softDelete' applies only with 'onDelete: soft'", null);
        }
        Mapping.OnTruncate onTruncate = settings.choice("onTruncate", Mapping.OnTruncate.class,
                Mapping.OnTruncate.PROPAGATE);
        return new Definition(target == null ? null : target.definition(JdbcTarget.class), target == null ? null
                : target.name(), tableParts, specs, exclude, key, onDelete, soft, onTruncate);
    }

    private record Definition(JdbcTarget target, String targetName, List<String> table, List<Spec> specs,
                              List<String> exclude, List<String> key, Mapping.OnDelete onDelete, Mapping.Column soft,
                              Mapping.OnTruncate onTruncate) implements DeliveredFunction, TargetSchema {
        @Override
        public Function open(FunctionContext context) throws SQLException {
            return new TableWriter(target, mapping(context), context);
        }

        /** Only the old key matters (a delete, a key change): capture is cheaper without the whole old row. */
        @Override
        public boolean needsOldRow() {
            return false;
        }

        @Override
        public java.util.Set<String> columnsUsed() {
            java.util.Set<String> used = new java.util.LinkedHashSet<>(exclude);
            specs.stream().filter(s -> s.source() != null).forEach(s -> used.add(s.source()));
            return used;
        }

        /** The mapping on the actual source table: defaults filled in. */
        Mapping mapping(FunctionContext context) {
            Map<String, Mapping.Column> out = new LinkedHashMap<>();
            java.util.Set<String> renamed = new java.util.HashSet<>();
            specs.stream().filter(s -> s.source() != null).forEach(s -> renamed.add(s.source()));
            for (String c : context.columns()) {
                if (!exclude.contains(c) && !renamed.contains(c)) {
                    out.put(c, new Mapping.Column(c, c, null, null));
                }
            }
            for (Spec s : specs) {
                out.put(s.target(), new Mapping.Column(s.target(), s.source(), s.constant(), s.sql()));
            }
            List<String> targetKey = key;
            if (targetKey.isEmpty()) {
                targetKey = context.key().stream().map(k -> out.values().stream().filter(c -> k.equals(c.source()))
                        .map(Mapping.Column::target).findFirst().orElse(k)).toList();
            }
            List<String> name = table != null ? table : target.dialect() instanceof PostgresDialect
                    ? List.of(context.table().name().schema(), context.table().name().name())
                    : List.of(context.table().name().name());
            return new Mapping(name, List.copyOf(out.values()), targetKey, onDelete, soft, onTruncate);
        }

        @Override
        public String targetDescription() {
            return "target '" + targetName + "' (" + target.describe() + ")";
        }

        @Override
        public List<String> problems(FunctionContext context) throws SQLException {
            Mapping m = mapping(context);
            List<String> problems = new ArrayList<>();
            for (String k : m.key()) {
                if (m.columns().stream().noneMatch(c -> c.target().equals(k) && c.source() != null)) {
                    problems.add("key column '" + k + "' is not filled from a source column");
                }
            }
            try (Connection c = connect()) {
                List<String> existing = target.dialect().columns(c, m);
                if (existing == null) {
                    return problems;
                }
                for (Mapping.Column col : m.columns()) {
                    if (!existing.contains(col.target())) {
                        problems.add("column '" + col.target() + "' is missing on " + target.dialect().table(m.table())
                                + " of " + targetDescription() + "; add it there (e.g. ALTER TABLE … ADD COLUMN)");
                    }
                }
                if (m.soft() != null && !existing.contains(m.soft().target())) {
                    problems.add("soft-delete column '" + m.soft().target() + "' is missing on "
                            + target.dialect().table(m.table()) + " of " + targetDescription());
                }
                if (!m.key().isEmpty() && !target.dialect().hasUniqueKey(c, m)) {
                    problems.add("no primary key or unique index on exactly " + m.key() + " of "
                            + target.dialect().table(m.table()) + " on " + targetDescription()
                            + "; create one, the upsert needs it");
                }
            }
            return problems;
        }

        @Override
        public List<String> missingDdl(FunctionContext context) throws SQLException {
            Mapping m = mapping(context);
            try (Connection c = connect()) {
                return target.dialect().columns(c, m) == null
                        ? List.of(target.dialect().createTable(m, context.table())) : List.of();
            }
        }

        @Override
        public void createMissing(FunctionContext context) throws SQLException {
            try (Connection c = connect(); Statement st = c.createStatement()) {
                for (String ddl : missingDdl(context)) {
                    st.execute(ddl);
                }
                c.commit();
            }
        }

        private Connection connect() {
            try {
                return target.open();
            } catch (SQLException e) {
                throw target.cannotConnect(e);
            }
        }
    }
}
