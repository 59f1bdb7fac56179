import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it('accepts a long, uncommon passphrase', () => {
    expect(passwordProblem('harbor-lantern-quietly-77')).toBeUndefined();
  });

  it('refuses fewer than 12 characters', () => {
    expect(passwordProblem('Tr0ub4dor&3')).toBe('must be at least 12 characters');
  });

  it('refuses more than 128 characters', () => {
    expect(passwordProblem('x'.repeat(64) + 'y'.repeat(65))).toBe('must be at most 128 characters');
  });

  it.each(['qwerty123456', '1q2w3e4r5t6y', 'QWERTY123456'])('refuses a listed common password (%s)', (password) => {
    expect(passwordProblem(password)).toBe('is too common; choose a less predictable one');
  });

  it.each(['password1234', '!!sunshine2024', 'iloveyou12345'])(
    'refuses a common password padded with digits or symbols (%s)',
    (password) => {
      expect(passwordProblem(password)).toBe('is too common; choose a less predictable one');
    },
  );

  it('refuses a repetitive one', () => {
    expect(passwordProblem('abababababababab')).toBe('is too repetitive');
  });

  it("refuses one containing the e-mail's mailbox name", () => {
    expect(passwordProblem('jordan.lee-rules-2026', 'Jordan.Lee@seattle.gov')).toBe(
      'must not contain your e-mail name',
    );
  });
});
