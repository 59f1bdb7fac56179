import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../../common/auth/roles';
import { PageOf } from '../../common/openapi/responses';
import { AuthEventType } from '../entities/auth-event.entity';

export class TokenPairResponse {
  @ApiProperty({ description: 'A JWT for `Authorization: Bearer …`.' })
  accessToken: string;

  @ApiProperty({ description: 'Opaque; POST /auth/refresh takes it once.' })
  refreshToken: string;

  @ApiProperty({ description: 'Seconds until the access token expires.', example: 900 })
  expiresIn: number;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'jordan.lee@example.gov' })
  email: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ type: String, nullable: true })
  department: string | null;

  @ApiProperty({ enum: Role, isArray: true })
  roles: Role[];

  @ApiProperty()
  active: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export const UserPageResponse = PageOf(UserResponse);

export class MeResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ type: String, nullable: true })
  department: string | null;

  @ApiProperty({ enum: Role, isArray: true })
  roles: Role[];

  @ApiProperty({ type: [String], description: 'What the roles allow, e.g. assessments:read.' })
  permissions: string[];
}

export class AuthEventResponse {
  @ApiProperty({ example: '42' })
  id: string;

  @ApiProperty({ enum: AuthEventType })
  type: AuthEventType;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  userId: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Who did it, when not the user.' })
  actorId: string | null;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ type: String, nullable: true })
  ip: string | null;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;
}

export const AuthEventPageResponse = PageOf(AuthEventResponse);
