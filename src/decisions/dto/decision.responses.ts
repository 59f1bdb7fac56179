import { ApiProperty } from '@nestjs/swagger';
import { PersonResponse } from '../../assessments/dto/assessment.responses';
import { DECISION_OUTCOMES } from '../record/decision-record';

class DocumentLinksResponse {
  @ApiProperty({ example: '/decisions/…/document.pdf?version=1' })
  pdf: string;

  @ApiProperty()
  html: string;

  @ApiProperty()
  manifest: string;
}

class DecisionLinksResponse extends DocumentLinksResponse {
  @ApiProperty({ example: '/.well-known/jwks.json' })
  jwks: string;
}

class TemplateVersionResponse {
  @ApiProperty({ example: 'decision' })
  id: string;

  @ApiProperty()
  version: number;
}

export class DecisionDocumentResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: '1, then one more per correction.' })
  version: number;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  supersedesId: string | null;

  @ApiProperty({ type: String, nullable: true })
  correctionReason: string | null;

  @ApiProperty({ type: TemplateVersionResponse })
  template: TemplateVersionResponse;

  @ApiProperty({ type: String, nullable: true, description: 'hex' })
  pdfSha256: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'hex' })
  htmlSha256: string | null;

  @ApiProperty({ type: String, nullable: true })
  manifestKeyId: string | null;

  @ApiProperty({ type: String, nullable: true })
  certificateKeyId: string | null;

  @ApiProperty({ description: 'The hash of the last event the document covers.' })
  lastEventHash: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: DocumentLinksResponse })
  links: DocumentLinksResponse;
}

export class DecisionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  assessmentId: string;

  @ApiProperty({ example: 'PIA-2026-0042' })
  assessmentRef: string;

  @ApiProperty({ description: 'The review cycle (REASSESS starts the next).' })
  cycle: number;

  @ApiProperty({ enum: DECISION_OUTCOMES })
  outcome: string;

  @ApiProperty({ type: String, nullable: true })
  reasons: string | null;

  @ApiProperty({ format: 'date-time' })
  decidedAt: string;

  @ApiProperty({ type: PersonResponse, nullable: true })
  decidedBy: PersonResponse | null;

  @ApiProperty({
    enum: ['pending', 'failed', 'issued'],
    description: 'pending: not produced yet; failed: the last attempt failed and the job retries; issued: done.',
  })
  documentStatus: string;

  @ApiProperty()
  attempts: number;

  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;

  @ApiProperty({ type: [DecisionDocumentResponse] })
  documents: DecisionDocumentResponse[];

  @ApiProperty({ type: DecisionLinksResponse, description: 'The newest document.' })
  links: DecisionLinksResponse;
}

export class CorrectionAcceptedResponse {
  @ApiProperty({ format: 'uuid' })
  decisionId: string;

  @ApiProperty({ description: 'The version the corrected document will have.' })
  version: number;

  @ApiProperty({ enum: ['pending'] })
  status: string;
}

class VerifiedDecisionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  documentVersion: number;

  @ApiProperty({ description: 'A newer corrected version exists.' })
  superseded: boolean;
}

export class VerificationResponse {
  @ApiProperty()
  valid: boolean;

  @ApiProperty({ enum: ['pdf', 'jws', 'unknown'] })
  kind: string;

  @ApiProperty({ description: 'Why, in words a person can act on.' })
  reason: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What the file says of itself.' })
  details: Record<string, unknown>;

  @ApiProperty({ description: "The file's sha256, hex." })
  sha256: string;

  @ApiProperty({
    type: VerifiedDecisionResponse,
    nullable: true,
    description: 'The decision, when the engine knows it.',
  })
  decision: VerifiedDecisionResponse | null;
}

export class JwksResponse {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'RFC 7517 keys: Ed25519 manifest keys, and the document certificate with x5c.',
  })
  keys: Record<string, unknown>[];
}
