import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh unguessable token (256 bits), safe to put in a cookie or a URL. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Tokens are stored only as keyed hashes, so a copy of the database does not let anyone sign in
 * as a user or accept their invitation.
 */
export function hashToken(secret: string, token: string): string {
  return createHmac('sha256', secret).update(token).digest('hex');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
