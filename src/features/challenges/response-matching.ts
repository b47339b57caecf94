import type { CommentTarget } from './challenge-report.ts';
import type { ReportComment } from './report-source.ts';

/**
 * Which finding each margin comment (the council's response) belongs to.
 *
 * A Word file says exactly: each comment has an anchor. A text export has lost the anchors, but
 * two clues survive: comments are listed in the order they appear in the document, and a
 * paragraph was broken where each one was anchored (report-source.ts counts these as soft
 * anchors). So comments are aligned to targets in document order (never going back), scoring a
 * target for each unclaimed soft anchor and for the rarer words it shares with the comment. The
 * preview shows every match, and a person can move any of them before importing. Pure.
 */
export interface ResponseMatch {
  commentId: string;
  /** The target's key; null when the comment is about the report as a whole. */
  targetKey: string | null;
  /** How the match was made: the file said so, or it is Equalis's best reading. */
  basis: 'anchor' | 'inferred';
}

const STOP = new Set(
  'that this with from have been were will would could should there their they them than then also about which what when where into more most some such only other very does done just over well being this these those need needs make made good much many here your ours work'.split(
    ' ',
  ),
);

export function wordsOf(text: string): Set<string> {
  const found = new Set<string>();
  for (const word of text.toLowerCase().match(/[a-z][a-z&]{3,}/g) ?? []) {
    if (STOP.has(word)) continue;
    // A light stem, so "consultation" meets "consulting" and "groups" meets "group".
    found.add(word.replace(/(ations?|ing|ies|es|s)$/, '').slice(0, 8));
  }
  return found;
}

/** Bonus for landing on a target with a soft anchor not yet claimed; outweighs word overlap. */
const ANCHOR_BONUS = 1;
/** Bonus for a paragraph that lost its full stop, as one does under a comment mark: a weaker clue. */
const LOOSE_END_BONUS = 0.5;
/** A second comment on a target with one soft anchor costs this much. */
const CROWDING = 0.6;

/**
 * A council answers recommendations and areas for consideration far more often than it answers
 * praise or a signpost, so words shared with those count for less.
 */
const NOTED_KINDS = new Set(['strength', 'innovative', 'signpost']);
const NOTED_WEIGHT = 0.7;
const kindOf = (target: CommentTarget) => ('kind' in target ? String(target.kind) : '');

export function matchResponses(
  comments: readonly ReportComment[],
  targets: readonly CommentTarget[],
  anchored: boolean,
): ResponseMatch[] {
  if (anchored) {
    const byAnchor = new Map<string, string>();
    for (const target of targets) for (const anchor of target.anchors) byAnchor.set(anchor, target.key);
    return comments.map((comment) => {
      const key = byAnchor.get(comment.id);
      return { commentId: comment.id, targetKey: key ?? null, basis: key ? 'anchor' : 'inferred' };
    });
  }
  if (comments.length === 0 || targets.length === 0)
    return comments.map((comment) => ({ commentId: comment.id, targetKey: null, basis: 'inferred' }));

  // Rarer words count for more: "Stonewall" says more than "council".
  const targetWords = targets.map((target) => wordsOf(target.text));
  const documentFrequency = new Map<string, number>();
  for (const set of targetWords)
    for (const word of set) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
  const weight = (word: string) =>
    Math.log((targets.length + 1) / ((documentFrequency.get(word) ?? 0) + 1)) + 0.1;
  const similarity = (commentIndex: number, targetIndex: number, commentWords: Set<string>[]) => {
    const mine = commentWords[commentIndex]!;
    let shared = 0;
    let total = 0;
    for (const word of mine) {
      const w = weight(word);
      total += w;
      if (targetWords[targetIndex]!.has(word)) shared += w;
    }
    return total === 0 ? 0 : shared / total;
  };
  const commentWords = comments.map((comment) => wordsOf(comment.text));

  // best[j]: the best total with the latest comment on target j; from[i][j]: the target the
  // comment before it went to. Comments never go back in the document.
  const m = comments.length;
  const n = targets.length;
  const from: Int32Array[] = [];
  let best = new Float64Array(n);
  for (let j = 0; j < n; j += 1) best[j] = score(0, j, 0);
  from.push(new Int32Array(n).fill(-1));
  function score(i: number, j: number, alreadyHere: number): number {
    const { softAnchors, looseEnds } = targets[j]!;
    const bonus =
      alreadyHere < softAnchors
        ? ANCHOR_BONUS
        : alreadyHere < softAnchors + looseEnds
          ? LOOSE_END_BONUS
          : alreadyHere > 0
            ? -CROWDING
            : 0;
    return bonus + similarity(i, j, commentWords) * (NOTED_KINDS.has(kindOf(targets[j]!)) ? NOTED_WEIGHT : 1);
  }
  // How many comments the best path so far has put on each target's own end (only the last matters).
  let stacked = new Int32Array(n).fill(1);
  for (let i = 1; i < m; i += 1) {
    const next = new Float64Array(n);
    const back = new Int32Array(n);
    const nextStacked = new Int32Array(n);
    let prefixBest = -Infinity;
    let prefixAt = -1;
    for (let j = 0; j < n; j += 1) {
      const moveOn = prefixAt === -1 ? -Infinity : prefixBest + score(i, j, 0);
      const stay = best[j]! + score(i, j, stacked[j]!);
      if (stay >= moveOn) {
        next[j] = stay;
        back[j] = j;
        nextStacked[j] = stacked[j]! + 1;
      } else {
        next[j] = moveOn;
        back[j] = prefixAt;
        nextStacked[j] = 1;
      }
      if (best[j]! > prefixBest) {
        prefixBest = best[j]!;
        prefixAt = j;
      }
    }
    best = next;
    stacked = nextStacked;
    from.push(back);
  }
  let at = 0;
  for (let j = 1; j < n; j += 1) if (best[j]! > best[at]!) at = j;
  const chosen: number[] = new Array(m);
  for (let i = m - 1; i >= 0; i -= 1) {
    chosen[i] = at;
    at = from[i]![at]!;
  }
  return comments.map((comment, i) => ({
    commentId: comment.id,
    targetKey: targets[chosen[i]!]!.key,
    basis: 'inferred',
  }));
}
