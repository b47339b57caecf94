import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configVariables } from '../src/config.ts';

const readme = fs.readFileSync('README.md', 'utf8');
const scripts = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts as Record<string, string>;

describe('README.md stays true', () => {
  it('gives the two commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });

  it('documents every configuration variable, and no others', () => {
    const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]).sort();
    expect(documented).toEqual(Object.keys(configVariables).sort());
  });

  it('names only npm scripts that exist', () => {
    const named = [...readme.matchAll(/npm run ([\w:]+)/g)].map((match) => match[1] as string);
    expect(named.length).toBeGreaterThan(3);
    for (const script of named) expect(scripts, script).toHaveProperty(script);
  });

  it('runs exactly the README test command in CI', () => {
    const ci = fs.readFileSync('.ci/run', 'utf8');
    expect(ci).toMatch(/^npm test$/m);
  });
});
