/**
 * How many failed sign-ins we allow before making people wait.
 *
 * - Per account **and** address, to stop guessing one person's password from one machine, without
 *   letting a stranger elsewhere lock that person out.
 * - Per address, at a much higher bar, to stop one machine spraying guesses across many accounts;
 *   high enough that a whole council behind one NAT address is not locked out by a few typos.
 *
 * Both windows slide: the wait ends when the oldest counted failure is WINDOW_MINUTES old. An
 * attempt whose password is still being checked counts as a failure (see auth.repo claimAttempt).
 */
export const LOGIN_WINDOW_MINUTES = 15;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 100;

/** Minutes to wait before another attempt is allowed, or 0 if one is allowed now. */
export function minutesUntilAllowed(failures: Date[], limit: number, now: Date): number {
  if (failures.length < limit) return 0;
  const oldestCounted = failures[failures.length - limit] as Date;
  const freeAt = oldestCounted.getTime() + LOGIN_WINDOW_MINUTES * 60_000;
  return Math.max(0, Math.ceil((freeAt - now.getTime()) / 60_000));
}
