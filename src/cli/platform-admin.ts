// npm run platform:admin -- --email ops@example.com [--name "…"] [--password-stdin]
// Creates the platform operator account, or resets its password, on DATABASE_URL or the embedded
// database (also while Kasir runs). The password is read from stdin (--password-stdin), asked for
// on a terminal (hidden; empty = generate one), or generated and printed once.
import { loadConfig } from '../platform/config/config.ts';
import { randomSecret } from '../platform/crypto/secrets.ts';
import { openDatabase } from '../platform/db/open.ts';
import { PLATFORM_PASSWORD_MIN, upsertPlatformAdmin } from '../modules/identity/index.ts';
import { parseOptions, runIfMain, UsageError, type CliIo } from './cli-kit.ts';

const USAGE = 'npm run platform:admin -- --email <email> [--name <name>] [--password-stdin]';

/** Reads a line from a terminal without echoing it. */
function promptHidden(
  question: string,
  input: NodeJS.ReadStream,
  output: NodeJS.WriteStream,
): Promise<string> {
  output.write(question);
  input.setRawMode(true);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          finish();
          reject(new Error('cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') {
          value = value.slice(0, -1);
        } else if (ch >= ' ') {
          value += ch;
        }
      }
    };
    input.on('data', onData);
  });
}

async function readStdin(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** The password to set, and whether it was generated (then it is printed once). */
async function choosePassword(
  passwordStdin: boolean,
  email: string,
): Promise<{ password: string; generated: boolean }> {
  if (passwordStdin) {
    return { password: await readStdin(process.stdin), generated: false };
  }
  if (process.stdin.isTTY && process.stdout.isTTY) {
    const first = await promptHidden(
      `Password for ${email} (empty: generate one): `,
      process.stdin,
      process.stdout,
    );
    if (first !== '') {
      const again = await promptHidden('Repeat it: ', process.stdin, process.stdout);
      if (again !== first) {
        throw new Error('the passwords differ; nothing was changed');
      }
      return { password: first, generated: false };
    }
  }
  return { password: randomSecret(18), generated: true };
}

export async function platformAdminCommand(argv: string[], io: CliIo, env = process.env): Promise<number> {
  const { values } = parseOptions(
    argv,
    { email: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    USAGE,
  );
  if (!values.email) {
    throw new UsageError(`--email is required\nusage: ${USAGE}`);
  }
  const config = loadConfig(env);
  const { password, generated } = await choosePassword(values['password-stdin'] ?? false, values.email);
  if (password.length < PLATFORM_PASSWORD_MIN) {
    throw new Error(
      `the password must have at least ${PLATFORM_PASSWORD_MIN} characters; nothing was changed`,
    );
  }
  const opened = await openDatabase(config, { tool: true });
  try {
    const result = await upsertPlatformAdmin(
      opened.db,
      { email: values.email, password, ...(values.name ? { name: values.name } : {}) },
      new Date(),
    );
    io.out(`database: ${opened.description}`);
    io.out(
      result.created
        ? `created the platform operator ${values.email}`
        : `reset the password of ${values.email} (a platform operator now); its sessions were ended`,
    );
    if (generated) {
      io.out(`password (shown once, keep it safe): ${password}`);
    }
    io.out('log in with POST /v1/auth/login; the platform routes are under /v1/platform');
    return 0;
  } finally {
    await opened.close();
  }
}

runIfMain(import.meta, platformAdminCommand);
