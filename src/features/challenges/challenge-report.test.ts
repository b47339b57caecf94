import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedFile } from '../../../test/helpers/shared-data.ts';
import { readChallengeReport, readTeamMember, type ParsedChallenge } from './challenge-report.ts';
import { sourceFromText } from './report-source.ts';
import { matchResponses } from './response-matching.ts';
import { demoChallengeReport } from '../../demo/demo-challenge.ts';

const SEED = 'seeds/004_d0a2a51aae0826e0.txt';

function read(text: string) {
  const source = sourceFromText(text);
  const parsed = readChallengeReport(source);
  const targets = [...parsed.items, ...parsed.general].sort((a, b) => a.line - b.line);
  const matches = matchResponses(source.comments, targets, source.anchored);
  const textOf = (key: string | null) => targets.find((target) => target.key === key)?.text ?? null;
  return { source, parsed, matches, textOf };
}

const count = (parsed: ParsedChallenge, kind: string, area?: string) =>
  parsed.items.filter((item) => item.kind === kind && (area === undefined || item.area === area)).length;

describe('reading the peer challenge report of seed 004 (Oxford, EFLG achieving, 2012)', () => {
  const { source, parsed, matches, textOf } = read(fs.readFileSync(sharedFile(SEED), 'utf8'));

  it('reads the framework, the level validated, the conclusion and the team', () => {
    expect(parsed.frameworkName).toBe('Equality Framework for Local Government');
    expect(parsed.level).toBe('achieving');
    expect(parsed.conclusion).toMatch(/satisfactory self-assessment .*achieving/);
    expect(parsed.team.map((member) => member.name)).toEqual([
      'Cllr Bryony Rudkin',
      'Alima Qureshi',
      'Rex Webb',
      'Becca Singh',
    ]);
    expect(parsed.team[0]!.organisation).toBe('Ipswich Borough Council');
    expect(parsed.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  });

  it('reads the five areas, each with its strengths and areas for consideration', () => {
    expect(parsed.areas).toHaveLength(5);
    expect(parsed.areas[0]).toBe('Knowing your communities and equality mapping');
    expect(parsed.areas[4]).toBe('A modern and diverse workforce');
    for (const area of parsed.areas) {
      expect(count(parsed, 'strength', area), area).toBeGreaterThan(0);
      expect(count(parsed, 'consideration', area), area).toBeGreaterThan(0);
    }
    expect(count(parsed, 'strength', parsed.areas[0])).toBe(5);
    expect(count(parsed, 'consideration', parsed.areas[0])).toBe(4);
    const firstArea = parsed.items.filter((item) => item.area === parsed.areas[0]);
    expect(firstArea.filter((item) => item.kind === 'strength').map((item) => item.number)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    // A sub-list belongs to its point, not a finding of its own.
    expect(firstArea[3]!.text).toMatch(/^Community mapping of East Oxford Area:\n- /);
  });

  it('reads the four recommendations, the innovative practice and the signposting', () => {
    const recommendations = parsed.items.filter((item) => item.kind === 'recommendation');
    expect(recommendations.map((item) => item.number)).toEqual(['1', '2', '3', '4']);
    expect(recommendations[0]!.text).toMatch(/^Equality Impact Assessments \(EqIA\): the team heard mixed/);
    expect(count(parsed, 'innovative')).toBe(12);
    expect(count(parsed, 'signpost')).toBe(11);
  });

  it('keeps the council’s observations on the challenge, without the sentence introducing them', () => {
    expect(parsed.observations[0]).toMatch(/^External validation of the progress/);
    expect(parsed.observations.some((line) => line.endsWith(':'))).toBe(false);
  });

  it('places each of the 30 margin comments beside the finding it answers', () => {
    expect(source.comments).toHaveLength(30);
    expect(matches.filter((match) => match.targetKey !== null)).toHaveLength(30);
    const answer = (index: number) => textOf(matches[index]!.targetKey);
    expect(answer(1)).toMatch(/^In order to be sure that the work OCC does is not discrimina/); // rec 2
    expect(answer(2)).toMatch(/^OCC could benefit from establishing a clearer structure/); // rec 3
    expect(answer(5)).toMatch(/census/);
    expect(answer(10)).toMatch(/Talkback/);
    expect(answer(25)).toMatch(/flexible working/i);
    // The order of the margin is the order of the page: matches never go backwards.
    const lines = matches.map(
      (match) => [...parsed.items, ...parsed.general].find((one) => one.key === match.targetKey)!.line,
    );
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });
});

/** Another council's layout: markdown headings, roman numbers, lettered lists, other words. */
const MARKDOWN_VARIANT = `# Equality peer challenge: Northfield District Council

## I. Introduction
Northfield asked for its self-assessment at the Excellent level of the EFLG to be validated.

## II. The peer challenge team
The team was made up of:
- Sam Patel, Member peer, Eastwick Borough Council
- Dr Ann Lowe, Officer peer, Westbury City Council
- Jo Reid, Challenge manager, Local Government Association

## III. Overall conclusion
The team concluded that Northfield meets the excellent level of the framework.

## IV. Key recommendations
a) Publish every impact assessment within a month of the decision.
b) Train every manager in collecting equality monitoring data.

## V. Detailed feedback
### Understanding your communities
What worked well:
a) Ward profiles are refreshed every quarter and used in budget setting.
b) Partners share a single data observatory.

Areas for improvement:
a) Service-user data is not yet collected by the leisure service.

### Workforce
What worked well:
a) The staff networks are consulted on every workforce policy.

Areas for improvement:
a) Disabled staff are under-represented in senior grades.
b) Exit interviews do not record protected characteristics.
`;

describe('other councils’ layouts', () => {
  it('reads markdown headings, roman section numbers, lettered lists and other list labels', () => {
    const { parsed } = read(MARKDOWN_VARIANT);
    expect(parsed.level).toBe('excellent');
    expect(parsed.frameworkName).toBe('Equality Framework for Local Government');
    expect(parsed.team).toEqual([
      { name: 'Sam Patel', role: 'Member peer', organisation: 'Eastwick Borough Council' },
      { name: 'Dr Ann Lowe', role: 'Officer peer', organisation: 'Westbury City Council' },
      { name: 'Jo Reid', role: 'Challenge manager', organisation: 'Local Government Association' },
    ]);
    expect(parsed.areas).toEqual(['Understanding your communities', 'Workforce']);
    expect(count(parsed, 'recommendation')).toBe(2);
    expect(parsed.items.filter((item) => item.kind === 'recommendation').map((item) => item.number)).toEqual([
      'a',
      'b',
    ]);
    expect(count(parsed, 'strength', 'Understanding your communities')).toBe(2);
    expect(count(parsed, 'consideration', 'Workforce')).toBe(2);
    expect(parsed.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
  });

  it('reads sections numbered on from the recommendations, and places each response by its words', () => {
    // The demo's report: "5. Detailed findings" follows recommendations 1 to 4.
    const { parsed, matches, textOf } = read(demoChallengeReport());
    expect(count(parsed, 'recommendation')).toBe(4);
    expect(parsed.areas).toHaveLength(4);
    expect(parsed.areas[0]).toBe('Understanding and working with your communities');
    expect(parsed.problems).toEqual([]);
    expect(parsed.items.filter((item) => item.kind === 'signpost').map((item) => item.number)).toEqual([
      '1',
      '2',
    ]);
    const answered = matches.map((match) => textOf(match.targetKey));
    expect(answered[0]).toMatch(/^Publish every equality impact assessment/);
    expect(answered[3]).toMatch(/^Agree targets for a workforce/);
    expect(answered[4]).toMatch(/sexual orientation/);
    expect(answered[5]).toMatch(/^Leisure and parks collect no information/);
  });

  it('reads a hard-wrapped text export, joining each paragraph’s lines', () => {
    const wrapped = [
      'Peer challenge report',
      '',
      'Summary',
      '',
      'The council has completed a satisfactory self-assessment at the',
      'developing level of the Equality Framework for Local Government.',
      '',
      'Recommendations',
      '',
      '1. Agree a timetable for the equality objectives and publish it on',
      '   the council website so residents can follow progress.',
      '',
      '2. Give the equality group a clear remit and terms of reference.',
      '',
      'Findings',
      '',
      'Responsive services',
      '',
      'Strengths:',
      '',
      '1. Complaints are analysed by protected characteristic every',
      '   quarter and reported to the management team.',
      '',
      'Areas for consideration:',
      '',
      '1. The contact centre does not record why people could not be',
      '   helped at the first contact.',
    ].join('\n');
    const { parsed } = read(wrapped);
    expect(parsed.level).toBe('developing');
    const [first, second] = parsed.items.filter((item) => item.kind === 'recommendation');
    expect(first!.text).toBe(
      'Agree a timetable for the equality objectives and publish it on the council website so residents can follow progress.',
    );
    expect(second!.number).toBe('2');
    expect(parsed.areas).toEqual(['Responsive services']);
    expect(parsed.items.find((item) => item.kind === 'consideration')!.text).toMatch(/first contact\.$/);
  });

  it('says so, with a line, when a report has an area without findings or no findings at all', () => {
    const empty = read('Background\n\nThis is a letter about the weather, not a peer challenge report.');
    expect(empty.parsed.problems.map((problem) => problem.key)).toContain('challenges.problems.noFindings');
    const { parsed } = read(
      [
        'Recommendations',
        '1. Publish the plan.',
        'Detailed findings',
        'Knowing your communities',
        'Strengths:',
        '1. Good ward profiles.',
        'Leadership and organisational commitment',
        'Workforce',
        'Strengths:',
        '1. Staff networks.',
      ].join('\n'),
    );
    const emptyArea = parsed.problems.find((problem) => problem.key === 'challenges.problems.emptyArea');
    expect(emptyArea?.values?.area).toBe('Leadership and organisational commitment');
    expect(emptyArea?.line).toBeGreaterThan(0);
  });

  it('reads a team member written in the usual ways', () => {
    expect(readTeamMember('Cllr Jo Bloggs – Anytown Council')).toEqual({
      name: 'Cllr Jo Bloggs',
      organisation: 'Anytown Council',
      role: '',
    });
    expect(readTeamMember('• Jo Bloggs (member peer), Anytown Council')).toEqual({
      name: 'Jo Bloggs',
      organisation: 'Anytown Council',
      role: 'member peer',
    });
    expect(readTeamMember('A sentence that says nothing about who was on the team at all')).toBeNull();
  });
});
