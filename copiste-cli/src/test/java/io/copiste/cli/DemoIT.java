package io.copiste.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command: {@code copiste demo} runs start to end on a fresh embedded PostgreSQL and directory. */
@Timeout(300)
class DemoIT {
    @Test
    void theDemoShowsTheDirectoryFollowingTheDatabase() {
        Cli demo = Cli.run("demo");

        assertThat(demo.exit()).as(demo.toString()).isZero();
        assertThat(demo.out())
                .as("init replays the row that was there before install")
                .containsSubsequence("4. copiste init", "ldap : add    uid=ada,ou=people,dc=example,dc=org",
                        "1 rows sent")
                .as("each write, then the LDAP operations copiste run made for it, in order")
                .containsSubsequence("VALUES ('grace'", "log  : person grace insert",
                        "ldap : add    uid=grace,ou=people,dc=example,dc=org",
                        "INSERT INTO groups", "ldap : add    cn=engineers,ou=groups,dc=example,dc=org",
                        "INSERT INTO members", "ADD member: uid=grace,ou=people,dc=example,dc=org",
                        "SET email = 'amiral@example.org'", "REPLACE mail: amiral@example.org",
                        "SET login = 'ghopper'", "rename uid=grace,ou=people,dc=example,dc=org  ->  uid=ghopper",
                        "'ghost'", "log  : person ghost insert", "ROLLBACK",
                        "DELETE FROM members", "DELETE member: uid=ada,ou=people,dc=example,dc=org",
                        "DELETE FROM people", "ldap : delete uid=ada,ou=people,dc=example,dc=org",
                        "6. the directory now", "dn: uid=ghopper,ou=people,dc=example,dc=org",
                        "mail: amiral@example.org", "member: uid=ghopper,ou=people,dc=example,dc=org",
                        "~ people-log", "definition changed", "8. copiste uninstall", "removed 4 bindings")
                .as("the aborted transaction reached nothing").doesNotContain("uid=ghost");
    }
}
