-- Comment commands (issue 5): each comment's commands run once, and the per-PR cooldown of
-- `fix` and `full-review` survives restarts and is shared by every replica.

-- One row per comment that held commands. `comment_id` is GitHub's id of the issue comment or
-- review comment (one id space per kind, so the kind is part of the key).
CREATE TABLE command_runs (
  installation_id  bigint NOT NULL,
  repo_id          bigint NOT NULL,
  pr_number        integer NOT NULL,
  comment_kind     text NOT NULL,
  comment_id       bigint NOT NULL,
  actor            text NOT NULL,
  -- running → done (commands executed, reply posted) | ignored (the app's own or a bot's comment)
  status           text NOT NULL DEFAULT 'running',
  -- The job executing it: a retry of that job continues, any other job for the comment stops.
  job_id           bigint,
  -- Per command: { line, command, outcome } (outcome: ran | refused | failed | invalid).
  results          jsonb NOT NULL DEFAULT '[]',
  reply_comment_id bigint,
  created_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  PRIMARY KEY (comment_kind, comment_id)
);
CREATE INDEX command_runs_pr ON command_runs (repo_id, pr_number, created_at);
CREATE INDEX command_runs_installation ON command_runs (installation_id);

-- When `fix` / `full-review` last ran on a pull request, and which comment ran it (a retry of
-- that comment's job is not refused by its own cooldown).
CREATE TABLE command_cooldowns (
  installation_id bigint NOT NULL,
  repo_id         bigint NOT NULL,
  pr_number       integer NOT NULL,
  command         text NOT NULL,
  last_run_at     timestamptz NOT NULL,
  comment_kind    text NOT NULL,
  comment_id      bigint NOT NULL,
  PRIMARY KEY (repo_id, pr_number, command)
);
CREATE INDEX command_cooldowns_installation ON command_cooldowns (installation_id);
