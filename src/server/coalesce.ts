/**
 * Returns a function that runs `fn` once, `delayMs` after the first call of a burst; calls
 * during the wait join that run. Used to wake the worker after webhooks enqueue jobs: at
 * hundreds of deliveries a second one lease picks up many jobs instead of one lease per
 * delivery competing with the deliveries for the store.
 */
export function coalesce(fn: () => void, delayMs: number): () => void {
  let pending = false;
  return () => {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      fn();
    }, delayMs);
  };
}
