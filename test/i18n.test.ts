import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keysOf } from '../src/platform/i18n/i18n.ts';

/**
 * Welsh covers the public surface so far. These tests keep it whole there: every key the public
 * pages use has Welsh, Welsh has no key English lacks, and the public templates carry no text of
 * their own outside the locale files.
 */
const PUBLIC_TEMPLATES = [
  'src/surfaces/public/views/layout.njk',
  'src/surfaces/public/views/error.njk',
  'src/features/publication/views/public-plan.njk',
];
/** Namespaces the public pages word; all of each must be in both languages. */
const PUBLIC_NAMESPACES = ['public.', 'publication.public.', 'status.'];

const english = new Set(keysOf('en'));
const welsh = new Set(keysOf('cy'));

function keysUsedIn(template: string): string[] {
  const source = fs.readFileSync(template, 'utf8');
  // A key built from a value (t("status." + code)) is covered by its namespace above.
  return [...source.matchAll(/\bt\(\s*["']([\w.]+)["']/g)]
    .map((match) => match[1]!)
    .filter((key) => !key.endsWith('.'));
}

describe('Welsh on the public surface', () => {
  it('has no Welsh key that English lacks', () => {
    expect([...welsh].filter((key) => !english.has(key))).toEqual([]);
  });

  it('has Welsh for every key of the public namespaces and every key a public template names', () => {
    const needed = [
      ...[...english].filter((key) => PUBLIC_NAMESPACES.some((namespace) => key.startsWith(namespace))),
      ...PUBLIC_TEMPLATES.flatMap(keysUsedIn),
      'errors.notFound.title',
      'errors.badRequest.title',
      'errors.server.title',
    ];
    expect(needed.length).toBeGreaterThan(30);
    expect([...new Set(needed)].filter((key) => !welsh.has(key))).toEqual([]);
  });

  it('lists every Welsh string for a translator’s review', () => {
    const review = fs.readFileSync('src/platform/i18n/cy-review.md', 'utf8');
    const missing = [...welsh].filter((key) => !review.includes(`\`${key}\``));
    expect(missing).toEqual([]);
  });

  it('keeps the public templates free of text of their own', () => {
    for (const template of PUBLIC_TEMPLATES) {
      const text = fs
        .readFileSync(template, 'utf8')
        .replace(/\{#[\s\S]*?#\}/g, '')
        .replace(/<style>[\s\S]*?<\/style>/g, '')
        .replace(/\{\{[\s\S]*?\}\}/g, '')
        .replace(/\{%[\s\S]*?%\}/g, '')
        .replace(/<[^>]*>/g, ' ');
      const words = text.match(/[A-Za-z]{2,}/g) ?? [];
      expect(words, path.basename(template)).toEqual([]);
    }
  });
});
