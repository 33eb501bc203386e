-- Exactly once, never stuck (issue 8).

-- A dead job re-queued by hand (`reviewloop jobs requeue <id>`) starts a new generation: its
-- outcome is a new event for the loop (the spine keys a job's outcome by id and generation),
-- while the retries of one generation still report once.
ALTER TABLE jobs ADD COLUMN generation integer NOT NULL DEFAULT 0;

-- Retention deletes finished jobs by age, and /metrics counts dead jobs, without a table scan.
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE status IN ('done', 'cancelled', 'dead');
CREATE INDEX jobs_dead ON jobs (id) WHERE status = 'dead';
