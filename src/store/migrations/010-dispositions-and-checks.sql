-- Verified dispositions (issue 10). One row per finding and per round in which someone claimed
-- how it was handled (`fixed`, `disagree`, `deferred`): who filed it, how (a `/reviewloop
-- dispose` command, a dispositions block or table in a comment, a reply in the finding's review
-- thread), and what the next pass verified. `findings.disposition` keeps the latest claim (what
-- the pass reads); this table keeps the history the loop's rounds are judged by.
CREATE TABLE finding_dispositions (
  installation_id  bigint NOT NULL,
  repo_id          bigint NOT NULL,
  pr_number        integer NOT NULL,
  fingerprint      text NOT NULL,
  short_id         text NOT NULL,
  -- The loop's round when the claim was filed (0 before the first dispatch).
  round            integer NOT NULL,
  disposition      text NOT NULL,
  note             text,
  filed_by         text NOT NULL,
  -- command | comment | thread
  source           text NOT NULL,
  comment_id       bigint,
  filed_at         timestamptz NOT NULL DEFAULT now(),
  -- Set by the next pass: verified_fixed | still_present | disputed | deferred | reraised | resolved
  verified         text,
  verified_review_id bigint,
  verified_at      timestamptz,
  PRIMARY KEY (repo_id, pr_number, fingerprint, round)
);
CREATE INDEX finding_dispositions_installation ON finding_dispositions (installation_id);
