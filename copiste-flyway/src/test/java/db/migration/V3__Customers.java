package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Statement;

/** A Java migration: the callback adds the table it creates as it does for SQL migrations. */
public class V3__Customers extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        try (Statement st = context.getConnection().createStatement()) {
            st.execute("CREATE TABLE app.customers (id int PRIMARY KEY, name text NOT NULL)");
            st.execute("INSERT INTO app.customers SELECT g, 'customer ' || g FROM generate_series(1, 100) g");
        }
    }
}
