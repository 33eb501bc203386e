/** Commands limited to one run per cooldown per pull request (`commands.cooldown_seconds`). */
export const COOLDOWN_COMMANDS = ["fix", "full-review"] as const;

/**
 * Whole seconds until a command may run again, 0 when it may run now. A `lastRunAt` in the
 * future (clock skew between replicas) waits at most one full cooldown.
 */
export function cooldownRemaining(lastRunAt: Date | null, now: Date, seconds: number): number {
  if (lastRunAt === null || seconds <= 0) return 0;
  const elapsedMs = Math.max(0, now.getTime() - lastRunAt.getTime());
  const remainingMs = seconds * 1000 - elapsedMs;
  return remainingMs > 0 ? Math.ceil(remainingMs / 1000) : 0;
}

/** Reply to a command refused by the cooldown, saying when it can run. */
export function describeCooldown(
  command: string,
  remainingSeconds: number,
  cooldownSeconds: number,
): string {
  const wait = remainingSeconds === 1 ? "1 second" : `${remainingSeconds} seconds`;
  return `\`${command}\` runs at most once every ${cooldownSeconds} seconds on a pull request; it can run again in ${wait}.`;
}
