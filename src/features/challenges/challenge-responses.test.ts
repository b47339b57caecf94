import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParsedItem } from './challenge-report.ts';
import { findingsWithResponses, stanceOf } from './challenge-responses.ts';

const item = (key: string, number: string, text: string): ParsedItem => ({
  key,
  kind: 'recommendation',
  area: null,
  number,
  theme: null,
  text,
  line: Number(key.slice(1)),
  anchors: [],
  softAnchors: 0,
  looseEnds: 0,
});

describe('the stance a response opens with', () => {
  it.each([
    ['Agreed. The toolkit is being rewritten.', 'agreed'],
    ['Accepted – a forum will review EqIAs', 'agreed'],
    ['Partly agreed: parks will start in April', 'partly'],
    ['Agreed in part; the budget is not there yet', 'partly'],
    ['Not agreed. Our data shows otherwise.', 'not_agreed'],
    ['We disagree with this finding', 'not_agreed'],
    ['The Census data was released in 2012 and is being analysed', null],
    ['', null],
  ])('%s → %s', (text, stance) => expect(stanceOf(text)).toBe(stance));
});

describe('findings with the responses placed on them', () => {
  const parsed = {
    items: [item('i1', '1', 'Publish EqIAs.'), item('i2', '2', 'Train managers.')],
    general: [
      {
        key: 'p3',
        text: 'OCC is involving communities well.',
        line: 3,
        anchors: [],
        softAnchors: 0,
        looseEnds: 0,
      },
    ],
  };

  it('joins several responses to one finding in order, and keeps the rest beside what they answered', () => {
    const comments = [
      { id: '1', text: 'Agreed. A register goes live in May.', line: 20 },
      { id: '2', text: 'See also the forum’s terms.', line: 21 },
      { id: '3', text: 'Thank you.', line: 22 },
      { id: '4', text: 'Stray note.', line: 23 },
    ];
    const placement = new Map<string, string | null>([
      ['1', 'i1'],
      ['2', 'i1'],
      ['3', 'p3'],
      ['4', null],
    ]);
    const { findings, otherResponses } = findingsWithResponses(parsed, comments, placement);
    expect(findings[0]).toMatchObject({
      position: 1,
      responseStance: 'agreed',
      responseText: 'Agreed. A register goes live in May.\n\nSee also the forum’s terms.',
      responseFromReport: true,
    });
    expect(findings[1]).toMatchObject({
      position: 2,
      responseText: '',
      responseStance: null,
      responseFromReport: false,
    });
    expect(otherResponses).toEqual([
      { about: 'OCC is involving communities well.', response: 'Thank you.' },
      { about: '', response: 'Stray note.' },
    ]);
  });

  it('loses no response, wherever each is placed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('i1', 'i2', 'p3', null, 'nonsense'), { minLength: 0, maxLength: 12 }),
        (places) => {
          const comments = places.map((_, index) => ({
            id: String(index),
            text: `Response ${index}`,
            line: 30 + index,
          }));
          const placement = new Map(places.map((place, index) => [String(index), place]));
          const { findings, otherResponses } = findingsWithResponses(parsed, comments, placement);
          const kept = [
            ...findings.flatMap((finding) =>
              finding.responseText ? finding.responseText.split('\n\n') : [],
            ),
            ...otherResponses.map((other) => other.response),
          ];
          expect(kept.sort()).toEqual(comments.map((comment) => comment.text).sort());
        },
      ),
    );
  });
});
