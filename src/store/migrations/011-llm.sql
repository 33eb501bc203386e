-- The LLM review engine (issue 11). One `llm_cache` row per reviewed chunk of a repository: the
-- model's findings for that chunk, with lines relative to the chunk's first shown line, keyed by
-- a hash of what the model read (prompt version, model, settings, the chunk's content; never line
-- numbers). An incremental pass asks for the keys of its chunks in one query and sends only the
-- misses. Scoped by repository like every other table, so a purge removes it; a row no pass has
-- used for the retention period goes with the other expired rows.
CREATE TABLE llm_cache (
  installation_id  bigint NOT NULL,
  repo_id          bigint NOT NULL,
  cache_key        text NOT NULL,
  -- ModelFinding[] as the model returned them (lines relative to the chunk's origin).
  findings         jsonb NOT NULL,
  -- What the answer cost when it was asked (a hit costs nothing; shown for reference only).
  tokens_in        integer NOT NULL DEFAULT 0,
  tokens_out       integer NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  -- Touched by every hit: retention drops entries by this, not by their age.
  used_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (repo_id, cache_key)
);
CREATE INDEX llm_cache_installation ON llm_cache (installation_id);
-- Retention selects its batches in `used_at` order (see delete-expired-rows.ts).
CREATE INDEX llm_cache_used_at ON llm_cache (used_at);

-- What the LLM engine did in the pass (`LlmCoverage`: model, files reviewed and skipped, tokens,
-- cache hits, …); null when no LLM engine ran (passes before this migration, the local CLI).
ALTER TABLE reviews ADD COLUMN llm_coverage jsonb;
