import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SigningKeysService } from '../keys/signing-keys.service';
import type { DecisionRecord } from '../record/decision-record';
import { signManifest } from '../signing/manifest';
import { signPdf } from '../signing/sign-pdf';
import type { DocumentTemplate } from '../templates/document-template';
import { publicDecisionHtml } from './decision-html';
import { decisionPdf } from './decision-pdf';

export interface RenderedDocument {
  pdf: Buffer;
  pdfSha256: string;
  html: string;
  htmlSha256: string;
  manifestJws: string;
  manifestKid: string;
  certificateKid: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Renders a record both ways, signs the PDF (PAdES) and then the manifest (JWS) that binds both hashes. */
@Injectable()
export class DocumentRenderer {
  constructor(private readonly keys: SigningKeysService) {}

  async render(
    template: DocumentTemplate,
    record: DecisionRecord,
    supersedesId: string | null,
  ): Promise<RenderedDocument> {
    const now = new Date();
    const certificate = this.keys.documentCertificate();
    const key = this.keys.manifestKey();
    const html = publicDecisionHtml(template, record);
    const pdf = await signPdf(await decisionPdf(record, now), certificate.signer, {
      organisation: record.organisation,
      reason: `${record.decision.outcomeLabel}: decision record of ${record.assessment.ref}`,
      at: now,
    });
    const pdfSha256 = sha256(pdf);
    const htmlSha256 = sha256(html);
    const manifestJws = await signManifest(
      {
        decisionId: record.decision.id,
        assessmentRef: record.assessment.ref,
        outcome: record.decision.outcome,
        decidedAt: record.decision.decidedAt,
        signers: record.signOffs,
        documentVersion: record.document.version,
        supersedes: supersedesId,
        pdfSha256,
        htmlSha256,
        lastEventHash: record.lastEvent.hash,
      },
      key,
    );
    return { pdf, pdfSha256, html, htmlSha256, manifestJws, manifestKid: key.kid, certificateKid: certificate.kid };
  }
}
