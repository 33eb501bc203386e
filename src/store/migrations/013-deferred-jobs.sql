-- A job that deferred itself (a review pass waiting for the head's checks) has already shown
-- something on GitHub (its "Waiting for …" check run). Work that supersedes it (a newer head, a
-- close) wakes it instead of cancelling it: it runs at once, sees it is stale and completes that
-- check run, instead of leaving it in progress on the older commit.
ALTER TABLE jobs ADD COLUMN deferred boolean NOT NULL DEFAULT false;
