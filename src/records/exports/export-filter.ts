import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ASSESSMENT_STATES } from '../../assessments/assessment-state';
import { IsCalendarDate } from '../../common/validation/is-calendar-date';
import { DECISION_OUTCOMES } from '../../decisions/record/decision-record';

/** Which decisions an export, a package or the register covers. Unknown filters are refused (400). */
export class DecisionFilter {
  @ApiPropertyOptional({ format: 'date', example: '2026-01-01', description: 'Decided on or after this day (UTC).' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-12-31', description: 'Decided on or before this day (UTC).' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional()
  @IsOptional()
  // Refused here, not by the database: a streamed export has begun its response before the query fails.
  @MaxLength(100)
  @IsString()
  department?: string;

  @ApiPropertyOptional({ enum: DECISION_OUTCOMES })
  @IsOptional()
  @IsIn(DECISION_OUTCOMES, { message: `outcome must be one of: ${DECISION_OUTCOMES.join(', ')}` })
  outcome?: string;

  /** The assessment's current state; only decided states are ever exported, so others give nothing. */
  @ApiPropertyOptional({ enum: ASSESSMENT_STATES })
  @IsOptional()
  @IsIn(ASSESSMENT_STATES, { message: `state must be one of: ${ASSESSMENT_STATES.join(', ')}` })
  state?: string;
}

/** The filter as SQL over decisions `d` and assessments `a`, with its parameters numbered from `first`. */
export function filterSql(filter: DecisionFilter, first = 1): { where: string[]; params: unknown[] } {
  const { onDecision, onAssessment, params } = filterConditions(filter, first);
  return { where: [...onDecision, ...onAssessment], params };
}

/** The same conditions, told apart by the table they read: the decision's own, and its assessment's. */
export function filterConditions(
  filter: DecisionFilter,
  first = 1,
): { onDecision: string[]; onAssessment: string[]; params: unknown[] } {
  const onDecision: string[] = [];
  const onAssessment: string[] = [];
  const params: unknown[] = [];
  const add = (where: string[], sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${first + params.length - 1}`));
  };
  // Days are UTC days, whatever the server's time zone.
  if (filter.from) add(onDecision, (n) => `d.decided_at >= (${n}::date::timestamp AT TIME ZONE 'UTC')`, filter.from);
  if (filter.to) add(onDecision, (n) => `d.decided_at < ((${n}::date + 1)::timestamp AT TIME ZONE 'UTC')`, filter.to);
  if (filter.department) add(onAssessment, (n) => `a.department = ${n}`, filter.department);
  if (filter.outcome) add(onDecision, (n) => `d.outcome = ${n}`, filter.outcome);
  if (filter.state) add(onAssessment, (n) => `a.state = ${n}`, filter.state);
  return { onDecision, onAssessment, params };
}
