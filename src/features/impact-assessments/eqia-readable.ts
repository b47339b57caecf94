import type { ActionStatus } from '../action-plan/action-status.ts';
import type { Impact } from './eqia-checks.ts';
import { AIMS, screen, type Aim, type Nature, type Outcome, type Severity } from './eqia-template.ts';
import type { AssessmentRow } from './eqia.repo.ts';

/**
 * An impact assessment as someone outside the service reads it: the public register, its Word
 * download and a critical friend invited by link all read this, never the stored row. It holds
 * what the assessment says and nothing of how it is kept (no ids of people, no versions), so a
 * frozen copy can be published and stays true to the day it was published.
 */
export interface ReadableAssessment {
  title: string;
  service: string;
  leadOfficer: string;
  description: string;
  affected: string;
  decisionBody: string;
  areaName: string | null;
  templateVersion: number;
  /** Null until every screening question is answered. */
  screening: {
    score: number;
    outOf: number;
    fullNeeded: boolean;
    decidedBy: string[];
    reason: string;
  } | null;
  impacts: { characteristic: string; nature: Nature | null; severity: Severity | null; evidence: string }[];
  aims: { aim: Aim; text: string }[];
  consultation: string;
  mitigations: { reference: string; text: string; status: ActionStatus }[];
  outcome: Outcome | null;
  outcomeReason: string;
  reviewOn: string | null;
  approvedByLabel: string | null;
  /** ISO instant, so the copy survives JSON unchanged. */
  approvedAt: string | null;
}

/** A person as the public reads them: their name, without the email address an audit label carries. */
export function publicName(label: string): string {
  return label.replace(/\s*\([^()]*@[^()]*\)\s*$/, '');
}

export function readableAssessment(
  assessment: AssessmentRow,
  context: {
    areaName: string | null;
    mitigations: readonly { reference: string; text: string; status: ActionStatus }[];
  },
): ReadableAssessment {
  const screening = screen(assessment.template, assessment.screening);
  return {
    title: assessment.title,
    service: assessment.service,
    leadOfficer: assessment.leadOfficer,
    description: assessment.description,
    affected: assessment.affected,
    decisionBody: assessment.decisionBody,
    areaName: context.areaName,
    templateVersion: assessment.template.version,
    screening:
      screening.unanswered.length > 0
        ? null
        : {
            score: screening.score,
            outOf: screening.outOf,
            fullNeeded: screening.fullNeeded,
            decidedBy: screening.decidedBy,
            reason: assessment.screeningReason,
          },
    impacts: assessment.template.characteristics.map((characteristic) => {
      const impact: Impact | undefined = assessment.impacts[characteristic.id];
      return {
        characteristic: characteristic.id,
        nature: impact?.nature ?? null,
        severity: impact?.nature === 'negative' ? (impact.severity ?? null) : null,
        evidence: impact?.evidence ?? '',
      };
    }),
    aims: AIMS.flatMap((aim) => (assessment.aims[aim] ? [{ aim, text: assessment.aims[aim]! }] : [])),
    consultation: assessment.consultation,
    mitigations: context.mitigations.map(({ reference, text, status }) => ({ reference, text, status })),
    outcome: assessment.outcome,
    outcomeReason: assessment.outcomeReason,
    reviewOn: assessment.reviewOn,
    approvedByLabel: assessment.approvedByLabel && publicName(assessment.approvedByLabel),
    approvedAt: assessment.approvedAt ? new Date(assessment.approvedAt).toISOString() : null,
  };
}

/** The adverse impacts of an assessment, the heaviest first: the sentence a reader needs first. */
export function adverseImpacts(readable: Pick<ReadableAssessment, 'impacts'>) {
  const order: Record<Severity, number> = { high: 0, medium: 1, low: 2 };
  return readable.impacts
    .filter((impact) => impact.nature === 'negative')
    .sort((a, b) => order[a.severity ?? 'medium'] - order[b.severity ?? 'medium']);
}
