import type { CommentTarget, ParsedChallenge } from './challenge-report.ts';
import type { NewFinding, Stance } from './challenges.repo.ts';
import type { ReportComment } from './report-source.ts';

/**
 * The stance a council's response opens with: "Agreed.", "Partly agreed –", "Not agreed:",
 * "Accepted", "We disagree". A response that does not say is left without one, for the lead to set.
 */
export function stanceOf(response: string): Stance | null {
  const opening = response.trim().toLowerCase().slice(0, 60);
  if (/^(not (agreed|accepted)|disagree|rejected|we (do not|don['’]t) agree|we disagree)/.test(opening))
    return 'not_agreed';
  if (/^(partly|partially|in part|agreed in part|accepted in part)/.test(opening)) return 'partly';
  if (/^(agreed|agree|accepted|we agree|yes\b)/.test(opening)) return 'agreed';
  return null;
}

/** Kinds of finding the council is expected to answer (strengths and signposts need no reply). */
export const ANSWERABLE_KINDS = new Set(['recommendation', 'consideration']);

/** A short quotation of the text a response sat beside, for the "other responses" list. */
function quote(text: string): string {
  return text.length <= 160 ? text : `${text.slice(0, 157).trimEnd()}…`;
}

/**
 * The findings to store, with the responses the person placed on them (several comments on one
 * finding are kept in the order written), and the responses placed beside text that is not a
 * finding, or on nothing, kept so no word of the council's is lost.
 */
export function findingsWithResponses(
  parsed: Pick<ParsedChallenge, 'items' | 'general'>,
  comments: readonly ReportComment[],
  placement: ReadonlyMap<string, string | null>,
): { findings: NewFinding[]; otherResponses: { about: string; response: string }[] } {
  const responses = new Map<string, string[]>();
  const otherResponses: { about: string; response: string }[] = [];
  const general = new Map<string, CommentTarget>(parsed.general.map((one) => [one.key, one]));
  const itemKeys = new Set(parsed.items.map((item) => item.key));
  for (const comment of comments) {
    const key = placement.get(comment.id) ?? null;
    if (key && itemKeys.has(key)) responses.set(key, [...(responses.get(key) ?? []), comment.text]);
    else
      otherResponses.push({
        about: key && general.has(key) ? quote(general.get(key)!.text) : '',
        response: comment.text,
      });
  }
  const findings = parsed.items.map((item, index): NewFinding => {
    const written = responses.get(item.key) ?? [];
    return {
      position: index + 1,
      kind: item.kind,
      area: item.area,
      number: item.number,
      theme: item.theme,
      text: item.text,
      responseStance: written.length > 0 ? stanceOf(written[0]!) : null,
      responseText: written.join('\n\n'),
      responseFromReport: written.length > 0,
    };
  });
  return { findings, otherResponses };
}
