import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  const clean = { DATABASE_URL: undefined, PORT: undefined, EMBEDDED_PG_DIR: undefined, EMBEDDED_PG_PORT: undefined };

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
