import { filterWords, packageView, sizeWords } from './package-view';

describe("an archival package's words on the records pages", () => {
  const pkg = {
    id: 'a2aa2582-1b15-4d1d-8324-0d6214e9a514',
    filter: {},
    status: 'building',
    progress: { done: 50, total: 120 },
    bytes: null,
    sha256: null,
    createdAt: new Date('2026-12-06T02:48:00Z'),
    finishedAt: null,
  };

  it('names the filter in words, and every decision when there is none', () => {
    expect(filterWords({})).toBe('Every decision');
    expect(filterWords({ department: 'Parks', outcome: 'remediation', from: '2026-01-01' })).toBe(
      'Department Parks, outcome Approved with conditions, decided on or after 2026-01-01',
    );
  });

  it('says how far a build is, offers no download before it is ready, and links back to the decisions', () => {
    expect(packageView(pkg)).toMatchObject({
      statusWords: 'Being built',
      running: true,
      progress: '50 of 120 decisions packed.',
      download: null,
      decisionsHref: '/records',
    });
    expect(packageView({ ...pkg, status: 'queued', progress: { done: 0, total: null } }).progress).toBe(
      'Not started yet.',
    );
    const ready = packageView({ ...pkg, status: 'ready', bytes: 129_024, filter: { outcome: 'approved' } });
    expect(ready).toMatchObject({
      running: false,
      download: `/records/archives/${pkg.id}/download`,
      size: '126 KB',
      decisionsHref: '/records?outcome=approved',
    });
  });

  it('writes sizes as people read them', () => {
    expect([sizeWords(900), sizeWords(2048), sizeWords(5 * 1024 * 1024)]).toEqual(['900 bytes', '2.0 KB', '5.0 MB']);
  });
});
