import type { ReportParagraph, ReportSource } from './report-source.ts';

/**
 * Reads a peer challenge report from its paragraphs: the team, the conclusion and level, the
 * recommendations, the findings by area (strengths and areas for consideration), innovative
 * practice and signposting. Reports differ in numbering ("4.2.", "Section 4:", none), headings
 * ("Areas for consideration", "Areas for improvement", "What is working well") and lists
 * (numbered, lettered, bulleted, one paragraph each), so sections are recognised by their words,
 * not their place. Pure; tested in challenge-report.test.ts against seed 004 and variants.
 */
export type ItemKind = 'recommendation' | 'strength' | 'consideration' | 'innovative' | 'signpost';
export const ITEM_KINDS: readonly ItemKind[] = [
  'recommendation',
  'strength',
  'consideration',
  'innovative',
  'signpost',
];
export type ChallengeLevel = 'developing' | 'achieving' | 'excellent';

/** Something a margin comment can be anchored to: a finding, or another paragraph of the report. */
export interface CommentTarget {
  key: string;
  text: string;
  line: number;
  anchors: string[];
  softAnchors: number;
  looseEnds: number;
}

export interface ParsedItem extends CommentTarget {
  kind: ItemKind;
  /** The area of performance as the report names it; null outside the detailed findings. */
  area: string | null;
  /** The number as written ("3", "b", "iv"); "" for a bullet. */
  number: string;
  /** A sub-heading inside a list ("Procurement"), when the report groups items under one. */
  theme: string | null;
}

export interface TeamMember {
  name: string;
  organisation: string;
  role: string;
}

export interface ChallengeProblem {
  line: number | null;
  severity: 'error' | 'warning';
  key: string;
  values?: Record<string, string>;
}

export interface ParsedChallenge {
  frameworkName: string | null;
  level: ChallengeLevel | null;
  team: TeamMember[];
  conclusion: string | null;
  summary: string[];
  /** What the council said about the challenge's impact, when the report has that section. */
  observations: string[];
  areas: string[];
  items: ParsedItem[];
  /** Paragraphs that are not findings, kept as targets for the comments anchored in them. */
  general: CommentTarget[];
  problems: ChallengeProblem[];
}

type Section =
  | 'background'
  | 'team'
  | 'summary'
  | 'recommendations'
  | 'impact'
  | 'findings'
  | 'innovative'
  | 'signposting'
  | 'other';

/** Section headings by their words; the first match wins, so the narrower phrases come first. */
const SECTION_WORDS: [Section, RegExp][] = [
  [
    'signposting',
    /signpost|further (information|reading)|useful (contacts|links|resources)|learning from others/,
  ],
  [
    'innovative',
    /innovative|notable practice|examples of (good|interesting|innovative)|good practice (we|seen)/,
  ],
  [
    'impact',
    /impact of (the )?(peer )?challenge|(council|authority)['’]?s? (response|reflections|observations)/,
  ],
  ['findings', /findings|detailed (feedback|assessment)|our assessment|areas of performance/],
  ['recommendations', /^(our |key |the team['’]s )?recommendations?$/],
  ['summary', /summary|key messages|overall (view|conclusion)|headlines/],
  ['team', /^(the )?(peer )?(challenge )?team$|^(the )?peers$|^who (we are|took part)$/],
  ['background', /background|introduction|context|about (the|this)|purpose|scope/],
];

const LIST_LABELS: [ItemKind, RegExp][] = [
  [
    'strength',
    /^(key |main |notable )?strengths?$|^what (is|was|works|worked) (working |going )?well$|^positives$/,
  ],
  [
    'consideration',
    /^(key |main )?areas? (for|of|to) (consideration|consider|improvement|improve|development|develop|further development|focus)$|^(opportunities|suggestions) for (improvement|development)$|^(challenges|weaknesses|things to consider|issues to consider|what could be better)$/,
  ],
  ['recommendation', /^(our |key )?recommendations?$/],
];

const LEVEL_WORDS: [ChallengeLevel, RegExp][] = [
  ['excellent', /\bexcellent\b/i],
  ['achieving', /\bachieving\b/i],
  ['developing', /\bdeveloping\b/i],
];

const FRAMEWORKS: [string, RegExp][] = [
  ['Equality Framework for Local Government', /equality framework for local government|\beflg\b/i],
  ['NHS Equality Delivery System', /equality delivery system|\beds2?\b/i],
];

/** "4.2.", "Section 4:", "Part 2 –", "IV." — a heading's number, taken off so its words are left. */
const HEADING_NUMBER =
  /^(?:(?:section|part|chapter)\s+)?(?:\d{1,2}(?:\.\d{1,2})*\.?|[ivx]{1,4}\.)(?:\s*[:–—-])?\s+/i;
const SUB_NUMBER = /^\d{1,2}\.\d{1,2}\.?(?:\s|$)/;
const NUMBER_ONLY = /^(?:(?:section|part)\s+)?(?:\d{1,2}(?:\.\d{1,2})*\.?|[ivx]{1,4}\.)$/i;
const NUMBERED_ITEM = /^\(?(\d{1,3}|[a-z]|[ivx]{1,5})[.)]\s+(.+)$/i;
const BULLET_ITEM = /^[•·●▪◦*–-]\s*(.+)$/;
const ENDS_SENTENCE = /[.;:!?)”"]\s*$/;
const SUB_POINT = /^[-–◦▪]\s*/;

const words = (text: string) =>
  text
    .toLowerCase()
    .replace(HEADING_NUMBER, '')
    .replace(/[:.]+\s*$/, '')
    .replace(/[’']/g, '’')
    .replace(/[*_]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();

function sectionOf(text: string): Section | null {
  const plain = words(text);
  if (plain.length > 90) return null;
  for (const [section, pattern] of SECTION_WORDS) if (pattern.test(plain)) return section;
  return null;
}

/** A list label, and the first item when the report writes it on the same line ("Strengths: The …"). */
function labelOf(text: string): { kind: ItemKind; rest: string } | null {
  const colon = text.indexOf(':');
  const head = words(colon === -1 ? text : text.slice(0, colon));
  const rest = colon === -1 ? '' : text.slice(colon + 1).trim();
  if (colon === -1 && text.length > 60) return null;
  for (const [kind, pattern] of LIST_LABELS) if (pattern.test(head)) return { kind, rest };
  return null;
}

/** Short, unpunctuated, not a sentence: how headings look when the file does not mark them. */
function looksLikeHeading(paragraph: ReportParagraph): boolean {
  if (paragraph.heading) return true;
  const text = paragraph.text;
  return (
    text.length <= 100 && !/[.;,]\s*$/.test(text) && !BULLET_ITEM.test(text) && text.split(' ').length <= 14
  );
}

const levelIn = (text: string): ChallengeLevel | null =>
  LEVEL_WORDS.find(([, pattern]) => pattern.test(text))?.[0] ?? null;

/** "Cllr Bryony Rudkin – Ipswich Borough Council", "Jo Bloggs (member peer), Anytown Council", … */
export function readTeamMember(text: string): TeamMember | null {
  let line = text.replace(BULLET_ITEM, '$1').trim();
  let role = '';
  const bracket = /\(([^)]{2,60})\)/.exec(line);
  if (bracket) {
    role = bracket[1]!.trim();
    line = `${line.slice(0, bracket.index)}${line.slice(bracket.index + bracket[0].length)}`.trim();
  }
  let parts = line.split(/\s+[–—-]\s+|\s*[–—]\s*/).map((part) => part.trim().replace(/^,\s*|,\s*$/g, ''));
  if (parts.length === 1) parts = line.split(/\s*,\s*/);
  parts = parts.filter((part) => part !== '');
  if (parts.length < 2 || parts[0]!.split(' ').length > 6) return null;
  if (parts.length >= 3 && !role)
    return { name: parts[0]!, role: parts[1]!, organisation: parts.slice(2).join(', ') };
  return { name: parts[0]!, organisation: parts.slice(1).join(', '), role };
}

const TEAM_LEAD_IN =
  /\b(team|peers)\b.*\b(was|were|comprised|consisted|included|members?)\b.*:?\s*$|^(the )?(peer )?team:?$/i;

export function readChallengeReport(source: ReportSource): ParsedChallenge {
  const areaLines = new Map<string, number>();
  const result: ParsedChallenge = {
    frameworkName: null,
    level: null,
    team: [],
    conclusion: null,
    summary: [],
    observations: [],
    areas: [],
    items: [],
    general: [],
    problems: [],
  };
  const paragraphs = mergeBareNumbers(source.paragraphs);
  let section: Section = 'other';
  let area: string | null = null;
  let list: ItemKind | null = null;
  let theme: string | null = null;
  let numberedList = false;
  let expectingTeam = false;
  let expectingConclusion = false;
  let previousItem: ParsedItem | null = null;
  const counters = new Map<string, number>();

  const target = (paragraph: ReportParagraph): CommentTarget => ({
    key: `p${paragraph.line}`,
    text: paragraph.text,
    line: paragraph.line,
    anchors: [...paragraph.anchors],
    softAnchors: paragraph.softAnchors,
    looseEnds: paragraph.looseEnd ? 1 : 0,
  });
  const keep = (paragraph: ReportParagraph) => result.general.push(target(paragraph));
  const endList = () => {
    list = null;
    theme = null;
    numberedList = false;
    previousItem = null;
  };
  const addItem = (kind: ItemKind, paragraph: ReportParagraph, text: string, number: string) => {
    const count = (counters.get(`${area}:${kind}`) ?? 0) + 1;
    counters.set(`${area}:${kind}`, count);
    const item: ParsedItem = {
      ...target(paragraph),
      key: `i${result.items.length + 1}`,
      text,
      kind,
      area: kind === 'innovative' || kind === 'signpost' ? null : area,
      // A bulleted list is numbered by position, so every finding can be named ("Signpost 2").
      number: number || String(count),
      theme,
    };
    result.items.push(item);
    previousItem = item;
  };
  const appendTo = (item: ParsedItem, paragraph: ReportParagraph) => {
    item.text = `${item.text}\n${paragraph.text}`;
    item.anchors.push(...paragraph.anchors);
    item.softAnchors += paragraph.softAnchors;
    item.looseEnds += paragraph.looseEnd ? 1 : 0;
  };

  paragraphs.forEach((paragraph, index) => {
    const text = paragraph.text;
    const heading = looksLikeHeading(paragraph) ? sectionOf(text) : null;
    const numbered = NUMBERED_ITEM.exec(text);
    const nextNumber = previousItem ? nextListNumber((previousItem as ParsedItem).number) : null;
    // A short numbered line that names a section is a heading, unless it starts or continues the list in hand.
    const continuesList = numbered && list && (previousItem === null || numbered[1] === nextNumber);
    // "5. Detailed findings" after recommendations 1 to 4 goes on with their numbers but is the
    // next section: unpunctuated after sentences, and nothing numbered 6 follows it.
    const after = paragraphs[index + 1];
    const listGoesOn =
      numbered !== null &&
      after !== undefined &&
      NUMBERED_ITEM.exec(after.text)?.[1] === nextListNumber(numbered[1]!);
    const sectionNumberedOn =
      continuesList &&
      previousItem !== null &&
      ENDS_SENTENCE.test((previousItem as ParsedItem).text) &&
      !ENDS_SENTENCE.test(text) &&
      !listGoesOn;
    if (heading && (paragraph.heading || !continuesList || sectionNumberedOn)) {
      if (!(
        section === 'findings' &&
        SUB_NUMBER.test(text) &&
        heading !== 'innovative' &&
        heading !== 'signposting'
      )) {
        section = heading;
        area = null;
        endList();
        expectingTeam = heading === 'team';
        if (heading === 'recommendations') list = 'recommendation';
        if (heading === 'innovative' || heading === 'signposting')
          list = heading === 'innovative' ? 'innovative' : 'signpost';
        return;
      }
    }
    const label = labelOf(text);
    if (label) {
      if (label.kind === 'recommendation') list = 'recommendation';
      else {
        list = label.kind;
        if (section !== 'findings') section = 'findings';
        if (area === null)
          result.problems.push({
            line: paragraph.line,
            severity: 'warning',
            key: 'challenges.problems.listOutsideArea',
          });
      }
      theme = null;
      numberedList = false;
      previousItem = null;
      if (label.rest) addItem(label.kind, paragraph, label.rest, '');
      return;
    }
    if (section === 'findings' && isAreaHeading(paragraphs.slice(index, index + 3), list !== null)) {
      area = text
        .replace(HEADING_NUMBER, '')
        .replace(/[:.\s]+$/, '')
        .trim();
      if (!result.areas.includes(area)) {
        result.areas.push(area);
        areaLines.set(area, paragraph.line);
      }
      endList();
      return;
    }
    if (expectingTeam || section === 'team') {
      const member = readTeamMember(text);
      if (member && text.length <= 140 && !/[.]\s*$/.test(text.replace(/\b(Cllr|Dr|Mr|Mrs|Ms)\./g, ''))) {
        result.team.push(member);
        return;
      }
      if (result.team.length > 0 || section !== 'team') expectingTeam = false;
    }
    if (TEAM_LEAD_IN.test(text) && text.length <= 120) {
      expectingTeam = true;
      keep(paragraph);
      return;
    }
    if (expectingConclusion) {
      result.conclusion = text;
      expectingConclusion = false;
      keep(paragraph);
      return;
    }
    if (/\bconclu(sion|ded)\b/i.test(text) && /:\s*$/.test(text)) {
      expectingConclusion = true;
      keep(paragraph);
      return;
    }
    if (
      list === null &&
      section === 'summary' &&
      /recommend/i.test(text) &&
      /(:|these are\.?|as follows\.?)\s*$/i.test(text)
    ) {
      list = 'recommendation';
      keep(paragraph);
      return;
    }
    if (list) {
      const bullet = BULLET_ITEM.exec(text);
      if (numbered) {
        numberedList = true;
        addItem(list, paragraph, numbered[2]!.trim(), numbered[1]!);
        return;
      }
      if (previousItem && numberedList && (SUB_POINT.test(text) || !looksLikeHeading(paragraph))) {
        appendTo(previousItem, paragraph);
        return;
      }
      if (bullet && !numberedList) {
        addItem(list, paragraph, bullet[1]!.trim(), '');
        return;
      }
      if (looksLikeHeading(paragraph) && !/:\s*$/.test(text) && section === 'findings') {
        theme = text;
        return;
      }
      if (!numberedList && !looksLikeHeading(paragraph)) {
        addItem(list, paragraph, text, '');
        return;
      }
    }
    if (section === 'summary') {
      if (!result.conclusion && levelIn(text) && /self[- ]assessment|level|framework/i.test(text))
        result.conclusion = text;
      else result.summary.push(text);
    } else if (section === 'impact') {
      // "The council made the following observations:" introduces the list; it is not one of them.
      if (!text.endsWith(':')) result.observations.push(text.replace(BULLET_ITEM, '$1'));
    }
    keep(paragraph);
  });

  const opening = [...result.general.map((one) => one.text), result.conclusion ?? ''].join('\n');
  result.frameworkName = FRAMEWORKS.find(([, pattern]) => pattern.test(opening))?.[0] ?? null;
  result.level = levelIn(result.conclusion ?? '') ?? levelIn(opening.slice(0, 4000));
  checkProblems(result, areaLines);
  return result;
}

/** A heading number on a line of its own ("2.", "4.2.") belongs to the paragraph after it. */
function mergeBareNumbers(paragraphs: readonly ReportParagraph[]): ReportParagraph[] {
  const merged: ReportParagraph[] = [];
  for (let index = 0; index < paragraphs.length; index += 1) {
    const paragraph = paragraphs[index]!;
    const next = paragraphs[index + 1];
    if (NUMBER_ONLY.test(paragraph.text) && next) {
      merged.push({
        ...next,
        text: `${paragraph.text} ${next.text}`,
        line: paragraph.line,
        heading: true,
        anchors: [...paragraph.anchors, ...next.anchors],
        softAnchors: paragraph.softAnchors + next.softAnchors,
      });
      index += 1;
    } else merged.push(paragraph);
  }
  return merged;
}

/**
 * Inside the findings, an area starts at a sub-numbered heading ("4.2 …"), at a heading-like line
 * just before a "Strengths" or "Areas for consideration" label, or at any heading-like line when no
 * list is in hand. Inside a list, a heading-like line with no label after it is a theme ("Procurement").
 */
function isAreaHeading([paragraph, next, afterNext]: ReportParagraph[], inList: boolean): boolean {
  if (!paragraph) return false;
  if (SUB_NUMBER.test(paragraph.text) && paragraph.text.length <= 120) return true;
  if (!looksLikeHeading(paragraph) || /:\s*$/.test(paragraph.text)) return false;
  const startsFindings = (one: ReportParagraph | undefined) => {
    const label = one ? labelOf(one.text) : null;
    return label !== null && label.kind !== 'recommendation';
  };
  if (startsFindings(next)) return true;
  // A theme has points under it; a heading followed at once by another area's heading is an area
  // the team found nothing to say about (reported as a problem).
  if (next && looksLikeHeading(next) && !NUMBERED_ITEM.test(next.text) && startsFindings(afterNext))
    return true;
  return !inList;
}

/** The number a list continues with: "3" → "4", "c" → "d"; roman and other numbering stop the check. */
function nextListNumber(number: string): string | null {
  if (/^\d+$/.test(number)) return String(Number(number) + 1);
  if (/^[a-z]$/i.test(number)) return String.fromCharCode(number.charCodeAt(0) + 1);
  return null;
}

function checkProblems(result: ParsedChallenge, areaLines: ReadonlyMap<string, number>): void {
  const findings = result.items.filter((item) => item.kind === 'strength' || item.kind === 'consideration');
  if (findings.length === 0 && result.items.filter((item) => item.kind === 'recommendation').length === 0)
    result.problems.push({ line: null, severity: 'error', key: 'challenges.problems.noFindings' });
  for (const area of result.areas) {
    const inArea = findings.filter((item) => item.area === area);
    if (inArea.length === 0)
      result.problems.push({
        line: areaLines.get(area) ?? null,
        severity: 'warning',
        key: 'challenges.problems.emptyArea',
        values: { area },
      });
  }
  if (result.team.length === 0)
    result.problems.push({ line: null, severity: 'warning', key: 'challenges.problems.noTeam' });
  if (!result.level)
    result.problems.push({ line: null, severity: 'warning', key: 'challenges.problems.noLevel' });
}
