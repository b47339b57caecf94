import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem, verifyPassword } from './passwords.ts';

describe('password hashing', () => {
  it('verifies the right password, rejects others, and salts every hash', async () => {
    const first = await hashPassword('a long enough passphrase');
    const second = await hashPassword('a long enough passphrase');
    expect(first).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('a long enough passphrase', first)).toBe(true);
    expect(await verifyPassword('a long enough passphrasE', first)).toBe(false);
    expect(await verifyPassword('anything', null)).toBe(false);
    expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
  });
});

describe('password policy (NCSC: length over complexity, block the common ones)', () => {
  it.each([
    ['short', 'tooShort'],
    ['password', 'tooShort'],
    ['password12', 'common'],
    ['Password123!', 'common'],
    ['qwertyuiop', 'common'],
    ['aaaaaaaaaaaa', 'common'],
    ['jane.smith-rocks', 'containsEmail'],
    ['x'.repeat(257), 'tooLong'],
  ])('rejects %s (%s)', (password, problem) => {
    expect(passwordProblem(password, 'jane.smith@example.gov.uk')).toBe(problem);
  });

  it('accepts long passphrases without demanding symbols or capitals', () => {
    expect(passwordProblem('lantern orchard gravel', 'jane@example.gov.uk')).toBeNull();
    expect(passwordProblem('ten letters', 'jane@example.gov.uk')).toBeNull();
  });

  it('never accepts anything shorter than the minimum', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: MIN_PASSWORD_LENGTH - 1 }), (password) => {
        expect(passwordProblem(password)).not.toBeNull();
      }),
    );
  });
});
