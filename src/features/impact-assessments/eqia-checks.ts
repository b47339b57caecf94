import {
  aimsFor,
  screen,
  type Aim,
  type Characteristic,
  type EqiaTemplate,
  type Nature,
  type Outcome,
  type Severity,
} from './eqia-template.ts';

export interface Impact {
  nature: Nature;
  severity: Severity | null;
  evidence: string;
}

/** What an assessment holds that the checks read. */
export interface AssessmentContent {
  template: EqiaTemplate;
  screening: Record<string, boolean>;
  screeningReason: string;
  impacts: Record<string, Impact>;
  aims: Partial<Record<Aim, string>>;
  outcome: Outcome | null;
  outcomeReason: string;
}

export interface Missing {
  key: string;
  values?: Record<string, string>;
  /** The page where it is put right. */
  section: 'screening' | 'impacts' | 'outcome';
}

/**
 * What must be done before an assessment goes to its critical friends and its approver: the
 * screening answered (and, when no full assessment is needed, why); for a full assessment, the
 * impact on every characteristic, with evidence and severity for each adverse one, and a word on
 * the general duty's aims; and an outcome, justified unless nothing changes. Returns locale keys.
 */
export function missingBeforeReview(content: AssessmentContent): Missing[] {
  const missing: Missing[] = [];
  const screening = screen(content.template, content.screening);
  if (screening.unanswered.length > 0) missing.push({ key: 'eqia.missing.screening', section: 'screening' });
  else if (!screening.fullNeeded && !content.screeningReason.trim())
    missing.push({ key: 'eqia.missing.screeningReason', section: 'screening' });
  if (screening.fullNeeded) {
    for (const characteristic of content.template.characteristics) {
      const impact = content.impacts[characteristic.id];
      const values = { characteristic: characteristic.id };
      if (!impact) missing.push({ key: 'eqia.missing.impact', values, section: 'impacts' });
      else if (impact.nature === 'negative' && !impact.evidence.trim())
        missing.push({ key: 'eqia.missing.evidence', values, section: 'impacts' });
      else if (impact.nature === 'negative' && !impact.severity)
        missing.push({ key: 'eqia.missing.severity', values, section: 'impacts' });
    }
    if (!Object.values(content.aims).some((text) => text && text.trim()))
      missing.push({ key: 'eqia.missing.aims', section: 'impacts' });
  }
  if (!content.outcome) missing.push({ key: 'eqia.missing.outcome', section: 'outcome' });
  else if (content.outcome !== 'no_change' && !content.outcomeReason.trim())
    missing.push({ key: 'eqia.missing.outcomeReason', section: 'outcome' });
  return missing;
}

/** Which aims of the general duty a characteristic is assessed against, for the form. */
export function aimsAssessed(characteristics: readonly Characteristic[]): Aim[] {
  const aims = new Set<Aim>();
  for (const characteristic of characteristics) for (const aim of aimsFor(characteristic)) aims.add(aim);
  return [...aims];
}

const SEVERITY_SCORE: Record<Severity, number> = { low: 1, medium: 2, high: 3 };

export interface MatrixCell {
  nature: Nature | null;
  severity: Severity | null;
}

export interface CumulativeMatrix {
  characteristics: string[];
  rows: { id: string; title: string; cells: MatrixCell[] }[];
  /** Per characteristic: how many proposals have an adverse impact, and their severity summed. */
  columns: { characteristic: string; adverse: number; weight: number; high: number }[];
  /** Characteristics that two or more proposals affect adversely, the heaviest first. */
  hotspots: { characteristic: string; adverse: number; weight: number }[];
}

/**
 * The cumulative impact of a programme (a budget round): each proposal against each
 * characteristic, and where adverse impacts pile up, so "several savings proposals hitting
 * disabled residents" is seen before the decision rather than after.
 */
export function cumulativeMatrix(
  characteristics: readonly string[],
  assessments: readonly { id: string; title: string; impacts: Record<string, Impact | undefined> }[],
): CumulativeMatrix {
  const rows = assessments.map((assessment) => ({
    id: assessment.id,
    title: assessment.title,
    cells: characteristics.map((characteristic): MatrixCell => {
      const impact = assessment.impacts[characteristic];
      return {
        nature: impact?.nature ?? null,
        severity: impact?.nature === 'negative' ? impact.severity : null,
      };
    }),
  }));
  const columns = characteristics.map((characteristic, index) => {
    let adverse = 0;
    let weight = 0;
    let high = 0;
    for (const row of rows) {
      const cell = row.cells[index]!;
      if (cell.nature !== 'negative') continue;
      adverse += 1;
      // An adverse impact with no severity given counts as medium: unknown is not small.
      weight += SEVERITY_SCORE[cell.severity ?? 'medium'];
      if (cell.severity === 'high') high += 1;
    }
    return { characteristic, adverse, weight, high };
  });
  const hotspots = columns
    .filter((column) => column.adverse >= 2)
    .sort((a, b) => b.weight - a.weight || b.adverse - a.adverse)
    .map(({ characteristic, adverse, weight }) => ({ characteristic, adverse, weight }));
  return { characteristics: [...characteristics], rows, columns, hotspots };
}
