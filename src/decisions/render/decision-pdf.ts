import { PDFDocument, rgb } from 'pdf-lib';
import type { Disclosure } from '../../assessments/questionnaire/questionnaire.types';
import type { HeatmapLayout } from '../../risk/heatmap';
import type { DecisionRecord, Disclosed } from '../record/decision-record';
import { formatDate, formatDateTime } from '../templates/handlebars-helpers';
import { counted } from '../../common/labels';
import { PdfWriter } from './pdf-writer';

const RED = rgb(0.6, 0.05, 0.05);
const LEVEL_FILL: Record<string, [number, number, number]> = {
  low: [0.9, 0.96, 0.92],
  medium: [1, 0.96, 0.81],
  high: [0.99, 0.89, 0.81],
  critical: [0.97, 0.82, 0.82],
};

/** How the full record marks a part the public rendering leaves out. */
const tag = (d: Disclosure) =>
  d.level === 'public' ? '' : d.level === 'exempt' ? ` [exempt from disclosure: ${d.exemption}]` : ' [internal]';
const heading = (w: PdfWriter, title: string, part?: Disclosed<unknown>, level: 2 | 3 = 2) =>
  w.heading(`${title}${part ? tag(part.disclosure) : ''}`, level);

/**
 * The complete decision record as an unsigned PDF (every part, its disclosure marked), with title and
 * author metadata. Signing adds the PAdES signature afterwards.
 */
export async function decisionPdf(record: DecisionRecord, now: Date): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  const title = `${record.template.title}: ${record.assessment.ref} ${record.assessment.title}`;
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setAuthor(record.organisation);
  doc.setSubject(
    `${record.decision.outcomeLabel}. Decision ${record.decision.id}, document version ${record.document.version}.`,
  );
  doc.setKeywords(['privacy impact assessment', 'decision', record.assessment.ref, record.decision.outcome]);
  doc.setCreator(`Privacy Review Engine, template ${record.versions.template}`);
  doc.setProducer('Privacy Review Engine (pdf-lib)');
  doc.setLanguage('en');
  doc.setCreationDate(now);
  doc.setModificationDate(now);

  const w = await PdfWriter.create(
    doc,
    `${record.assessment.ref} · decision ${record.decision.id} · v${record.document.version}`,
  );
  w.paragraph(record.organisation, { color: rgb(0.35, 0.35, 0.35) });
  w.heading(record.template.title, 1);
  w.facts([
    ['Assessment', `${record.assessment.ref}: ${record.assessment.title}`],
    ['Department', record.assessment.department],
    ['Project owner', record.assessment.owner],
    ['Opened', formatDateTime(record.assessment.createdAt)],
    ['Submitted', record.assessment.submittedAt ? formatDateTime(record.assessment.submittedAt) : 'Not submitted'],
    ['Decided', formatDateTime(record.decision.decidedAt)],
    ['Review cycle', String(record.decision.cycle)],
    [
      'Document version',
      record.document.supersedes
        ? `${record.document.version}, correcting version ${record.document.supersedes.version} (PDF sha256 ${record.document.supersedes.pdfSha256}): ${record.document.correctionReason}`
        : String(record.document.version),
    ],
  ]);

  w.heading('Decision');
  w.paragraph(record.decision.outcomeLabel, { size: 14, font: 'bold' });
  if (record.decision.decidedBy) w.paragraph(`Decided by ${record.decision.decidedBy}.`);
  if (record.decision.escalated) {
    w.paragraph(
      'Escalated: this decision accepts at least one residual risk at high or above (the pattern of prior consultation under GDPR Art. 36).',
      { font: 'bold', color: RED },
    );
    for (const reason of record.risks.value?.escalation ?? []) w.paragraph(`• ${reason}`, { indent: 12 });
  }
  w.heading(`Reasons${tag(record.decision.reasons.disclosure)}`, 3);
  w.paragraph(record.decision.reasons.value ?? 'No reasons were recorded beyond the assessment itself.');

  const s = record.screening;
  w.heading('Screening');
  w.facts([
    ['Outcome', s.outcome],
    ['Proposed by screening', s.proposedOutcome],
    ['Criteria met', `${s.criteriaMet} of ${s.criteria.length} (WP248 rev.01)`],
    ['Surveillance technology', s.surveillance ? 'Yes' : 'No'],
  ]);
  w.paragraph(s.rationale);
  if (s.overrideReason) w.paragraph(`The privacy officer's reason for the outcome: ${s.overrideReason}`);
  w.paragraph(s.criteria.map((c) => `${c.name}: ${c.met ? 'met' : 'not met'}`).join(' · '), { size: 8.5 });

  const inventory = record.inventory.value;
  heading(w, 'Data inventory', record.inventory);
  w.paragraph(
    `${counted(inventory.count, 'data element')}, ${inventory.sensitiveCount} of them in sensitive categories.`,
    { keepWithNext: inventory.elements.length > 0 },
  );
  if (inventory.elements.length > 0) {
    w.table(
      ['Data element', 'Category', 'Sensitivity', 'Source', 'Recipients', 'Retention', 'Legal basis'],
      inventory.elements.map((e) => [
        e.name,
        e.category,
        e.sensitivity,
        e.source,
        e.recipients,
        e.retention,
        e.legalBasis,
      ]),
      [0.17, 0.12, 0.13, 0.13, 0.15, 0.12, 0.18],
    );
  }

  heading(w, 'Risks', record.risks);
  const risks = record.risks.value;
  if (!risks) w.paragraph('The assessment closed at screening; no risks were scored.');
  else {
    w.paragraph(
      `Scored with ${risks.model}. Highest inherent risk: ${risks.inherentLevel ?? 'none'}; highest residual risk: ${risks.residualLevel ?? 'none'}.`,
      { keepWithNext: true },
    );
    w.table(
      ['#', 'Risk', 'Category', 'Inherent', 'Residual', 'Treatment'],
      risks.items.map((r) => [String(r.n), r.label, r.category, r.inherent, r.residual, r.treatment]),
      [0.05, 0.35, 0.15, 0.16, 0.15, 0.14],
    );
    drawHeatmap(w, risks.heatmap);
  }

  heading(w, 'Measures', record.measures);
  if (record.measures.value.length === 0) w.paragraph('No measures were recorded.');
  else
    w.table(
      ['Measure', 'Treats risks', 'Owner', 'Due', 'Status'],
      record.measures.value.map((m) => [
        m.description ? `${m.title}\n${m.description}` : m.title,
        m.risks,
        m.owner ?? '',
        m.dueDate ? formatDate(m.dueDate) : '',
        m.status,
      ]),
      [0.44, 0.12, 0.18, 0.13, 0.13],
    );

  if (record.namedReviews) {
    w.heading('Reviews');
    w.paragraph('The reviews that applied were held at the same time; the decision waited until each was cleared.');
    w.table(
      ['Review', 'Why it applied, or not', 'Cleared by', 'Time', 'What the clearance means'],
      record.namedReviews.map((r) => [
        r.name,
        r.reason,
        !r.applies ? 'Not required' : r.clearance ? `${r.clearance.by} (${r.clearance.role})` : 'Not cleared',
        r.clearance ? formatDateTime(r.clearance.at) : '',
        r.clearance?.meaning ?? '',
      ]),
      [0.14, 0.28, 0.18, 0.14, 0.26],
    );
  }

  w.heading('Legal review');
  const review = record.legalReview;
  if (!review.required)
    w.paragraph(
      `No legal review was required: ${risks ? 'no residual risk was high and no legal flag was raised' : 'the assessment closed at screening'}.`,
    );
  else {
    w.paragraph(
      [
        'Legal review was required.',
        ...review.clearances.map((c) => `Cleared by ${c.by} on ${formatDateTime(c.at)}.`),
      ].join(' '),
    );
    heading(w, 'Findings', record.legalFindings, 3);
    if (record.legalFindings.value.length === 0) w.paragraph('Counsel recorded no written findings.');
    for (const f of record.legalFindings.value) {
      w.paragraph(`${f.by}, ${formatDateTime(f.at)}`, { font: 'bold' });
      w.paragraph(f.text);
    }
  }

  heading(w, 'Conditions', record.conditions);
  if (record.conditions.value.length === 0) w.paragraph('No conditions.');
  else
    w.table(
      ['Condition', 'Owner', 'Due'],
      record.conditions.value.map((c) => [c.text, c.owner ?? '', c.dueDate ? formatDate(c.dueDate) : '']),
      [0.6, 0.22, 0.18],
    );

  w.heading('Sign-offs');
  w.table(
    ['Name', 'Role', 'Time', 'What the signature means'],
    record.signOffs.map((o) => [o.name, o.role, formatDateTime(o.at), o.meaning]),
    [0.2, 0.16, 0.2, 0.44],
  );
  if (record.signature) signatureBlock(w, record);

  w.heading('The assessment as decided');
  for (const section of record.answers) {
    w.heading(section.title, 3);
    w.facts(
      section.answers.map((a) => [`${a.value.label}${tag(a.disclosure)}`, a.value.text]),
      200,
    );
  }

  w.heading('Provenance');
  w.facts([
    ['Document template', record.versions.template],
    ['Questionnaire', record.versions.questionnaire],
    ['Risk model', record.versions.riskModel ?? 'none'],
    ['Workflow', record.versions.machine],
    ['Decision id', record.decision.id],
    ['Last audit event', `number ${record.lastEvent.seq}, sha256 ${record.lastEvent.hash}`],
  ]);
  w.paragraph(
    "This PDF carries the organisation's PAdES signature. The signed manifest of this decision (a JWS, verifiable with the keys at /.well-known/jwks.json) names its sha256 and that of the public HTML rendering.",
    { size: 8.5 },
  );
  w.finish();
  return doc;
}

/** Who signed the decision, when, and what the signature means, in a box of its own. */
function signatureBlock(w: PdfWriter, record: DecisionRecord): void {
  const signature = record.signature!;
  w.heading('Signature');
  w.box([
    { text: `“${signature.statement}”`, style: { font: 'bold', size: 11 } },
    { text: `Signed by ${signature.name}, ${signature.role}, on ${formatDateTime(signature.at)}.` },
    {
      text: `Signed electronically${signature.reauthenticated ? ': the signer confirmed who they are by entering their password again' : ''}. The signature is event ${record.lastEvent.seq} of the assessment's tamper-evident log, and this PDF carries ${record.organisation}'s digital signature (PAdES).`,
      style: { size: 8.5, color: rgb(0.35, 0.35, 0.35) },
    },
  ]);
}

/** The heat map drawn natively (PDF has no SVG): level-shaded cells, ○ inherent and ■ residual markers. */
function drawHeatmap(w: PdfWriter, map: HeatmapLayout): void {
  const cell = Math.min(38, (w.width - 90) / map.columns.length);
  const height = map.rows.length * cell + 50;
  w.block(height, (page, x0, top, fonts) => {
    const left = x0 + 80;
    map.levels.forEach((cells, row) =>
      cells.forEach((level, col) => {
        const [r, g, b] = LEVEL_FILL[level];
        page.drawRectangle({
          x: left + col * cell,
          y: top - (row + 1) * cell,
          width: cell,
          height: cell,
          color: rgb(r, g, b),
          borderColor: rgb(0.35, 0.35, 0.35),
          borderWidth: 0.5,
        });
        page.drawText(level, {
          x: left + col * cell + 2,
          y: top - row * cell - 8,
          size: 5.5,
          font: fonts.regular,
          color: rgb(0.3, 0.3, 0.3),
        });
      }),
    );
    map.rows.forEach((label, row) =>
      page.drawText(label, {
        x: left - 4 - fonts.regular.widthOfTextAtSize(label, 7),
        y: top - row * cell - cell / 2 - 2,
        size: 7,
        font: fonts.regular,
      }),
    );
    map.columns.forEach((label, col) =>
      page.drawText(label, {
        x: left + col * cell + 2,
        y: top - map.rows.length * cell - 10,
        size: 7,
        font: fonts.regular,
      }),
    );
    page.drawText(`${map.xLabel} →`, { x: left, y: top - map.rows.length * cell - 22, size: 8, font: fonts.bold });
    page.drawText(`${map.yLabel} ↑`, { x: x0, y: top - 10, size: 8, font: fonts.bold, maxWidth: 75 });
    // Up to 12 markers fit a cell (4 × 3); more are counted as "+n" (the table above lists every risk).
    const crowd = new Map<string, number>();
    for (const m of map.markers) crowd.set(`${m.col},${m.row}`, (crowd.get(`${m.col},${m.row}`) ?? 0) + 1);
    const used = new Map<string, number>();
    for (const m of map.markers) {
      const key = `${m.col},${m.row}`;
      const n = used.get(key) ?? 0;
      used.set(key, n + 1);
      const cx = left + m.col * cell + 6 + (n % 4) * 8;
      const cy = top - m.row * cell - 13 - Math.floor(n / 4) * 8;
      const overflow = crowd.get(key)! > 12 && n >= 11;
      if (overflow) {
        if (n === 11) page.drawText(`+${crowd.get(key)! - 11}`, { x: cx - 3, y: cy - 2, size: 5.5, font: fonts.bold });
        continue;
      }
      if (m.kind === 'inherent')
        page.drawCircle({
          x: cx,
          y: cy,
          size: 3.6,
          color: rgb(1, 1, 1),
          borderColor: rgb(0.1, 0.1, 0.1),
          borderWidth: 0.7,
        });
      else page.drawRectangle({ x: cx - 3.6, y: cy - 3.6, width: 7.2, height: 7.2, color: rgb(0.1, 0.1, 0.1) });
      page.drawText(String(m.n), {
        x: cx - (m.n > 9 ? 2.6 : 1.4),
        y: cy - 1.8,
        size: 5,
        font: fonts.bold,
        color: m.kind === 'inherent' ? rgb(0, 0, 0) : rgb(1, 1, 1),
      });
    }
    page.drawText('○ inherent   ■ residual (numbers as in the table above)', {
      x: left,
      y: top - map.rows.length * cell - 34,
      size: 7.5,
      font: fonts.regular,
    });
  });
}
