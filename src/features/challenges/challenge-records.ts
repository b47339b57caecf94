import type { RecordSummary, RecordTypeSource } from '../../thread/record-registry.ts';
import type { ChallengesService } from './challenges.service.ts';

/** The label key for each kind of finding, e.g. "Peer challenge recommendation 2". */
const LABEL_KEYS: Record<string, string> = {
  recommendation: 'thread.label.challengeRecommendation',
  strength: 'thread.label.challengeStrength',
  consideration: 'thread.label.challengeConsideration',
  innovative: 'thread.label.challengeInnovative',
  signpost: 'thread.label.challengeSignpost',
};

/**
 * A peer challenge's findings on the golden thread, so the action a recommendation leads to is
 * joined to it, and the finding's page shows what is being done. Peer challenge reports are read
 * by all staff (they are usually published), and so are these.
 */
export function challengeFindingRecords(
  challenges: Pick<ChallengesService, 'findingsForThread'>,
): RecordTypeSource {
  const list = async (organisationId: string): Promise<RecordSummary[]> =>
    (await challenges.findingsForThread(organisationId)).map((finding) => ({
      id: finding.id,
      title: finding.text,
      label: {
        key: LABEL_KEYS[finding.kind] ?? 'thread.label.challengeRecommendation',
        values: { number: finding.number, challenge: finding.challengeTitle },
      },
      href: `/challenges/findings/${finding.id}`,
    }));
  return {
    type: 'challenge-finding',
    async describe(organisationId, ids) {
      const wanted = new Set(ids);
      return new Map(
        (await list(organisationId)).filter((one) => wanted.has(one.id)).map((one) => [one.id, one]),
      );
    },
    candidates: async (organisationId) => list(organisationId),
  };
}
