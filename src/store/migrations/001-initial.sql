-- Every row is scoped by GitHub's numeric installation and repository ids, so a rename or a
-- transfer keeps its state and an uninstall can purge exactly what belongs to a repository.

CREATE TABLE deliveries (
  delivery_id     text PRIMARY KEY,
  installation_id bigint NOT NULL,
  repo_id         bigint NOT NULL,
  event           text NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deliveries_repo ON deliveries (installation_id, repo_id);
CREATE INDEX deliveries_received_at ON deliveries (received_at);

CREATE TABLE loops (
  installation_id bigint NOT NULL,
  repo_id         bigint NOT NULL,
  pr_number       integer NOT NULL,
  repo_full_name  text NOT NULL,
  status          text NOT NULL,
  head_sha        text,
  state           jsonb NOT NULL,
  version         integer NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_id, pr_number)
);
CREATE INDEX loops_installation ON loops (installation_id);

CREATE TABLE reviews (
  id              bigserial PRIMARY KEY,
  installation_id bigint NOT NULL,
  repo_id         bigint NOT NULL,
  pr_number       integer NOT NULL,
  base_sha        text,
  head_sha        text NOT NULL,
  mode            text NOT NULL,
  verdict         text,
  counts          jsonb NOT NULL DEFAULT '{}',
  github_requests integer NOT NULL DEFAULT 0,
  duration_ms     integer,
  review_id       bigint,
  check_run_id    bigint,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reviews_pr ON reviews (repo_id, pr_number, id);
CREATE INDEX reviews_installation ON reviews (installation_id);

CREATE TABLE findings (
  installation_id  bigint NOT NULL,
  repo_id          bigint NOT NULL,
  pr_number        integer NOT NULL,
  short_id         text NOT NULL,
  fingerprint      text NOT NULL,
  rule_id          text NOT NULL,
  engine           text NOT NULL,
  severity         text NOT NULL,
  category         text NOT NULL,
  path             text NOT NULL,
  line             integer NOT NULL,
  start_line       integer,
  side             text NOT NULL,
  title            text NOT NULL,
  body             text NOT NULL,
  status           text NOT NULL DEFAULT 'open',
  disposition      jsonb,
  first_review_id  bigint,
  last_review_id   bigint,
  comment_id       bigint,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_id, pr_number, fingerprint),
  UNIQUE (repo_id, pr_number, short_id)
);
CREATE INDEX findings_installation ON findings (installation_id);

CREATE TABLE dispatches (
  id              bigserial PRIMARY KEY,
  installation_id bigint NOT NULL,
  repo_id         bigint NOT NULL,
  pr_number       integer NOT NULL,
  round           integer NOT NULL,
  dispatch_id     text NOT NULL UNIQUE,
  target          text NOT NULL,
  status          text NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  run_id          bigint,
  run_url         text,
  conclusion      text,
  diagnostics     jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dispatches_pr ON dispatches (repo_id, pr_number, round);
CREATE INDEX dispatches_installation ON dispatches (installation_id);

-- The durable queue. status: queued → running → done | dead | cancelled (running → queued on retry).
CREATE TABLE jobs (
  id              bigserial PRIMARY KEY,
  installation_id bigint NOT NULL,
  repo_id         bigint NOT NULL,
  kind            text NOT NULL,
  payload         jsonb NOT NULL,
  dedupe_key      text UNIQUE,
  -- Jobs of one group (one pull request) never run at the same time.
  group_key       text,
  status          text NOT NULL DEFAULT 'queued',
  run_at          timestamptz NOT NULL DEFAULT now(),
  attempts        integer NOT NULL DEFAULT 0,
  max_attempts    integer NOT NULL,
  lease_until     timestamptz,
  lease_token     text,
  last_error      jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);
CREATE INDEX jobs_runnable ON jobs (run_at, id) WHERE status = 'queued';
CREATE INDEX jobs_running ON jobs (lease_until) WHERE status = 'running';
CREATE INDEX jobs_group ON jobs (group_key, status);
CREATE INDEX jobs_repo ON jobs (installation_id, repo_id);
