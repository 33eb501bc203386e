-- Leasing past a busy pull request (issue 8): when the first jobs in queue order all belong to
-- groups that cannot run now, the lease looks only at each group's first queued job instead of
-- walking every blocked job (lease-jobs.ts, docs/jobs.md "Leasing").
-- Each group's queued jobs in queue order: the next distinct group and a group's head are one
-- index descent each.
CREATE INDEX jobs_queued_group ON jobs (group_key, run_at, id)
  WHERE status = 'queued' AND group_key IS NOT NULL;
-- Due jobs without a group, in queue order: none of them is ever blocked.
CREATE INDEX jobs_queued_ungrouped ON jobs (run_at, id)
  WHERE status = 'queued' AND group_key IS NULL;
