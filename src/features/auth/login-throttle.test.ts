import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOGIN_WINDOW_MINUTES, minutesUntilAllowed } from './login-throttle.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

describe('minutesUntilAllowed', () => {
  it('allows attempts below the limit', () => {
    expect(minutesUntilAllowed([minutesAgo(1), minutesAgo(2)], 5, NOW)).toBe(0);
  });

  it('waits until the oldest counted failure leaves the window', () => {
    const failures = [10, 8, 6, 4, 2].map(minutesAgo); // oldest first
    expect(minutesUntilAllowed(failures, 5, NOW)).toBe(LOGIN_WINDOW_MINUTES - 10);
  });

  it('is never negative, never longer than the window, and zero below the limit (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: LOGIN_WINDOW_MINUTES * 60 - 1 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 30 }),
        (secondsAgo, limit) => {
          const failures = secondsAgo.sort((a, b) => b - a).map((s) => new Date(NOW.getTime() - s * 1000));
          const wait = minutesUntilAllowed(failures, limit, NOW);
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(wait).toBeLessThanOrEqual(LOGIN_WINDOW_MINUTES);
          if (failures.length < limit) expect(wait).toBe(0);
          else expect(wait).toBeGreaterThan(0);
        },
      ),
    );
  });
});
