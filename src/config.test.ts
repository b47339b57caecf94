import { describe, expect, it } from 'vitest';
import { ConfigError, configVariables, DEVELOPMENT_SECRET, loadConfig } from './config.ts';

describe('configuration', () => {
  it('runs on the embedded database in ./data by default', () => {
    const config = loadConfig({});
    expect(config.database).toMatchObject({ kind: 'pglite' });
    expect(config.port).toBe(3000);
    expect(config.production).toBe(false);
  });

  it('uses PostgreSQL when DATABASE_URL is set, and rejects a malformed one', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/equalis' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5432/equalis',
    });
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
  });

  it('refuses to start in production with the default secret, demo accounts or insecure cookies', () => {
    const error = (() => {
      try {
        loadConfig({ NODE_ENV: 'production' });
      } catch (caught) {
        return caught as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.join('\n')).toMatch(/EQUALIS_SESSION_SECRET/);
    expect(error!.problems.join('\n')).toMatch(/EQUALIS_DEMO/);
    expect(() =>
      loadConfig({
        EQUALIS_ENV: 'production',
        EQUALIS_SESSION_SECRET: 'x'.repeat(40),
        EQUALIS_DEMO: 'false',
        EQUALIS_COOKIE_SECURE: 'false',
      }),
    ).toThrow(/EQUALIS_COOKIE_SECURE/);
    const ok = loadConfig({
      EQUALIS_ENV: 'production',
      EQUALIS_SESSION_SECRET: 'x'.repeat(40),
      EQUALIS_DEMO: 'false',
    });
    expect(ok.production).toBe(true);
    expect(ok.sessionSecret).not.toBe(DEVELOPMENT_SECRET);
  });

  it('explains every bad value at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', EQUALIS_SESSION_IDLE_MINUTES: '0' })).toThrow(
      /PORT[\s\S]*EQUALIS_SESSION_IDLE_MINUTES/,
    );
  });

  it('documents every variable (README.md is built from these)', () => {
    for (const [name, variable] of Object.entries(configVariables))
      expect(variable.doc.length, name).toBeGreaterThan(10);
  });
});
