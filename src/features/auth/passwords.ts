import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * Password hashing with scrypt, a memory-hard function built into Node. The parameters travel
 * inside the stored hash ("scrypt$N$r$p$salt$hash") so they can be raised later without breaking
 * existing passwords. N=2^15, r=8, p=3 is one of OWASP's recommended scrypt settings.
 */
const PARAMETERS = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LENGTH = 64;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  const maxmem = 256 * 1024 * 1024;
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, PARAMETERS);
  const { N, r, p } = PARAMETERS;
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [scheme, N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !N || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), { N: +N, r: +r, p: +p });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of a password nobody knows, checked when the email is unknown so that a failed sign-in
 * takes as long whether or not the account exists.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(24).toString('base64'));
  return decoyHash;
}

// NCSC guidance: favour length over composition rules, and refuse passwords attackers try first.
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;
const commonPasswords = new Set(dictionary['passwords-common']);

export type PasswordProblem = 'tooShort' | 'tooLong' | 'common' | 'containsEmail';

/** Checks a proposed password against the policy. Returns null when it is acceptable. */
export function passwordProblem(password: string, email?: string): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'tooShort';
  if ([...password].length > MAX_PASSWORD_LENGTH) return 'tooLong';
  const lower = password.toLowerCase();
  // "Password123!" is as guessable as "password": strip the digits and symbols people tack on.
  const core = lower.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
  if (commonPasswords.has(lower) || commonPasswords.has(core) || /^(.)\1+$/u.test(lower)) return 'common';
  const mailbox = email?.split('@')[0]?.toLowerCase();
  if (mailbox && mailbox.length >= 4 && lower.includes(mailbox)) return 'containsEmail';
  return null;
}
