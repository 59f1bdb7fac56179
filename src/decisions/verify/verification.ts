/** A verifier's answer: valid or not, always with the reason a person can act on. */
export interface Verification {
  valid: boolean;
  kind: 'pdf' | 'jws' | 'unknown';
  reason: string;
  /** What the file says of itself, once its signature holds (or as far as it could be read). */
  details: Record<string, unknown>;
}

export const invalid = (
  kind: Verification['kind'],
  reason: string,
  details: Record<string, unknown> = {},
): Verification => ({ valid: false, kind, reason, details });
