/** The largest PostgreSQL `integer`: numbers from a request that reach an int column or an OFFSET stay within it. */
export const MAX_INT = 2_147_483_647;
