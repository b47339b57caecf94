import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keysOf, textOf } from '../src/platform/i18n/i18n.ts';

/**
 * The interface speaks English and Welsh, on both surfaces. These tests keep it whole: each
 * language has every key the other has, every key a template names exists, every Welsh text is
 * listed for a translator's review, and no template carries words of its own outside the
 * locale files (beyond the short list of names below, which are the same in every language).
 */
const english = new Set(keysOf('en'));
const welsh = new Set(keysOf('cy'));

function templates(folder: string): string[] {
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? templates(path.join(folder, entry.name))
        : entry.name.endsWith('.njk')
          ? [path.join(folder, entry.name)]
          : [],
    );
}
const TEMPLATES = templates('src');

/** Words a template may hold as they are: cookie names, which are the same in every language. */
const ALLOWED_WORDS = new Set(['equalis', 'session', 'language']);

function withoutComments(source: string): string {
  return source.replace(/\{#[\s\S]*?#\}/g, '');
}

/** The text a template shows outside its expressions, tags and styles: it should be none. */
function ownText(source: string): string[] {
  const text = withoutComments(source)
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/\{\{[\s\S]*?\}\}/g, '')
    .replace(/\{%[\s\S]*?%\}/g, '')
    .replace(/<[^>]*>/g, ' ');
  return (text.match(/[A-Za-z]{2,}/g) ?? []).filter((word) => !ALLOWED_WORDS.has(word.toLowerCase()));
}

/**
 * Quoted strings inside expressions that read as English ("None set", "Save the action"): a
 * capital followed by lower case, or several words. Keys, class names, ids and paths pass.
 */
function quotedEnglish(source: string): string[] {
  const found: string[] = [];
  for (const block of withoutComments(source).match(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g) ?? []) {
    const withoutKeys = block.replace(/\bt\(\s*(["'])[^"']*\1/g, 't(');
    for (const match of withoutKeys.matchAll(/(["'])((?:(?!\1).)*)\1/g)) {
      const text = match[2]!;
      if (!/[A-Za-z]{2}/.test(text)) continue;
      if (/govuk-|app-|\.njk|^[/#.?]|^https?:|^<\/?\w+[^>]*>$/.test(text)) continue;
      if (/^[a-z][\w./:@-]*$/.test(text)) continue;
      if (/^[A-Z][a-z]|\s\w/.test(text)) found.push(text);
    }
  }
  return found;
}

function keysNamedIn(source: string): string[] {
  // A key built from a value (t("status." + code)) is covered by the both-languages check.
  return [...source.matchAll(/\bt\(\s*["']([\w.-]+)["']/g)]
    .map((match) => match[1]!)
    .filter((key) => !key.endsWith('.'));
}

describe('English and Welsh', () => {
  it('has the same keys in both languages', () => {
    expect([...welsh].filter((key) => !english.has(key))).toEqual([]);
    expect([...english].filter((key) => !welsh.has(key))).toEqual([]);
    expect(english.size).toBeGreaterThan(1000);
  });

  it('keeps each text’s placeholders in its Welsh', () => {
    const placeholders = (text: string | undefined) =>
      [...(text ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differing = [...english].filter(
      (key) => placeholders(textOf('en', key)).join() !== placeholders(textOf('cy', key)).join(),
    );
    expect(differing).toEqual([]);
  });

  it('has every key a template names', () => {
    const missing = TEMPLATES.flatMap((template) =>
      keysNamedIn(fs.readFileSync(template, 'utf8'))
        .filter((key) => !english.has(key))
        .map((key) => `${template}: ${key}`),
    );
    expect(TEMPLATES.length).toBeGreaterThan(60);
    expect(missing).toEqual([]);
  });

  it('lists every Welsh string for a translator’s review', () => {
    const review = fs.readFileSync('src/platform/i18n/cy-review.md', 'utf8');
    const missing = [...welsh].filter((key) => !review.includes(`\`${key}\``));
    expect(missing, 'run npm run i18n:review').toEqual([]);
  });

  it('keeps every template free of words of its own', () => {
    const found = TEMPLATES.flatMap((template) => {
      const source = fs.readFileSync(template, 'utf8');
      return [...ownText(source), ...quotedEnglish(source)].map((text) => `${template}: ${text}`);
    });
    expect(found).toEqual([]);
  });

  it('catches the kinds of literal text it is there to catch', () => {
    expect(ownText('<p>Save the action</p>')).toEqual(['Save', 'the', 'action']);
    expect(quotedEnglish('{{ action.targetText or "None set" }}')).toEqual(['None set']);
    expect(quotedEnglish('{{ t("actionPlan.action.noneSet") }} {{ x | count("nouns.action") }}')).toEqual([]);
    expect(
      quotedEnglish('{{ govukButton({ classes: "govuk-button--secondary", name: "record" }) }}'),
    ).toEqual([]);
  });
});
