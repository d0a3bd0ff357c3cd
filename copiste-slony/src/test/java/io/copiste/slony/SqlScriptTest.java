package io.copiste.slony;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** EXECUTE SCRIPT splits scripts at top-level semicolons only. */
class SqlScriptTest {
    @Test
    void splitsAtTopLevelSemicolons() {
        assertThat(SqlScript.split("ALTER TABLE a ADD b int; CREATE INDEX i ON a (b);\n"))
                .containsExactly("ALTER TABLE a ADD b int", "CREATE INDEX i ON a (b)");
    }

    @Test
    void keepsSemicolonsInsideQuotesIdentifiersDollarBodiesAndComments() {
        String function = "CREATE FUNCTION f() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql";
        assertThat(SqlScript.split("INSERT INTO t VALUES ('a;b', E'c\\';d'); " + function + ";"
                + " ALTER TABLE \"x;y\" ADD z int; -- done; really\n/* a; /* nested; */ b */ SELECT 1"))
                .containsExactly("INSERT INTO t VALUES ('a;b', E'c\\';d')", function,
                        "ALTER TABLE \"x;y\" ADD z int", "-- done; really\n/* a; /* nested; */ b */ SELECT 1");
    }

    @Test
    void dropsEmptyStatementsAndCommentOnlyTails() {
        assertThat(SqlScript.split(";; SELECT $1; -- the end\n")).containsExactly("SELECT $1");
    }
}
