import { Injectable } from '@nestjs/common';
import { AssessmentsService } from '../../assessments/assessments.service';
import type { Assessment } from '../../assessments/entities/assessment.entity';
import { QuestionnaireRegistry } from '../../assessments/questionnaire/questionnaire.registry';
import type { Actor } from '../../common/auth/actor';
import { label, ROLE_LABELS, SCREENING_OUTCOME_LABELS, WP248_CRITERION_LABELS } from '../../common/labels';
import { ConditionOwners } from '../../decisions/conditions/condition-owners';
import { DecisionDocumentsService } from '../../decisions/decision-documents.service';
import { inventoryView } from '../../decisions/record/inventory-view';
import { RiskRegisterService } from '../../risk/risk-register.service';
import { clearsLegal, REVIEW_NAMES, storedContextOf } from '../assessment-machine.types';
import type { UserEventType } from '../dto/workflow-event.dto';
import { WorkflowHistoryService } from '../workflow-history.service';
import { WorkflowService } from '../workflow.service';
import { type Choice, outcomeOf } from './decide-view';
import { confirmedScreeningOf, deadlineOf, stageLabel, timelineOf, type ChainEvent } from './status-view';

const DECIDING: readonly UserEventType[] = ['APPROVE', 'REJECT'];

type HistoryEvent = ChainEvent & { actor: { displayName: string } | undefined };

const findingsOf = (e: HistoryEvent) =>
  typeof e.payload.findings === 'string' && e.payload.findings.trim() ? e.payload.findings : null;

/**
 * What the approver reads before deciding, gathered from the services the API uses (the assessment and its
 * questionnaire, screening, the risk register and heat map, the event chain's legal findings), and the words
 * of the signature from the decision document's template. Who may decide is WorkflowService's answer.
 */
@Injectable()
export class DecidePageService {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly questionnaires: QuestionnaireRegistry,
    private readonly workflow: WorkflowService,
    private readonly history: WorkflowHistoryService,
    private readonly risk: RiskRegisterService,
    private readonly documents: DecisionDocumentsService,
    private readonly conditionOwners: ConditionOwners,
  ) {}

  /** Whether this person may decide now (APPROVE or REJECT among their allowed events), and where it stands. */
  async standing(actor: Actor, id: string) {
    const allowed = await this.workflow.allowedEvents(actor, id);
    return { ...allowed, mayDecide: allowed.allowedEvents.some((type) => DECIDING.includes(type)) };
  }

  /** The people who may own a condition, for the owner list (the service holds the APPROVE to the same list). */
  async owners(actor: Actor, id: string) {
    const people = await this.conditionOwners.candidates(await this.assessments.visible(actor, id));
    return people.map((person) => ({
      id: person.id,
      name: person.displayName,
      label: `${person.displayName} (${person.roles.map((role) => ROLE_LABELS[role]).join(', ')})`,
    }));
  }

  /** The whole assessment on one page. */
  async summary(actor: Actor, id: string, now = new Date()) {
    const assessment = await this.assessments.visible(actor, id);
    const [summary, events] = await Promise.all([
      this.assessments.get(actor, id),
      this.history.history(actor, id) as Promise<HistoryEvent[]>,
    ]);
    const cycle = events.slice(events.findLastIndex((e) => e.type === 'REASSESS') + 1);
    const questionnaire = this.questionnaires.get(assessment.questionnaireId, assessment.questionnaireVersion);
    const { question: _question, ...inventory } = inventoryView(questionnaire, assessment.answers);
    const { reviews } = storedContextOf(assessment.snapshot);
    return {
      assessment: {
        ref: summary.ref,
        title: summary.title,
        department: summary.department,
        owner: summary.owner.displayName,
        stage: stageLabel(assessment.state),
        deadline: deadlineOf(assessment.stageDeadlineAt, now),
      },
      base: `/pia/${encodeURIComponent(summary.ref)}`,
      /** The last thing that happened to it ("The engine noted that the stage's deadline passed"). */
      latest: timelineOf(events.slice(-1))[0] ?? null,
      screening: this.screening(assessment, events),
      inventory,
      ...(await this.riskParts(assessment)), // reach checked above (visible)
      legal: {
        required:
          cycle.some((e) => e.type === 'COMPLETE_RISK_ASSESSMENT' && e.to === 'legal_review') ||
          reviews?.legal.applies === true,
        findings: cycle.filter(clearsLegal).map((e) => ({
          by: e.actor?.displayName ?? 'Legal counsel',
          at: new Date(e.at).toISOString(),
          text: findingsOf(e),
        })),
      },
      // Workflow v2: each named review, why it applied, and its latest clearance with its findings.
      namedReviews: reviews
        ? REVIEW_NAMES.map((name) => {
            const cleared = cycle.findLast((e) => e.type === 'CLEAR_REVIEW' && e.payload.review === name);
            return {
              name: `${name.charAt(0).toUpperCase()}${name.slice(1)} review`,
              applies: reviews[name].applies,
              reason: reviews[name].reason,
              cleared: cleared
                ? {
                    by: cleared.actor?.displayName ?? 'A reviewer',
                    at: new Date(cleared.at).toISOString(),
                    text: findingsOf(cleared),
                  }
                : null,
            };
          })
        : null,
    };
  }

  /** Who signs, in what role, and what the signature means for the chosen outcome, in the document's words. */
  signing(actor: Actor, choice: Choice, now = new Date()) {
    const wording = this.documents.signatureWording(choice === 'reject' ? 'REJECT' : 'APPROVE', outcomeOf(choice));
    return {
      name: actor.displayName,
      email: actor.email,
      role: wording.role,
      statement: wording.statement,
      at: now.toISOString(),
    };
  }

  private screening(assessment: Assessment, events: HistoryEvent[]) {
    const result = assessment.screening;
    if (!result) return null;
    const questionnaire = this.questionnaires.get(assessment.questionnaireId, assessment.questionnaireVersion);
    const questions = new Map(questionnaire.sections.flatMap((s) => s.questions).map((q) => [q.id, q.label]));
    const asked = (triggers: { questionId: string }[]) => [
      ...new Set(triggers.map((t) => questions.get(t.questionId) ?? t.questionId)),
    ];
    return {
      proposed: SCREENING_OUTCOME_LABELS[result.proposedOutcome],
      rationale: result.rationale,
      confirmed: confirmedScreeningOf(events),
      criteriaMet: result.criteriaMet,
      criteria: result.criteria
        .filter((c) => c.met)
        .map((c) => ({ name: WP248_CRITERION_LABELS[c.criterion], from: asked(c.triggeredBy) })),
      sensitive: result.sensitiveCategories.map((c) => ({
        name: label.inventory('category', c.category),
        from: c.sources.map((source) => questions.get(source) ?? source),
      })),
      surveillance: { flagged: result.surveillance.flagged, from: asked(result.surveillance.triggeredBy) },
    };
  }

  /** The register with its heat map and measures; none before risk assessment (the page says so). */
  private async riskParts(assessment: Assessment) {
    if (!assessment.riskModelId) return { risks: null, measures: [] };
    // The table below the drawing lists every risk in words, so the drawing leaves its legend out (as the register's page).
    const { register, heatmap } = await this.risk.registerWithHeatmap(assessment, {
      legend: false,
      idPrefix: 'heatmap-',
    });
    const current = register.risks.filter((r) => r.status !== 'retired');
    const numberOf = new Map(current.map((r, i) => [r.id, i + 1]));
    const owners = await this.assessments.people(register.measures.flatMap((m) => (m.ownerId ? [m.ownerId] : [])));
    const position = (p: { level: string; score: number } | null) => (p ? `${p.level} (${p.score})` : 'Not scored');
    return {
      risks: {
        model: `${register.model.title} v${register.model.version}`,
        inherentLevel: register.summary.inherentLevel,
        residualLevel: register.summary.residualLevel,
        escalation: register.summary.escalationReasons,
        heatmapSvg: heatmap,
        items: current.map((r, i) => ({
          n: i + 1,
          label: r.label,
          category: label.riskCategory(r.category),
          inherent: `${position(r.inherent)}${r.inherent.adjusted ? ', adjusted' : ''}`,
          residual: position(r.residual),
          target: r.target ? position(r.target) : null,
          treatment: label.treatment(r.treatment),
          measures: r.measureIds.length,
        })),
      },
      measures: register.measures.map((m) => ({
        title: m.title,
        description: m.description,
        status: label.measureStatus(m.status),
        owner: m.ownerId ? (owners.get(m.ownerId)?.displayName ?? null) : null,
        dueDate: m.dueDate,
        risks: m.riskIds.flatMap((rid) => (numberOf.has(rid) ? [`#${numberOf.get(rid)}`] : [])).join(', '),
      })),
    };
  }
}
