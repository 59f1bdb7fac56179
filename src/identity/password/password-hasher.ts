import { Injectable, type OnModuleInit } from '@nestjs/common';
import argon2 from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane). The parameters travel inside each hash, so
// raising them later rehashes passwords at their owners' next login (needsRehash).
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher implements OnModuleInit {
  /** Verified against when the e-mail is unknown, so that answer takes as long as a wrong password. */
  private decoy: string;

  async onModuleInit(): Promise<void> {
    this.decoy = await this.hash('decoy password for unknown accounts');
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  /** Verifies against the stored hash, or against the decoy when there is none; always costs one verification. */
  async verify(storedHash: string | undefined, password: string): Promise<boolean> {
    const matches = await argon2.verify(storedHash ?? this.decoy, password);
    return matches && storedHash !== undefined;
  }

  needsRehash(storedHash: string): boolean {
    return argon2.needsRehash(storedHash, OPTIONS);
  }
}
