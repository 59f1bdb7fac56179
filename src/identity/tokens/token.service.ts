import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { RefreshToken } from '../entities/refresh-token.entity';

export const JWT_ISSUER = 'privacy-review-engine';
export const JWT_AUDIENCE = 'privacy-review-api';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  tokenType: 'Bearer';
}

export type RefreshOutcome =
  | { kind: 'rotated'; userId: string; familyId: string; tokens: TokenPair }
  | { kind: 'reused'; userId: string; familyId: string }
  | { kind: 'invalid' };

function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Access tokens (short-lived JWTs) and refresh tokens (opaque, hashed at rest, rotated on use). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** A new login: a new refresh-token family. */
  async issue(userId: string, ip: string | undefined, manager: EntityManager = this.db.manager): Promise<TokenPair> {
    return this.issueInFamily(manager, userId, randomUUID(), ip);
  }

  /**
   * Rotates a refresh token. Presenting one that was already rotated or revoked means it leaked (or
   * raced); the whole family is revoked and the caller must log in again.
   */
  async refresh(token: string, ip: string | undefined): Promise<RefreshOutcome> {
    return this.db.transaction(async (manager) => {
      const tokens = manager.getRepository(RefreshToken);
      const current = await tokens.findOne({
        where: { tokenHash: sha256(token) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current) return { kind: 'invalid' };
      if (current.rotatedAt || current.revokedAt) {
        // Whoever replayed it may hold access tokens of this family too: end those as well.
        await this.revokeFamily(manager, current.familyId, 'reuse_detected');
        await this.endAccessTokens(manager, current.userId);
        return { kind: 'reused', userId: current.userId, familyId: current.familyId };
      }
      if (current.expiresAt <= new Date()) return { kind: 'invalid' };
      await tokens.update({ id: current.id }, { rotatedAt: () => 'now()' });
      const tokensOut = await this.issueInFamily(manager, current.userId, current.familyId, ip);
      return { kind: 'rotated', userId: current.userId, familyId: current.familyId, tokens: tokensOut };
    });
  }

  /** The refresh token's family, when it is a live token of this user; used by logout. */
  async familyOf(token: string, userId: string): Promise<string | undefined> {
    const found = await this.db.getRepository(RefreshToken).findOneBy({ tokenHash: sha256(token), userId });
    return found?.familyId;
  }

  async revokeFamily(manager: EntityManager, familyId: string, reason: string): Promise<void> {
    await manager
      .getRepository(RefreshToken)
      .update({ familyId, revokedAt: IsNull() }, { revokedAt: () => 'now()', revokedReason: reason });
  }

  /** Revokes every refresh token of the user and ends their access tokens; returns how many were revoked. */
  async endAllSessions(manager: EntityManager, userId: string, reason: string): Promise<number> {
    const result = await manager
      .getRepository(RefreshToken)
      .update({ userId, revokedAt: IsNull() }, { revokedAt: () => 'now()', revokedReason: reason });
    await this.endAccessTokens(manager, userId);
    return result.affected ?? 0;
  }

  /** Every access token carries the user's generation; moving it on refuses them all at their next request. */
  async endAccessTokens(manager: EntityManager, userId: string): Promise<void> {
    await manager.query('UPDATE users SET token_generation = token_generation + 1 WHERE id = $1', [userId]);
  }

  private async issueInFamily(
    manager: EntityManager,
    userId: string,
    familyId: string,
    ip: string | undefined,
  ): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    const ttlMs = this.config.auth.refreshTokenTtlDays * 86_400_000;
    await manager.getRepository(RefreshToken).insert({
      userId,
      familyId,
      tokenHash: sha256(refreshToken),
      issuedAt: new Date(),
      expiresAt: new Date(Date.now() + ttlMs),
      createdIp: ip ?? null,
    });
    const [{ token_generation: gen }]: { token_generation: number }[] = await manager.query(
      'SELECT token_generation FROM users WHERE id = $1',
      [userId],
    );
    const expiresIn = this.config.auth.accessTokenTtlSeconds;
    const accessToken = await this.jwt.signAsync({ gen }, { subject: userId, expiresIn, jwtid: randomUUID() });
    return { accessToken, refreshToken, expiresIn, tokenType: 'Bearer' };
  }
}
