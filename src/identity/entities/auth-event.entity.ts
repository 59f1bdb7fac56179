import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum AuthEventType {
  LoginSucceeded = 'login_succeeded',
  LoginFailed = 'login_failed',
  LockedOut = 'locked_out',
  Logout = 'logout',
  RefreshReused = 'refresh_token_reused',
  ReauthSucceeded = 'reauthentication_succeeded',
  ReauthFailed = 'reauthentication_failed',
  PasswordChanged = 'password_changed',
  UserCreated = 'user_created',
  RolesChanged = 'roles_changed',
  UserDeactivated = 'user_deactivated',
  UserReactivated = 'user_reactivated',
}

export type AuthEventDetails = Record<string, string | number | boolean | null | string[]>;

/** Who did what to which account, when and from where. Append-only by convention of the service. */
@Entity('auth_events')
export class AuthEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  type: AuthEventType;

  /** The account concerned, when known (a failed login for an unknown e-mail has none). */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  /** Who caused it, when not the account itself (an admin changing roles). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  /** The e-mail given, for failed logins. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'jsonb', default: {} })
  details: AuthEventDetails;
}
