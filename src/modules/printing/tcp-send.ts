import net from 'node:net';

/**
 * Sends bytes to a raw TCP printer (port 9100, "JetDirect"): connect, write, half-close, and
 * succeed when the printer has taken them and the connection ends cleanly. Fails on refusal,
 * timeout (`timeoutMs` for the whole exchange) or a reset.
 */
export function sendRaw(host: string, port: number, bytes: Uint8Array, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host, port });
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) {
        reject(err);
      } else {
        resolve();
      }
    };
    const timer = setTimeout(
      () => finish(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on('connect', () => {
      socket.end(Buffer.from(bytes));
    });
    socket.on('data', () => undefined); // printers may send status bytes; read and ignore them
    socket.on('error', (err) => finish(err));
    socket.on('close', (hadError) => finish(hadError ? new Error('the connection failed') : undefined));
  });
}
