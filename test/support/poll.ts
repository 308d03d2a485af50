/**
 * Reads until `ok` holds or `ms` has passed, and returns the last value read: the test's own
 * assertion on it then says what was wrong. For work that finishes in the background (a gateway
 * notification, a status poller, a print queue). Generous by default: a loaded CI machine is slow.
 */
export async function pollUntil<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) {
      return v;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
