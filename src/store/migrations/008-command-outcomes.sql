-- Comment commands exactly once (issue 8).
--
-- `command_runs.results` now holds each command's outcome as it completes — { line, command,
-- outcome, message, quiet } — written in the transaction of the command's own effect, so a
-- retried job skips the commands already recorded and reuses their outcome in its one reply.
-- `status` gains `failed`: the job died and the failure reporter answered the comment.

-- The reaction chosen for the comment (`+1` or `confused`), recorded before it is sent: a retry
-- or the failure reporter sends the same one, never both.
ALTER TABLE command_runs ADD COLUMN reaction text;
