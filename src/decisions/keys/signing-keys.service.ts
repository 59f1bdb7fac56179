import { mkdir } from 'node:fs/promises';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { JWK } from 'jose';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { type DocumentCertificate, loadDocumentCertificate } from './document-certificate';
import { loadManifestKeys, type ManifestKey } from './manifest-keys';

/**
 * The keys decision documents are signed with. Private halves stay in files; public halves are kept
 * in signing_keys and served as the JWKS. A key is never removed from there: a retired key still
 * verifies what it signed.
 */
@Injectable()
export class SigningKeysService implements OnModuleInit {
  private readonly logger = new Logger(SigningKeysService.name);
  private certificate!: DocumentCertificate;
  private manifestKeys!: ManifestKey[];

  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const { certificate, manifestKeysDir } = this.config.decisions;
    // DATA_DIR stays traversable (the embedded PostgreSQL, running as its own user, lives under it); keys/ does not.
    await mkdir(this.config.dataDir, { recursive: true, mode: 0o755 });
    this.certificate = await loadDocumentCertificate(
      certificate,
      this.config.dataDir,
      this.config.decisions.organisation,
    );
    this.manifestKeys = await loadManifestKeys(manifestKeysDir);
    if (this.certificate.development) this.logger.warn(this.developmentWarning());
    await this.register();
  }

  documentCertificate(): DocumentCertificate {
    return this.certificate;
  }

  /** The newest manifest key signs. */
  manifestKey(): ManifestKey {
    return this.manifestKeys[this.manifestKeys.length - 1];
  }

  /** Every public key ever used, current and retired, as RFC 7517 JWKS. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const rows: { public_jwk: JWK }[] = await this.db.query(
      'SELECT public_jwk FROM signing_keys ORDER BY created_at, kid',
    );
    return { keys: rows.map((r) => r.public_jwk) };
  }

  /** For /health: what an operator must fix before documents mean anything outside this machine. */
  warnings(): string[] {
    return this.certificate?.development ? [this.developmentWarning()] : [];
  }

  private developmentWarning(): string {
    return "DECISION DOCUMENTS ARE SIGNED WITH A DEVELOPMENT CERTIFICATE: set DOCUMENT_SIGNING_P12 to the organisation's certificate before real use.";
  }

  /** Publishes the public halves; older manifest keys are marked retired, never deleted. */
  private async register(): Promise<void> {
    const current = this.manifestKey();
    const rows = [
      {
        kid: this.certificate.kid,
        purpose: 'document',
        jwk: this.certificate.publicJwk,
        development: this.certificate.development,
      },
      ...this.manifestKeys.map((k) => ({ kid: k.kid, purpose: 'manifest', jwk: k.publicJwk, development: false })),
    ];
    await this.db.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO signing_keys (kid, purpose, public_jwk, development)
         SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::jsonb[], $4::boolean[])
         ON CONFLICT (kid) DO NOTHING`,
        [
          rows.map((r) => r.kid),
          rows.map((r) => r.purpose),
          rows.map((r) => JSON.stringify(r.jwk)),
          rows.map((r) => r.development),
        ],
      );
      await manager.query(
        `UPDATE signing_keys SET retired_at = now() WHERE purpose = 'manifest' AND kid = ANY($1) AND kid <> $2 AND retired_at IS NULL`,
        [this.manifestKeys.map((k) => k.kid), current.kid],
      );
    });
  }
}
