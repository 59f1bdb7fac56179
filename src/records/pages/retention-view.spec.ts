import type { DecisionRetention } from '../retention/retention.service';
import { confirmationMatches, retentionView } from './retention-view';

describe("a decision's retention on the records pages", () => {
  const decision: DecisionRetention = {
    decisionId: 'd1',
    assessmentId: 'a1',
    ref: 'PIA-2026-0001',
    title: 'Transit smart cards',
    department: 'Transit',
    state: 'approved',
    outcome: 'remediation',
    cycle: 1,
    decidedAt: new Date('2020-01-01T00:00:00Z'),
    retentionClass: 'PIA decisions',
    dispositionDate: '2026-01-01',
    pastDate: true,
    legalHoldSince: null,
    legalHoldReason: null,
    disposedAt: null,
    documents: [],
  };

  it('takes the typed ref back whatever its case and surrounding spaces, and nothing else', () => {
    expect(confirmationMatches(' pia-2026-0001 ', 'PIA-2026-0001')).toBe(true);
    expect(confirmationMatches('PIA-2026-0002', 'PIA-2026-0001')).toBe(false);
    expect(confirmationMatches('', 'PIA-2026-0001')).toBe(false);
  });

  it('offers disposition only past the date, without a hold, before it is done, and says why not otherwise', () => {
    expect(retentionView(decision)).toMatchObject({ due: true, notNow: null, outcome: 'Approved with conditions' });
    const held = retentionView({ ...decision, legalHoldSince: new Date(), legalHoldReason: 'Audit' });
    expect(held).toMatchObject({ due: false, notNow: 'It is under a legal hold: release the hold first.' });
    expect(retentionView({ ...decision, pastDate: false }).notNow).toBe('It is kept until its disposition date.');
    expect(retentionView({ ...decision, disposedAt: new Date() })).toMatchObject({ due: false, open: false });
  });
});
