-- The rows of the disposition table a pass showed (`DispositionRow[]`, most urgent first; `[]`
-- when it showed none), so `/reviewloop status` shows the same table as the last review. Null
-- for passes recorded before this migration: status then lists the claims as stored.
ALTER TABLE reviews ADD COLUMN disposition_rows jsonb;
