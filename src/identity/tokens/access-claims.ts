const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What an access token must say beyond its signature, issuer and audience (which passport-jwt checks). */
export interface AccessClaims {
  userId: string;
  /** The user's token generation when it was issued; a bump since then ends it. */
  generation: number;
}

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

/**
 * The claims of a verified access token, or undefined when it is not one this service issues. The
 * signature library accepts a token without `exp` (it never expires) and leaves `sub` unchecked (a
 * non-UUID reached the database), so both are required here, and no token may live longer than the
 * configured lifetime, whoever signed it.
 */
export function accessClaims(payload: Record<string, unknown>, maxLifetimeSeconds: number): AccessClaims | undefined {
  const { sub, exp, iat, gen } = payload;
  if (!isInteger(exp) || !isInteger(iat) || exp - iat > maxLifetimeSeconds) return undefined;
  if (typeof sub !== 'string' || !UUID.test(sub) || !isInteger(gen) || gen < 0) return undefined;
  return { userId: sub, generation: gen };
}
