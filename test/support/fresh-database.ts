import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testDatabaseUrl } from './test-app';

/**
 * An empty database of its own on the e2e server, for specs that need a clean slate (no other admin)
 * or that break their database on purpose. The app migrates it at boot.
 */
export class FreshDatabase {
  readonly name = `spec_${Date.now()}_${randomBytes(3).toString('hex')}`;
  private admin?: Client;

  async create(): Promise<string> {
    this.admin = new Client({ connectionString: testDatabaseUrl() });
    await this.admin.connect();
    await this.admin.query(`CREATE DATABASE ${this.name}`);
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${this.name}`;
    return url.toString();
  }

  query(sql: string, params?: unknown[]) {
    if (!this.admin) throw new Error('create() first');
    return this.admin.query(sql, params);
  }

  async drop(): Promise<void> {
    if (!this.admin) return;
    await this.admin.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
    await this.admin.end();
  }
}
