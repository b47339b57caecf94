/**
 * Evidence whose review date has passed no longer shows the position today: peer teams ask for
 * current evidence, and the levels, readiness view and pack all judge it by this one rule.
 */
export function isStale(reviewDate: string | null, today: string): boolean {
  return reviewDate !== null && reviewDate < today;
}
