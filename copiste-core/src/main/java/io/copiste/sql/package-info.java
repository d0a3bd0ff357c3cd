/**
 * SQL text helpers: the single quoting point for identifiers and literals ({@link io.copiste.sql.Sql}),
 * qualified table names ({@link io.copiste.sql.TableName}), and SQLSTATE classification
 * ({@link io.copiste.sql.SqlStates}).
 */
package io.copiste.sql;
