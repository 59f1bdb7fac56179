import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
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
}
