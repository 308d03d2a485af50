/**
 * A signal that aborts after `ms` (reason: a `TimeoutError`) or as soon as `parent` aborts (its
 * reason). Call `clear()` when the work is done.
 *
 * Why not `AbortSignal.any([AbortSignal.timeout(ms), parent])`: on Node 20 the composite holds its
 * sources weakly, and `AbortSignal.timeout`'s timer holds its signal weakly, so a garbage
 * collection while the request waits can drop the timeout and it never fires
 * (nodejs/node#57736) — a receiver that hangs then holds the request forever. Here the timer
 * holds the controller strongly until it fires or is cleared.
 */
export function deadline(ms: number, parent?: AbortSignal): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')),
    ms,
  );
  const onParent = () => controller.abort(parent?.reason);
  if (parent?.aborted) {
    onParent();
  } else {
    parent?.addEventListener('abort', onParent, { once: true });
  }
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}
