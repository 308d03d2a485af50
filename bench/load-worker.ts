// The load generator: a child process (started by bench/loadgen.ts) that runs autocannon, so the
// load does not compete with the server for one event loop. Runs one LoadJob at a time.
import autocannon from 'autocannon';
import { scenarios } from './scenarios.ts';
import type { LoadJob, LoadReply, Measurement } from './types.ts';

interface Fired {
  result: autocannon.Result;
  /** Latency of every response (any status), in milliseconds, unrounded. */
  latencies: number[];
}

function fire(job: LoadJob): Promise<Fired> {
  const scenario = scenarios.find((s) => s.name === job.scenario);
  if (!scenario) {
    return Promise.reject(new Error(`unknown scenario "${job.scenario}"`));
  }
  const next = scenario.request(job.state);
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration: job.seconds,
        pipelining: 1,
        timeout: 30,
        requests: [
          {
            // autocannon writes Content-Length into the headers object: hand it a copy.
            setupRequest: (req) => {
              const r = next();
              return { ...req, ...r, headers: { ...r.headers } };
            },
          },
        ],
      },
      (err: unknown, result) =>
        err
          ? reject(err instanceof Error ? err : new Error(JSON.stringify(err)))
          : resolve({ result, latencies }),
    );
    // autocannon's own histogram keeps whole milliseconds only; keep the exact values.
    instance.on('response', (_client, _status, _bytes, ms) => {
      latencies.push(ms);
    });
  });
}

/** Nearest-rank percentile of ascending values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function measure(job: LoadJob): Promise<Measurement> {
  const { result, latencies } = await fire(job);
  const sorted = Float64Array.from(latencies).sort();
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
    statusCodes[code] = stat.count ?? 0;
  }
  return {
    responses: latencies.length,
    seconds: result.duration,
    requestsPerSecond: result.duration > 0 ? latencies.length / result.duration : 0,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

function reply(message: LoadReply): void {
  process.send?.(message);
}

process.on('message', (job: LoadJob) => {
  measure(job).then(
    (measurement) => reply({ ok: true, measurement }),
    (err: unknown) =>
      reply({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
// The runner went away (finished, or died): stop.
process.on('disconnect', () => process.exit(0));
