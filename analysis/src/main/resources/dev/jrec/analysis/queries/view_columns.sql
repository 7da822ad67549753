-- view_columns: the columns of the capture's views and tables (schema main), in their order, for the SQL console's
-- completion.
-- @column view VARCHAR view or table name
-- @column column_name VARCHAR column name
SELECT table_name AS view, column_name
FROM information_schema.columns
WHERE table_schema = 'main'
ORDER BY table_name, ordinal_position;
