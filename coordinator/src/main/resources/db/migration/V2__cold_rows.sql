-- Rows in the cold table at its marker's snapshot (Iceberg's total-records), for the API's table status.
ALTER TABLE table_states ADD COLUMN cold_rows BIGINT;
