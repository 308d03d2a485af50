// Typed request/response over a forked child's IPC channel, for the realtime benchmark's
// processes (bench/realtime-server.ts, bench/realtime-clients.ts). A child exits when the parent
// disconnects (close()) or goes away.
import { fork } from 'node:child_process';

/** Request type → its body and its answer. */
export type Protocol = Record<string, { req: unknown; res: unknown }>;

interface Request {
  id: number;
  type: string;
  body: unknown;
}
type Response = { id: number; ok: true; body: unknown } | { id: number; ok: false; error: string };

export interface ChildHandle<P extends Protocol> {
  readonly pid: number;
  call<K extends keyof P & string>(type: K, body: P[K]['req'], timeoutMs: number): Promise<P[K]['res']>;
  /** Disconnects (the child cleans up and exits); SIGKILL if it has not exited 10 s later. */
  close(): Promise<void>;
}

export function forkChild<P extends Protocol>(
  file: URL,
  options: { name: string; execArgv?: string[] },
): ChildHandle<P> {
  // fork() would reuse this process's execArgv (tsx's loader); we add to it.
  const child = fork(file, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced', // typed arrays cross as they are
    execArgv: [...process.execArgv, ...(options.execArgv ?? [])],
  });
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  let nextId = 1;
  let gone: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      gone = new Error(`${options.name} exited (code ${code}, signal ${signal})`);
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.reject(gone);
      }
      pending.clear();
      resolve();
    });
  });
  child.on('message', (m: Response) => {
    const p = pending.get(m.id);
    if (!p) {
      return;
    }
    pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.ok) {
      p.resolve(m.body);
    } else {
      p.reject(new Error(`${options.name}: ${m.error}`));
    }
  });

  return {
    pid: child.pid ?? -1,
    call(type, body, timeoutMs) {
      if (gone) {
        return Promise.reject(gone);
      }
      return new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${options.name}: no answer to "${type}" within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve, reject, timer });
        child.send({ id, type, body } satisfies Request);
      });
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) {
        return;
      }
      if (child.connected) {
        child.disconnect();
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** In the child: answers requests with `handlers`; on disconnect runs `onClose` and exits. */
export function serve<P extends Protocol>(
  handlers: { [K in keyof P]: (body: P[K]['req']) => Promise<P[K]['res']> },
  onClose: () => Promise<void>,
): void {
  const reply = (r: Response): void => {
    if (process.connected) {
      process.send?.(r);
    }
  };
  process.on('message', (m: Request) => {
    const handler = handlers[m.type];
    if (!handler) {
      reply({ id: m.id, ok: false, error: `unknown request "${m.type}"` });
      return;
    }
    handler(m.body).then(
      (body) => reply({ id: m.id, ok: true, body }),
      (err: unknown) =>
        reply({
          id: m.id,
          ok: false,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        }),
    );
  });
  process.once('disconnect', () => {
    setTimeout(() => process.exit(1), 8_000).unref();
    onClose().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
