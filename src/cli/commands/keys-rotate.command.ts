import { loadConfig } from '../../config/load-config';
import { rotateManifestKey } from '../../decisions/keys/manifest-keys';
import { withAppContext } from '../app-context';
import { KEYS_ROTATE_USAGE } from '../usage';

/**
 * Writes a new Ed25519 key next to the others and publishes it (booting the context registers it and
 * retires the older ones, which stay in the JWKS). Running instances sign with it after a restart.
 */
export async function keysRotate(args: string[]): Promise<number> {
  if (args.length > 0) throw new Error(`usage: ${KEYS_ROTATE_USAGE}`);
  const key = await rotateManifestKey(loadConfig().decisions.manifestKeysDir);
  await withAppContext(async () => undefined);
  process.stdout.write(`${JSON.stringify({ kid: key.kid, serial: key.serial })}\n`);
  return 0;
}
