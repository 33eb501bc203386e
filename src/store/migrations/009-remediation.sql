-- Remediation rounds (issue 9). One `dispatches` row per dispatch attempt: the loop records the
-- intent (status `intended`) in the same transaction that decides the round, the Dispatch job
-- claims it (`sending`) before the request leaves, and records what GitHub (or the fixer's
-- webhook) answered. A row in `sending` after a crash is an unknown outcome: the run is looked
-- for by `dispatch_id` before anything is sent again.
--
-- status: intended → sending → accepted → running → succeeded | failed
--         intended → held (a cap; claimed again later) ; sending → refused (4xx/5xx)
ALTER TABLE dispatches ADD COLUMN attempt integer NOT NULL DEFAULT 1;
ALTER TABLE dispatches ADD COLUMN head_sha text;
-- Blocking fingerprints open when the round started (findings per round, for the next issue).
ALTER TABLE dispatches ADD COLUMN fingerprints jsonb NOT NULL DEFAULT '[]';
-- The payload exactly as sent (the public contract, schema/dispatch-payload.schema.json).
ALTER TABLE dispatches ADD COLUMN payload jsonb;
-- When the request left: the per-repository daily cap counts these.
ALTER TABLE dispatches ADD COLUMN sent_at timestamptz;
-- `fix` from a command: every open finding, whatever its severity.
ALTER TABLE dispatches ADD COLUMN scope text NOT NULL DEFAULT 'blocking';
CREATE INDEX dispatches_run ON dispatches (repo_id, run_id) WHERE run_id IS NOT NULL;
CREATE INDEX dispatches_sent ON dispatches (repo_id, sent_at) WHERE sent_at IS NOT NULL;

-- A finding's suggested replacement, so the fixer's payload can carry it.
ALTER TABLE findings ADD COLUMN suggestion text;
