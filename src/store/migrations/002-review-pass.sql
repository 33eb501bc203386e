-- The review pass on GitHub (issue 4): what a pass posted, and where each finding's thread is.

-- The inline comment's URL, so later summaries link the first thread instead of commenting again.
ALTER TABLE findings ADD COLUMN comment_url text;
-- When the finding's review thread was resolved on GitHub (null: not resolved by us).
ALTER TABLE findings ADD COLUMN thread_resolved_at timestamptz;

ALTER TABLE reviews ADD COLUMN conclusion text;
ALTER TABLE reviews ADD COLUMN trigger text;
-- The job that ran the pass: a retried job updates its row instead of adding a second one.
ALTER TABLE reviews ADD COLUMN job_id bigint;
CREATE UNIQUE INDEX reviews_job ON reviews (job_id) WHERE job_id IS NOT NULL;
