import { ApiProperty } from '@nestjs/swagger';
import { ANY_VALUE } from '../../common/openapi/responses';
import { RISK_LEVELS } from '../model/risk-model.types';

const DIMENSIONS = { type: 'object', additionalProperties: { type: 'number' } } as const;

/** A point on the model's scales: each dimension's value, their score (x × y) and its level. */
export class PositionResponse {
  @ApiProperty({ ...DIMENSIONS, example: { severity: 3, likelihood: 2 } })
  dimensions: Record<string, number>;

  @ApiProperty({ example: 6 })
  score: number;

  @ApiProperty({ enum: RISK_LEVELS })
  level: string;
}

export class InherentPositionResponse extends PositionResponse {
  @ApiProperty({ description: 'A reviewer changed the computed position (with a justification).' })
  adjusted: boolean;
}

export class RiskResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'illegitimate_access' })
  modelRiskId: string;

  @ApiProperty()
  label: string;

  @ApiProperty({ example: 'cnil_feared_event' })
  category: string;

  @ApiProperty({ type: InherentPositionResponse, description: 'The position in force.' })
  inherent: InherentPositionResponse;

  @ApiProperty({ type: PositionResponse, description: 'What the answers alone give.' })
  computed: PositionResponse;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'The factors behind the computed position and the answers that raised them.',
  })
  explanation: Record<string, unknown>[];

  @ApiProperty({ type: PositionResponse, nullable: true })
  residual: PositionResponse | null;

  @ApiProperty({ type: PositionResponse, nullable: true })
  target: PositionResponse | null;

  @ApiProperty({ type: String, enum: ['reduced', 'accepted', 'eliminated', 'transferred'], nullable: true })
  treatment: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  ownerId: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  dueDate: string | null;

  @ApiProperty({ enum: ['open', 'treated', 'closed', 'retired'], description: 'retired: a newer model dropped it.' })
  status: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  measureIds: string[];
}

export class MeasureResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  ownerId: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  dueDate: string | null;

  @ApiProperty({ enum: ['planned', 'in_progress', 'done'] })
  status: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  riskIds: string[];
}

class RiskModelResponse {
  @ApiProperty({ example: 'city-default' })
  id: string;

  @ApiProperty()
  version: number;

  @ApiProperty()
  title: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: '{ id, label, min, max, labels? } per dimension.',
  })
  dimensions: Record<string, unknown>[];

  @ApiProperty({ type: 'object', additionalProperties: true, description: '{ x: { label, dimensions }, y: … }' })
  axes: Record<string, unknown>;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: '{ level, min }' })
  thresholds: Record<string, unknown>[];
}

class RiskSummaryResponse {
  @ApiProperty({ type: String, enum: RISK_LEVELS, nullable: true })
  inherentLevel: string | null;

  @ApiProperty({ type: String, enum: RISK_LEVELS, nullable: true })
  residualLevel: string | null;

  @ApiProperty({ type: String, enum: RISK_LEVELS, nullable: true })
  targetLevel: string | null;

  @ApiProperty({ description: 'Every risk has a treatment and a residual position (and a measure where needed).' })
  complete: boolean;

  @ApiProperty({ type: [String] })
  incomplete: string[];

  @ApiProperty({ description: 'Residual risk at high or above, or a legal flag.' })
  legalReviewRequired: boolean;

  @ApiProperty({ type: [String] })
  legalReasons: string[];

  @ApiProperty({ description: 'An accepted residual risk at high or above: the approver must see it.' })
  escalation: boolean;

  @ApiProperty({ type: [String] })
  escalationReasons: string[];
}

export class RiskRegisterResponse {
  @ApiProperty({ type: RiskModelResponse })
  model: RiskModelResponse;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Factors and legal flags found.',
  })
  findings: Record<string, unknown> | null;

  @ApiProperty({ type: RiskSummaryResponse })
  summary: RiskSummaryResponse;

  @ApiProperty({ type: [RiskResponse] })
  risks: RiskResponse[];

  @ApiProperty({ type: [MeasureResponse] })
  measures: MeasureResponse[];
}

export class RiskAdjustmentResponse {
  @ApiProperty()
  id: number;

  @ApiProperty({ example: 'residual', description: 'inherent, residual, target, treatment, or rescored.' })
  kind: string;

  @ApiProperty({ ...ANY_VALUE, description: 'A position, a treatment, or the model version.' })
  before: unknown;

  @ApiProperty(ANY_VALUE)
  after: unknown;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  justifications: Record<string, unknown> | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  actorId: string | null;

  @ApiProperty({ format: 'date-time' })
  at: string;
}
