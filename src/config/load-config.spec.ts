import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  const clean = {
    DATABASE_URL: undefined,
    DATABASE_PASSWORD: undefined,
    PORT: undefined,
    EMBEDDED_PG_DIR: undefined,
    EMBEDDED_PG_PORT: undefined,
    PUBLIC_BASE_URL: undefined,
  };

  it('applies defaults: port 3000 and the embedded database under ./data/pg', () => {
    const config = loadConfig(clean);
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.database.embedded).toEqual({ dir: resolve('data/pg'), port: 54329 });
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ ...clean, DATABASE_URL: '' }).database.url).toBeUndefined();
  });

  it('accepts a postgres URL and numeric strings', () => {
    const config = loadConfig({ ...clean, DATABASE_URL: 'postgres://u:p@db:5432/x', PORT: '8080' });
    expect(config.database.url).toBe('postgres://u:p@db:5432/x');
    expect(config.http.port).toBe(8080);
  });

  it('puts DATABASE_PASSWORD into a URL without one, so that @, : and / need no escaping', () => {
    const password = 'p@ss:w/rd%41 #?';
    const config = loadConfig({ ...clean, DATABASE_URL: 'postgres://app@db:5432/x', DATABASE_PASSWORD: password });
    const url = new URL(config.database.url!);
    expect([url.username, decodeURIComponent(url.password), url.host, url.pathname]).toEqual([
      'app',
      password,
      'db:5432',
      '/x',
    ]);
  });

  it('refuses DATABASE_PASSWORD beside a URL that has a password, or without a URL', () => {
    const message = /^DATABASE_PASSWORD=.*needs a DATABASE_URL without a password of its own/;
    for (const DATABASE_URL of ['postgres://app:secret@db/x', undefined]) {
      expect(() => loadConfig({ ...clean, DATABASE_URL, DATABASE_PASSWORD: 'other' })).toThrow(
        expect.objectContaining({ problems: [expect.stringMatching(message)] }),
      );
    }
  });

  it('derives PUBLIC_BASE_URL from PORT when it is unset, and keeps one that is set', () => {
    expect(loadConfig({ ...clean, PORT: '8080' }).records.publicBaseUrl).toBe('http://localhost:8080');
    expect(
      loadConfig({ ...clean, PORT: '8080', PUBLIC_BASE_URL: 'https://privacy.example.gov/' }).records.publicBaseUrl,
    ).toBe('https://privacy.example.gov');
  });

  it('names every malformed variable and what it expects, once each', () => {
    let error: unknown;
    try {
      loadConfig({ ...clean, PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toHaveLength(3);
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT="eighty": must be a whole number',
        'DATABASE_URL="mysql://x": must be a postgres:// or postgresql:// connection URL',
        expect.stringMatching(/^LOG_LEVEL="loud": LOG_LEVEL must be one of the following values/),
      ]),
    );
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ ...clean, EMBEDDED_PG_PORT: '80' })).toThrow(/EMBEDDED_PG_PORT="80"/);
  });
});
