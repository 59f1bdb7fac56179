import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '../common/openapi/responses';
import { DECISION_OUTCOMES } from '../decisions/record/decision-record';

export class PackageAcceptedResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['queued'] })
  status: string;
}

class PackageProgressResponse {
  @ApiProperty()
  done: number;

  @ApiProperty({ type: Number, nullable: true })
  total: number | null;
}

class PackageLinksResponse {
  @ApiProperty({ example: '/records/packages/…/download' })
  download: string;
}

export class PackageResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The filter it was requested with.' })
  filter: Record<string, unknown>;

  @ApiProperty({
    enum: ['queued', 'building', 'ready', 'failed'],
    description: 'failed: the job retries and resumes.',
  })
  status: string;

  @ApiProperty({ type: PackageProgressResponse })
  progress: PackageProgressResponse;

  @ApiProperty({ type: Number, nullable: true })
  bytes: number | null;

  @ApiProperty({ type: String, nullable: true, description: "The zip's sha256, hex." })
  sha256: string | null;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;

  @ApiProperty({ type: PackageLinksResponse })
  links: PackageLinksResponse;
}

export class DueDecisionResponse {
  @ApiProperty({ format: 'uuid' })
  decisionId: string;

  @ApiProperty({ format: 'uuid' })
  assessmentId: string;

  @ApiProperty()
  ref: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  department: string;

  @ApiProperty({ enum: DECISION_OUTCOMES })
  outcome: string;

  @ApiProperty({ format: 'date-time' })
  decidedAt: string;

  @ApiProperty()
  retentionClass: string;

  @ApiProperty({ format: 'date' })
  dispositionDate: string;
}

export const DueDecisionPageResponse = PageOf(DueDecisionResponse);

/** A decision's retention after a hold, a release or a disposition. */
export class RetentionResponse {
  @ApiProperty({ format: 'uuid' })
  decisionId: string;

  @ApiProperty()
  retentionClass: string;

  @ApiProperty({ format: 'date' })
  dispositionDate: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  legalHoldSince: string | null;

  @ApiProperty({ type: String, nullable: true })
  legalHoldReason: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  disposedAt: string | null;
}
