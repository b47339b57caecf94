/**
 * How far a measured indicator has come from its baseline towards its target, from shares
 * (0–1). The target may be above or below the baseline (more disabled people in the workforce;
 * fewer people saying they were treated unfairly). Pure, so the page and tests agree.
 */
export type IndicatorStatus = 'met' | 'towards' | 'away' | 'unchanged' | 'no-baseline' | 'no-data';

export interface IndicatorProgress {
  status: IndicatorStatus;
  /** The part of the way from baseline to target covered, 0–1 (clipped), when it can be said. */
  covered: number | null;
}

export function indicatorProgress(
  baseline: number | null,
  latest: number | null,
  target: number,
): IndicatorProgress {
  if (latest === null) return { status: 'no-data', covered: null };
  // Without a baseline the direction is unknown, so nothing is said about progress.
  if (baseline === null) return { status: 'no-baseline', covered: null };
  if (reached(baseline, target, latest)) return { status: 'met', covered: 1 };
  const way = target - baseline;
  if (way === 0) return { status: 'met', covered: 1 };
  const covered = (latest - baseline) / way;
  if (Math.abs(latest - baseline) < 1e-9) return { status: 'unchanged', covered: 0 };
  return covered > 0 ? { status: 'towards', covered: Math.min(1, covered) } : { status: 'away', covered: 0 };
}

/** Whether `latest` is at or beyond the target, in the direction from `from`. */
function reached(from: number, target: number, latest: number): boolean {
  return target >= from ? latest >= target : latest <= target;
}
