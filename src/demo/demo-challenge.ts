import { addDays } from '../platform/dates.ts';
import type { Actor } from '../platform/audit/audit.ts';
import type { Services } from '../services.ts';

/**
 * The demo district's peer challenge, written for the demo (people and places are made up): the
 * report as the peer team's text export would come, with the council's responses as margin
 * comments at the end, imported through the same reading, preview and confirmation a user has.
 * Two recommendations have led to actions in the plan.
 */
export function demoChallengeReport(): string {
  return `Equality Framework for Local Government
Peer challenge report: Demo District Council

1. Background
Demo District Council asked for a peer challenge to validate its self-assessment at the achieving level of the Equality Framework for Local Government. The team spent three days on site, meeting councillors, staff, partners and community groups.

2. The peer challenge team
The team was:
- Cllr Helen Marsh (member peer), Northmoor Borough Council
- Daniel Okafor (officer peer), Riverside City Council
- Sian Powell (officer peer), Eastvale Fire and Rescue Service
- Mark Ellison (challenge manager), Local Government Association

3. Executive summary
Demo District Council has completed a satisfactory self-assessment against the criteria for the achieving level of the Equality Framework for Local Government.
The council knows its communities well and uses its ward profiles when it sets its budget. Partners spoke warmly of the council's leadership on hate crime.

4. Recommendations
1. Publish every equality impact assessment with the decision it informed, and give residents a way to comment on them.
2. Collect equality monitoring data in every front-line service, starting with leisure and parks, and use it when services are reviewed.
3. Set up a way of checking the quality of equality impact assessments before they go to decision makers.
4. Agree targets for a workforce that reflects the district, and report progress to the Strategic Equalities Group.

5. Detailed findings

5.1 Understanding and working with your communities
Strengths:
1. Ward profiles are refreshed every year from the census and local surveys, and service managers use them.
2. The community safety partnership shares data on hate incidents every quarter.
Areas for consideration:
1. Data on sexual orientation and gender identity from the 2021 census has not yet been used by services.
2. Smaller communities, such as Gypsy and Traveller families, are not reached by the residents' survey.

5.2 Leadership, partnership and organisational commitment
Strengths:
1. The Chief Executive chairs the Strategic Equalities Group, and councillors challenge its reports.
Areas for consideration:
1. The equality objectives are not yet linked to the service plans of every directorate.

5.3 Responsive services and customer care
Strengths:
1. The contact centre offers interpreters in twelve languages and a text relay service.
Areas for consideration:
1. Leisure and parks collect no information on who uses them.
2. Complaints are not yet analysed by protected characteristic.

5.4 Diverse and engaged workforce
Strengths:
1. Staff networks for disabled and LGBT+ staff are consulted on workforce policies.
Areas for consideration:
1. Disabled staff are under-represented in the senior grades, and the reasons are not understood.

6. Innovative practice
1. The "walk the ward" sessions, where councillors and officers visit estates with residents.

7. Signposting
- The Local Government Association's guidance on equality impact assessments.
- Riverside City Council's community insight dashboard.
[Comment 1] Agreed. From April every EqIA is published beside its decision on the council's website, with a comment form.
[Comment 2] Agreed. Parks and leisure begin monitoring in the new financial year; other services follow.
[Comment 3] Partly agreed. The Strategic Equalities Group will review a sample each quarter; a full panel needs resources we do not have this year.
[Comment 4] Agreed. Targets will be set in the workforce plan.
[Comment 5] The census release on sexual orientation is being analysed by the policy team for the ward profiles.
[Comment 6] Agreed: leisure centre members will be asked the monitoring questions when they renew.
`;
}

export async function seedDemoChallenge(
  services: Services,
  organisationId: string,
  lead: Actor,
): Promise<void> {
  const challenges = services.challenges;
  const importId = await challenges.stageText(lead, organisationId, demoChallengeReport());
  const preview = await challenges.preview(organisationId, importId);
  if (preview.blocked)
    throw new Error(`The demo challenge has problems: ${JSON.stringify(preview.parsed.problems)}`);
  const today = new Date().toISOString().slice(0, 10);
  const id = await challenges.confirm(lead, organisationId, importId, {
    title: 'Equality Framework peer challenge',
    level: preview.parsed.level ?? 'achieving',
    visitedOn: addDays(today, -240),
    revisitOn: addDays(today, 130),
    placement: new Map(preview.matches.map((match) => [match.commentId, match.targetKey])),
  });
  const { findings } = await challenges.overview(organisationId, id);
  const recommendation = (number: string) =>
    findings.find((finding) => finding.kind === 'recommendation' && finding.number === number)!;
  await challenges.raiseAction(lead, organisationId, recommendation('1').id, {
    text: 'Publish each equality impact assessment beside its decision, with a comment form',
    targetEnd: addDays(today, 60),
  });
  await challenges.raiseAction(lead, organisationId, recommendation('2').id, {
    text: 'Start equality monitoring of parks and leisure users',
    targetEnd: addDays(today, 120),
  });
}
