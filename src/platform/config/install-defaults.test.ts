import { describe, expect, it } from 'vitest';
import { installDefaults, loadConfig } from './config.ts';

describe('install defaults: the demo and open sign-up only for the embedded development setup', () => {
  it('seeds the demo and opens sign-up on the embedded default (a fresh clone)', () => {
    expect(installDefaults({})).toEqual({ seedDemo: true, signup: 'open' });
  });

  it('neither seeds the demo nor opens sign-up with DATABASE_URL or NODE_ENV=production', () => {
    expect(installDefaults({ DATABASE_URL: 'postgres://k@db/kasir' })).toEqual({
      seedDemo: false,
      signup: 'closed',
    });
    expect(installDefaults({ NODE_ENV: 'production' })).toEqual({ seedDemo: false, signup: 'closed' });
  });

  it('does what KASIR_DEMO and KASIR_SIGNUP say when they are set', () => {
    const server = { DATABASE_URL: 'postgres://k@db/kasir' };
    expect(installDefaults({ ...server, KASIR_DEMO: '1', KASIR_SIGNUP: 'open' })).toEqual({
      seedDemo: true,
      signup: 'open',
    });
    expect(installDefaults({ KASIR_DEMO: '0', KASIR_SIGNUP: 'closed' })).toEqual({
      seedDemo: false,
      signup: 'closed',
    });
  });

  it('refuses values it does not know instead of guessing', () => {
    expect(() => installDefaults({ KASIR_DEMO: 'yes' })).toThrow(/KASIR_DEMO must be one of 0, 1/);
    expect(() => installDefaults({ KASIR_SIGNUP: 'invite' })).toThrow(
      /KASIR_SIGNUP must be one of open, closed/,
    );
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });

  it('reads the metrics port, host and token', () => {
    expect(loadConfig({}).metrics).toEqual({ port: undefined, host: undefined, token: undefined });
    expect(
      loadConfig({ KASIR_METRICS_PORT: '9464', KASIR_METRICS_HOST: '10.0.0.5', KASIR_METRICS_TOKEN: 't' })
        .metrics,
    ).toEqual({ port: 9464, host: '10.0.0.5', token: 't' });
  });
});
