import { accessClaims } from './access-claims';

describe('accessClaims', () => {
  const sub = '3f2b8c1e-6d4a-4f7b-9a0e-2c5d8e1f4a6b';
  const valid = { sub, iat: 1_000, exp: 1_900, gen: 3 };

  it('reads the user and generation of a token this service issues', () => {
    expect(accessClaims(valid, 900)).toEqual({ userId: sub, generation: 3 });
  });

  it.each([
    ['no exp', { ...valid, exp: undefined }],
    ['no iat', { ...valid, iat: undefined }],
    ['a string exp', { ...valid, exp: '1900' }],
    ['a lifetime beyond the configured one', { ...valid, exp: 1_901 }],
    ['a sub that is not a UUID', { ...valid, sub: 'admin' }],
    ['no sub', { ...valid, sub: undefined }],
    ['no generation', { ...valid, gen: undefined }],
    ['a fractional generation', { ...valid, gen: 1.5 }],
    ['a negative generation', { ...valid, gen: -1 }],
  ])('refuses a token with %s', (_why, payload) => {
    expect(accessClaims(payload, 900)).toBeUndefined();
  });
});
