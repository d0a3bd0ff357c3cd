/* the callback takes app.customers out of its set before this runs */
DROP TABLE IF EXISTS app.customers;
