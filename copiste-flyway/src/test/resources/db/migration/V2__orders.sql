-- Runs on every node (subscribers first): Slony copies rows, not table definitions.
CREATE SCHEMA IF NOT EXISTS app;
CREATE TABLE app.orders (
    id bigserial PRIMARY KEY,
    item text NOT NULL,
    qty int NOT NULL
);
INSERT INTO app.orders (item, qty) SELECT 'item ' || g, g FROM generate_series(1, 500) g;
