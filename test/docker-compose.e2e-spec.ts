import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
// js-yaml comes with @nestjs/swagger (a runtime dependency); no YAML parser of our own is added for one spec.
import { load } from 'js-yaml';
import { type ConfigError, loadConfig } from '../src/config/load-config';

/**
 * Docker cannot run here, so the deployment files are read as Docker would read them: compose's environment, with
 * its ${VAR:?message} interpolation, on top of the image's ENV, must start the service in production, and what the
 * service keeps must survive a new container.
 */
interface ComposeService {
  environment?: Record<string, string | number | boolean>;
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const root = join(__dirname, '..');
const compose = load(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as ComposeFile;
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const app = compose.services.app;

/** The Dockerfile's instructions (continuation lines joined, comments left out), split into stages. */
function stages(text: string): { instruction: string; args: string }[][] {
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [instruction, ...args] = line.split(/\s+/);
      return { instruction: instruction.toUpperCase(), args: args.join(' ') };
    });
  const result: { instruction: string; args: string }[][] = [];
  for (const step of instructions) {
    if (step.instruction === 'FROM') result.push([]);
    result.at(-1)?.push(step);
  }
  return result;
}

const finalStage = stages(dockerfile).at(-1)!;
const last = (instruction: string) => finalStage.filter((s) => s.instruction === instruction).at(-1)?.args;

/** The image's ENV, in the KEY=value form. */
const imageEnv = Object.fromEntries(
  finalStage
    .filter((s) => s.instruction === 'ENV')
    .flatMap((s) => [...s.args.matchAll(/([A-Z_]+)=(\S+)/g)].map(([, key, value]) => [key, value])),
);

/** Compose's interpolation of ${VAR}, ${VAR:-default} and ${VAR:?message}, from the calling shell's `given`. */
function interpolate(value: string, given: Record<string, string>): string {
  return value.replace(/\$\{([A-Z_]+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    const set = given[name] !== undefined && given[name] !== '';
    if (kind === '?' && !set) throw new Error(`compose stops: ${rest}`);
    return set ? given[name] : kind === '-' ? (rest ?? '') : '';
  });
}

/** The environment the service sees in the container, when the calling shell exports `given`. */
function containerEnv(given: Record<string, string>): Record<string, string> {
  const fromCompose = Object.entries(app.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), given)]);
  return { ...imageEnv, ...Object.fromEntries(fromCompose) };
}

/** loadConfig on exactly `env`: the test process's own variables are hidden. */
const configFrom = (env: Record<string, string>) =>
  loadConfig({ ...Object.fromEntries(Object.keys(process.env).map((k) => [k, undefined])), ...env });

const SECRET = /PASSWORD|SECRET|P12|PRIVATE|TOKEN/;

describe('docker-compose.yml and the Dockerfile', () => {
  const given = { POSTGRES_PASSWORD: 'p@ss:w/rd%41 #?', JWT_SECRET: 'a-jwt-secret-of-more-than-32-characters-0123' };

  it('give the service every variable production requires, and a database (the image has no embedded one)', () => {
    let refused: ConfigError | undefined;
    try {
      configFrom({ NODE_ENV: 'production' });
    } catch (error) {
      refused = error as ConfigError;
    }
    const required = (refused?.problems ?? []).map((problem) => problem.split('=')[0]);
    expect(required).toContain('JWT_SECRET');

    const env = containerEnv(given);
    expect(Object.keys(env)).toEqual(expect.arrayContaining([...required, 'DATABASE_URL']));
    const config = configFrom(env);
    expect(config.env).toBe('production');
    expect(config.auth.jwtSecret).toBe(given.JWT_SECRET);
  });

  it('connect as the postgres service defines its user, with a password that has @, : and /', () => {
    const postgres = compose.services.postgres.environment!;
    const url = new URL(configFrom(containerEnv(given)).database.url!);
    expect({
      host: url.hostname,
      user: url.username,
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
    }).toEqual({
      host: 'postgres',
      user: postgres.POSTGRES_USER,
      password: given.POSTGRES_PASSWORD,
      database: postgres.POSTGRES_DB,
    });
    expect(interpolate(String(postgres.POSTGRES_PASSWORD), given)).toBe(given.POSTGRES_PASSWORD);
  });

  it('stop, naming the variable, when a secret is not given', () => {
    for (const name of Object.keys(given)) {
      expect(() => containerEnv({ ...given, [name]: '' })).toThrow(new RegExp(`compose stops: set ${name}`));
    }
  });

  it('give no secret a default, in compose or in the image', () => {
    for (const [service, { environment = {} }] of Object.entries(compose.services)) {
      for (const [name, value] of Object.entries(environment).filter(([name]) => SECRET.test(name))) {
        expect({ service, name, value }).toEqual({
          service,
          name,
          value: expect.stringMatching(/^\$\{[A-Z_]+:\?[^}]+\}$/),
        });
      }
    }
    const imageSecrets = stages(dockerfile)
      .flat()
      .filter((s) => ['ENV', 'ARG'].includes(s.instruction) && SECRET.test(s.args));
    expect(imageSecrets).toEqual([]);
  });

  it('keep DATA_DIR (keys and certificate) on a named volume, made by the image and owned by its user', () => {
    const dataDir = posix.resolve(last('WORKDIR') ?? '/', containerEnv(given).DATA_DIR ?? './data');
    const volume = (app.volumes ?? []).map((v) => v.split(':')).find(([, target]) => target === dataDir);
    expect(volume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume![0]);

    const config = configFrom(containerEnv(given));
    expect(config.decisions.manifestKeysDir.startsWith(`${config.dataDir}/`)).toBe(true);
    expect(config.decisions.certificate).toBeUndefined(); // so the generated one is kept under DATA_DIR/keys

    const user = last('USER');
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    const userAt = finalStage.findIndex((s) => s.instruction === 'USER');
    const prepared = finalStage
      .slice(0, userAt)
      .filter((s) => s.instruction === 'RUN')
      .map((s) => s.args);
    expect(prepared).toContainEqual(expect.stringMatching(new RegExp(`mkdir -p ${dataDir}\\b`)));
    expect(prepared).toContainEqual(expect.stringMatching(new RegExp(`chown (-R )?${user}(:${user})? ${dataDir}\\b`)));
  });

  it('build and run on Node 24', () => {
    const bases = stages(dockerfile).map((stage) => stage[0].args);
    expect(bases).toEqual(bases.map(() => expect.stringMatching(/^node:24-/)));
  });
});
