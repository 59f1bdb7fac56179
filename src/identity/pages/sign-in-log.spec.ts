import { AuthEventType } from '../entities/auth-event.entity';
import { dayStart, logRow, readSignInFilter } from './sign-in-log';

describe('the sign-in log page’s words and filter', () => {
  it('reads days as UTC calendar days, the last one included, and says which typed day is no date', () => {
    expect(dayStart('2026-03-01')?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    for (const text of ['2026-02-30', '2026-13-01', '1/3/2026', '', 'constructor'])
      expect(dayStart(text)).toBeUndefined();
    const read = readSignInFilter({ person: ' dana ', type: 'login_failed', from: '2026-03-01', to: '2026-03-01' });
    expect(read).toMatchObject({
      person: 'dana',
      type: AuthEventType.LoginFailed,
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-02T00:00:00Z'),
      errors: [],
    });
    const bad = readSignInFilter({ from: '2026-02-30', type: '__proto__', person: ['a', 'b'] });
    expect(bad.errors).toEqual([{ field: 'from', message: expect.stringContaining('first day') }]);
    expect(bad).not.toHaveProperty('from');
    expect(bad).not.toHaveProperty('type');
    expect(bad.typed).toEqual({ person: '', type: '', from: '2026-02-30', to: '' });
    expect(readSignInFilter({ from: '2026-03-02', to: '2026-03-01' }).errors).toEqual([
      { field: 'to', message: 'The last day must not be before the first.' },
    ]);
  });

  it('says what happened in words, with who did it and the roles by name', () => {
    const row = logRow({
      id: '1',
      type: AuthEventType.RolesChanged,
      at: new Date(),
      ip: '127.0.0.1',
      email: 'j@example.gov',
      userName: 'Jordan Lee',
      actorName: 'Ada Admin',
      details: { before: ['project_owner'], after: ['approver', 'legal_counsel'] },
    });
    expect(row).toMatchObject({
      what: 'Roles changed',
      by: 'Ada Admin',
      failed: false,
      detail: 'From Project owner to Approver, Legal counsel.',
    });
    const failed = logRow({
      id: '2',
      type: AuthEventType.LoginFailed,
      at: new Date(),
      ip: null,
      email: 'nobody@example.gov',
      userName: null,
      actorName: null,
      details: {},
    });
    expect(failed).toMatchObject({
      what: 'Sign-in failed',
      failed: true,
      detail: 'No account has this e-mail address.',
    });
  });
});
