#!/usr/bin/env node
// Rewrites src/platform/i18n/cy-review.md from the locale files: one row per Welsh text, with its
// English, keeping any "Reviewed" mark a translator has already written. Run after changing cy.json:
//   npm run i18n:review
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'platform', 'i18n');
const read = (name) => JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8'));
const PLURAL = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);
const isPlural = (node) =>
  Object.keys(node).includes('other') && Object.keys(node).every((k) => PLURAL.has(k));

function flatten(node, prefix = '', out = new Map()) {
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else if (isPlural(value)) out.set(prefix + key, Object.values(value).join(' / '));
    else flatten(value, `${prefix}${key}.`, out);
  }
  return out;
}

const english = flatten(read('en.json'));
const welsh = flatten(read('cy.json'));
const reviewFile = path.join(folder, 'cy-review.md');
const reviewed = new Map();
if (fs.existsSync(reviewFile)) {
  for (const line of fs.readFileSync(reviewFile, 'utf8').split('\n')) {
    const match = /^\| `([^`]+)` \|.*\| ([^|]*) \|$/.exec(line);
    if (match && match[2].trim()) reviewed.set(match[1], match[2].trim());
  }
}
const cell = (text) => (text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
const rows = [...welsh].map(
  ([key, text]) => `| \`${key}\` | ${cell(english.get(key))} | ${cell(text)} | ${reviewed.get(key) ?? ''} |`,
);
fs.writeFileSync(
  reviewFile,
  `# Welsh strings to review

The Welsh in \`cy.json\` was written by the developers, not by a translator: treat every string
below as machine quality until a Welsh speaker has checked it. Work down the table, correct
\`cy.json\`, and mark the row reviewed (with your initials and the date) in the last column; then
run \`npm run i18n:review\`, which rewrites this list from the locale files and keeps your marks.
A test fails if a Welsh string is missing from this list.

| Key | English | Cymraeg | Reviewed |
| --- | --- | --- | --- |
${rows.join('\n')}
`,
);
console.log(`${rows.length} Welsh texts listed, ${reviewed.size} reviewed.`);
