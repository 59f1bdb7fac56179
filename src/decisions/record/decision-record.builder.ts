import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Assessment } from '../../assessments/entities/assessment.entity';
import { evaluateQuestionnaire } from '../../assessments/questionnaire/questionnaire-state';
import { QuestionnaireRegistry } from '../../assessments/questionnaire/questionnaire.registry';
import type { Disclosure } from '../../assessments/questionnaire/questionnaire.types';
import { AppConfig } from '../../config/app-config';
import { RiskRegisterService } from '../../risk/risk-register.service';
import { CommentsService } from '../../reviews/comments/comments.service';
import type { DocumentTemplate } from '../templates/document-template';
import {
  DECISION_OUTCOME_LABELS,
  label,
  ROLE_LABELS,
  SCREENING_OUTCOME_LABELS,
  WP248_CRITERION_LABELS,
} from '../../common/labels';
import {
  clearsLegal,
  REVIEW_NAMES,
  REVIEW_ROLE,
  type ReviewName,
  type ScreeningOutcome,
  storedContextOf,
} from '../../workflow/assessment-machine.types';
import { SIGNED_EVENTS } from '../../workflow/event-permissions';
import { answerText } from './answer-text';
import { inventoryView } from './inventory-view';
import type {
  AnswerSection,
  DecisionOutcome,
  DecisionRecord,
  Disclosed,
  NamedReviewLine,
  Signature,
  SignOff,
} from './decision-record';

export interface DecisionRow {
  id: string;
  assessment_id: string;
  event_id: string;
  cycle: number;
  outcome: DecisionOutcome;
  reasons: string | null;
  decided_at: Date;
  decided_by: string | null;
}

interface EventRow {
  seq: number;
  type: string;
  to_state: string;
  payload: Record<string, unknown>;
  actor_id: string | null;
  at: Date;
  hash: string;
}

export interface DocumentVersion {
  version: number;
  supersedes: { version: number; pdfSha256: string } | null;
  correctionReason: string | null;
}

const disclosed = <T>(disclosure: Disclosure, value: T): Disclosed<T> => ({ disclosure, value, withheld: false });
const PUBLIC: Disclosure = { level: 'public' };
const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** What clearing a named review means: the template's words, or for a template before version 3 the role's. */
function reviewSignOff(template: DocumentTemplate, review: ReviewName): { role: string; meaning: string } {
  return (
    template.reviewSignOffs?.[review] ?? {
      role: ROLE_LABELS[REVIEW_ROLE[review]],
      meaning: `Cleared the ${review} review.`,
    }
  );
}

/**
 * Gathers what a decision document says, as it stood when the decision was made: the chain up to the
 * deciding event, the answers, screening, the risk register and the sign-offs of the decision's cycle.
 */
@Injectable()
export class DecisionRecordBuilder {
  constructor(
    private readonly db: DataSource,
    private readonly questionnaires: QuestionnaireRegistry,
    private readonly risk: RiskRegisterService,
    private readonly config: AppConfig,
    private readonly comments: CommentsService,
  ) {}

  async build(decision: DecisionRow, template: DocumentTemplate, version: DocumentVersion): Promise<DecisionRecord> {
    const assessment = await this.db.getRepository(Assessment).findOneByOrFail({ id: decision.assessment_id });
    // The deciding event closes the part of the chain this record speaks for.
    const events: EventRow[] = await this.db.query(
      `SELECT seq, type, to_state, payload, actor_id, at, hash FROM assessment_events
        WHERE assessment_id = $1 AND seq <= (SELECT seq FROM assessment_events WHERE id = $2) ORDER BY seq`,
      [assessment.id, decision.event_id],
    );
    const cycleStart = events.findLastIndex((e) => e.type === 'REASSESS') + 1;
    const cycle = events.slice(cycleStart);
    const last = events[events.length - 1];
    const names = await this.names([
      assessment.ownerId,
      ...events.flatMap((e) => (e.actor_id ? [e.actor_id] : [])),
      ...this.conditionOwners(cycle),
    ]);
    const name = (id: string | null | undefined) => (id ? (names.get(id) ?? 'Unknown person') : null);

    const questionnaire = this.questionnaires.get(assessment.questionnaireId, assessment.questionnaireVersion);
    const state = evaluateQuestionnaire(questionnaire, assessment.answers);
    const { question: inventoryQuestion, ...inventory } = inventoryView(questionnaire, assessment.answers);
    const screeningEvent = cycle.findLast((e) => e.type === 'CONFIRM_SCREENING');
    const screeningOutcome = (screeningEvent?.payload.outcome ?? assessment.screening?.proposedOutcome) as
      ScreeningOutcome | undefined;
    const approval = cycle.findLast((e) => e.type === 'APPROVE');
    const { risks, measures } = await this.riskParts(assessment, template);
    const accepted = decision.outcome === 'approved' || decision.outcome === 'remediation';
    const namedReviews = this.namedReviews(assessment, decision, cycle, template, name);

    return {
      organisation: this.config.decisions.organisation,
      template: { id: template.id, version: template.version, title: template.title },
      decision: {
        id: decision.id,
        outcome: decision.outcome,
        outcomeLabel: template.outcomes?.[decision.outcome] ?? DECISION_OUTCOME_LABELS[decision.outcome],
        decidedAt: decision.decided_at.toISOString(),
        decidedBy: name(decision.decided_by),
        reasons: disclosed(template.disclosure.reasons, decision.reasons),
        cycle: decision.cycle,
        escalated: accepted && (risks.value?.escalation.length ?? 0) > 0,
      },
      document: version,
      assessment: {
        id: assessment.id,
        ref: assessment.ref,
        title: assessment.title,
        department: assessment.department,
        owner: name(assessment.ownerId)!,
        createdAt: assessment.createdAt.toISOString(),
        submittedAt: iso(assessment.submittedAt),
      },
      screening: {
        outcome: screeningOutcome ? SCREENING_OUTCOME_LABELS[screeningOutcome] : 'Not screened',
        proposedOutcome: assessment.screening ? SCREENING_OUTCOME_LABELS[assessment.screening.proposedOutcome] : 'None',
        rationale: assessment.screening?.rationale ?? '',
        overrideReason: (screeningEvent?.payload.reason as string | undefined) ?? null,
        criteria: (assessment.screening?.criteria ?? []).map((c) => ({
          name: WP248_CRITERION_LABELS[c.criterion],
          met: c.met,
        })),
        criteriaMet: assessment.screening?.criteriaMet ?? 0,
        surveillance: assessment.screening?.surveillance.flagged ?? false,
      },
      inventory: disclosed(inventoryQuestion?.disclosure ?? PUBLIC, inventory),
      answers: questionnaire.sections.flatMap((section): AnswerSection[] => {
        const answers = section.questions
          .filter((q) => state.questions.get(q.id)?.visible && q.type !== 'data_inventory')
          .map((q) =>
            disclosed(q.disclosure ?? PUBLIC, { label: q.label, text: answerText(q, assessment.answers[q.id]) }),
          );
        return answers.length > 0 ? [{ title: section.title, answers }] : [];
      }),
      risks,
      measures,
      legalReview: {
        required:
          cycle.some((e) => e.type === 'COMPLETE_RISK_ASSESSMENT' && e.to_state === 'legal_review') ||
          (namedReviews?.some((r) => r.review === 'legal' && r.applies) ?? false),
        clearances: cycle.filter(clearsLegal).map((e) => ({ by: name(e.actor_id)!, at: e.at.toISOString() })),
      },
      legalFindings: disclosed(
        template.disclosure.legalFindings,
        cycle
          .filter((e) => clearsLegal(e) && e.payload.findings)
          .map((e) => ({ by: name(e.actor_id)!, at: e.at.toISOString(), text: String(e.payload.findings) })),
      ),
      namedReviews,
      conditions: disclosed(
        template.disclosure.conditions,
        (
          (approval?.payload.conditions as { text: string; ownerId?: string; dueDate?: string }[] | undefined) ?? []
        ).map((c) => ({ text: c.text, owner: name(c.ownerId), dueDate: c.dueDate ?? null })),
      ),
      signOffs: this.signOffs(cycle, template, name),
      openThreads: await this.comments.openAt(assessment, decision.decided_at),
      signature: this.signature(decision, last, template, name),
      versions: {
        template: `${template.id} v${template.version}`,
        questionnaire: `${assessment.questionnaireId} v${assessment.questionnaireVersion}`,
        riskModel: assessment.riskModelId ? `${assessment.riskModelId} v${assessment.riskModelVersion}` : null,
        machine: assessment.machineVersion,
      },
      lastEvent: { seq: last.seq, hash: last.hash },
    };
  }

  /** Risks with their scores, the heat map and the measures; none when the assessment closed at screening. */
  private async riskParts(
    assessment: Assessment,
    template: DocumentTemplate,
  ): Promise<Pick<DecisionRecord, 'risks' | 'measures'>> {
    if (!assessment.riskModelId)
      return {
        risks: disclosed(template.disclosure.risks, null),
        measures: disclosed(template.disclosure.measures, []),
      };
    const [register, heatmap] = await Promise.all([this.risk.registerOf(assessment), this.risk.heatmapOf(assessment)]);
    const current = register.risks.filter((r) => r.status !== 'retired');
    const numberOf = new Map(current.map((r, i) => [r.id, i + 1]));
    const owners = await this.names(register.measures.flatMap((m) => (m.ownerId ? [m.ownerId] : [])));
    const position = (p: { level: string; score: number } | null) => (p ? `${p.level} (${p.score})` : 'not scored');
    return {
      risks: disclosed(template.disclosure.risks, {
        model: `${register.model.title} v${register.model.version}`,
        inherentLevel: register.summary.inherentLevel,
        residualLevel: register.summary.residualLevel,
        items: current.map((r, i) => ({
          n: i + 1,
          label: r.label,
          category: label.riskCategory(r.category),
          inherent: `${position(r.inherent)}${r.inherent.adjusted ? ', adjusted' : ''}`,
          residual: position(r.residual),
          treatment: label.treatment(r.treatment),
        })),
        escalation: register.summary.escalationReasons,
        heatmapSvg: heatmap.svg,
        heatmap: heatmap.layout,
      }),
      measures: disclosed(
        template.disclosure.measures,
        register.measures.map((m) => ({
          title: m.title,
          description: m.description,
          status: label.measureStatus(m.status),
          owner: m.ownerId ? (owners.get(m.ownerId) ?? null) : null,
          dueDate: m.dueDate,
          risks: m.riskIds.flatMap((id) => (numberOf.has(id) ? [`#${numberOf.get(id)}`] : [])).join(', '),
        })),
      ),
    };
  }

  /**
   * Workflow v2's named reviews of the decision's cycle: each, whether it applied and why (as stored when the risk
   * stage completed), and its latest clearance. Null on v1, and when the assessment has since moved to a new cycle.
   */
  private namedReviews(
    assessment: Assessment,
    decision: DecisionRow,
    cycle: EventRow[],
    template: DocumentTemplate,
    name: (id: string | null) => string | null,
  ): NamedReviewLine[] | null {
    const context = storedContextOf(assessment.snapshot);
    if (!context.reviews || context.cycle !== decision.cycle) return null;
    const reviews = context.reviews;
    return REVIEW_NAMES.map((review) => {
      const cleared = cycle.findLast((e) => e.type === 'CLEAR_REVIEW' && e.payload.review === review);
      const signOff = reviewSignOff(template, review);
      return {
        review,
        name: `${review.charAt(0).toUpperCase()}${review.slice(1)} review`,
        applies: reviews[review].applies,
        reason: reviews[review].reason,
        clearance: cleared
          ? { by: name(cleared.actor_id)!, role: signOff.role, at: cleared.at.toISOString(), meaning: signOff.meaning }
          : null,
      };
    });
  }

  /**
   * The sign-offs of the decision's cycle, in order; a step done twice (after changes) counts at its last. Each named
   * review's clearance (workflow v2) is a sign-off of its own.
   */
  private signOffs(
    cycle: EventRow[],
    template: DocumentTemplate,
    name: (id: string | null) => string | null,
  ): SignOff[] {
    const meaningOf = (e: EventRow) =>
      e.type === 'CLEAR_REVIEW' ? reviewSignOff(template, e.payload.review as ReviewName) : template.signOffs[e.type];
    const latest = new Map<string, EventRow>();
    for (const event of cycle) {
      if (!event.actor_id || !(template.signOffs[event.type] || event.type === 'CLEAR_REVIEW')) continue;
      const step = event.type === 'RESUBMIT' ? 'SUBMIT' : event.type;
      latest.set(event.type === 'CLEAR_REVIEW' ? `${step}:${String(event.payload.review)}` : step, event);
    }
    return [...latest.values()]
      .sort((a, b) => a.seq - b.seq)
      .map((e) => ({ name: name(e.actor_id)!, at: e.at.toISOString(), ...meaningOf(e) }));
  }

  /** Who made the decision, when, and what their signature means in this template's words. */
  private signature(
    decision: DecisionRow,
    deciding: EventRow,
    template: DocumentTemplate,
    name: (id: string | null) => string | null,
  ): Signature | null {
    if (!template.signature || !decision.decided_by) return null;
    return {
      name: name(decision.decided_by)!,
      role: template.signOffs[deciding.type]?.role ?? '',
      at: decision.decided_at.toISOString(),
      statement: template.signature[decision.outcome],
      reauthenticated: SIGNED_EVENTS.has(deciding.type),
    };
  }

  private conditionOwners(cycle: EventRow[]): string[] {
    const conditions =
      (cycle.findLast((e) => e.type === 'APPROVE')?.payload.conditions as { ownerId?: string }[] | undefined) ?? [];
    return conditions.flatMap((c) => (c.ownerId ? [c.ownerId] : []));
  }

  private async names(ids: string[]): Promise<Map<string, string>> {
    const rows: { id: string; display_name: string }[] = ids.length
      ? await this.db.query('SELECT id, display_name FROM users WHERE id = ANY($1)', [[...new Set(ids)]])
      : [];
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }
}
