import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;
/** argon2 hashes any length; the cap keeps a request from making us hash megabytes. */
export const MAX_PASSWORD_LENGTH = 128;

// About 49,000 of the most common passwords from public breach corpora, as zxcvbn ships them.
const COMMON = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

/**
 * Why a password is refused, or undefined when it is acceptable. NIST SP 800-63B: length, and no
 * password that is known to be common; no composition rules.
 */
export function passwordProblem(password: string, email?: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  const lower = password.toLowerCase();
  // A common password with digits or symbols tacked on either end is as guessable as the password itself.
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (COMMON.has(lower) || (core.length >= 4 && COMMON.has(core)))
    return 'is too common; choose a less predictable one';
  if (new Set(lower).size <= 2) return 'is too repetitive';
  const mailbox = email?.split('@')[0]?.toLowerCase();
  if (mailbox && mailbox.length >= 4 && lower.includes(mailbox)) return 'must not contain your e-mail name';
  return undefined;
}
