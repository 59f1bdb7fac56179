import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { JWK } from 'jose';
import { verifyFile } from '../../decisions/verify/verify-file';
import { DECISIONS_VERIFY_USAGE } from '../usage';

/**
 * Needs no database and no network: the JWKS file (saved from /.well-known/jwks.json) is the only trust
 * anchor. With --document, a valid manifest must also name that file's sha256 (the PDF or the HTML).
 */
export async function decisionsVerify(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { jwks: { type: 'string' }, document: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || !values.jwks) throw new Error(`usage: ${DECISIONS_VERIFY_USAGE}`);
  const jwks = JSON.parse(await readFile(values.jwks, 'utf8')) as { keys?: JWK[] };
  if (!Array.isArray(jwks.keys)) throw new Error(`${values.jwks} is not a JWKS (no "keys" array)`);
  const result = await verifyFile(await readFile(positionals[0]), { keys: jwks.keys });

  if (result.valid && values.document) {
    if (result.kind !== 'jws')
      throw new Error('--document goes with a manifest (.jws): a PDF carries its own signature');
    const documentSha256 = createHash('sha256')
      .update(await readFile(values.document))
      .digest('hex');
    const named = [result.details.pdfSha256, result.details.htmlSha256].includes(documentSha256);
    Object.assign(
      result,
      named
        ? { reason: `${result.reason} ${values.document} is the document it names.` }
        : {
            valid: false,
            reason: `The manifest is valid, but ${values.document} (sha256 ${documentSha256}) is not a document it names: it was changed or belongs to another decision.`,
          },
    );
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return result.valid ? 0 : 1;
}
