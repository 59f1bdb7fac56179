import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { containsPattern } from '../common/validation/page.query';
import { AuthEvent, type AuthEventDetails, AuthEventType } from './entities/auth-event.entity';

export interface AuthEventInput {
  type: AuthEventType;
  userId?: string | null;
  actorId?: string | null;
  email?: string | null;
  ip?: string | null;
  details?: AuthEventDetails;
}

export interface AuthEventQuery {
  userId?: string;
  type?: AuthEventType;
  page: number;
  pageSize: number;
}

/** The sign-in log as an admin reads it: who, by name, and the filters a person types. */
export interface AuthLogQuery {
  /** Part of the account's e-mail or name, or of the e-mail given at a failed sign-in. */
  person?: string;
  type?: AuthEventType;
  /** From this instant on, and before `to`. */
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

export interface AuthLogEntry {
  id: string;
  type: AuthEventType;
  at: Date;
  ip: string | null;
  /** The e-mail given (failed sign-ins), else the account's. */
  email: string | null;
  userName: string | null;
  actorName: string | null;
  details: AuthEventDetails;
}

/** Records authentication and account events, inside the caller's transaction when given one. */
@Injectable()
export class AuthEventsService {
  constructor(@InjectRepository(AuthEvent) private readonly events: Repository<AuthEvent>) {}

  async record(event: AuthEventInput, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(AuthEvent) : this.events;
    await repository.insert({
      type: event.type,
      userId: event.userId ?? null,
      actorId: event.actorId ?? null,
      email: event.email ?? null,
      ip: event.ip ?? null,
      details: event.details ?? {},
    });
  }

  async list(query: AuthEventQuery): Promise<{ items: AuthEvent[]; total: number }> {
    const [items, total] = await this.events.findAndCount({
      where: { ...(query.userId ? { userId: query.userId } : {}), ...(query.type ? { type: query.type } : {}) },
      order: { at: 'DESC', id: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items, total };
  }

  /** The log with the people named, newest first, filtered as the admin's page asks. */
  async log(query: AuthLogQuery): Promise<{ items: AuthLogEntry[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (query.person) {
      const pattern = param(containsPattern(query.person));
      conditions.push(`(e.email ILIKE ${pattern} OR u.email ILIKE ${pattern} OR u.display_name ILIKE ${pattern})`);
    }
    if (query.type) conditions.push(`e.type = ${param(query.type)}`);
    if (query.from) conditions.push(`e.at >= ${param(query.from)}`);
    if (query.to) conditions.push(`e.at < ${param(query.to)}`);
    const from = `FROM auth_events e LEFT JOIN users u ON u.id = e.user_id LEFT JOIN users a ON a.id = e.actor_id
      ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}`;
    const [{ total }]: { total: string }[] = await this.events.query(`SELECT count(*) AS total ${from}`, params);
    const rows: {
      id: string;
      type: AuthEventType;
      at: Date;
      ip: string | null;
      email: string | null;
      user_name: string | null;
      actor_name: string | null;
      details: AuthEventDetails;
    }[] = await this.events.query(
      `SELECT e.id, e.type, e.at, e.ip, coalesce(e.email, u.email) AS email, u.display_name AS user_name,
              a.display_name AS actor_name, e.details
         ${from} ORDER BY e.at DESC, e.id DESC LIMIT ${param(query.pageSize)} OFFSET ${param((query.page - 1) * query.pageSize)}`,
      params,
    );
    return {
      total: Number(total),
      items: rows.map((row) => ({
        id: row.id,
        type: row.type,
        at: row.at,
        ip: row.ip,
        email: row.email,
        userName: row.user_name,
        actorName: row.actor_name,
        details: row.details,
      })),
    };
  }
}
