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

describe('docs/architecture.md stays true', () => {
  const architecture = fs.readFileSync('docs/architecture.md', 'utf8');
  const folders = (parent: string) =>
    fs
      .readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  const section = (heading: string) => {
    const start = architecture.indexOf(`## ${heading}\n`);
    expect(start, `a "## ${heading}" section`).toBeGreaterThanOrEqual(0);
    const end = architecture.indexOf('\n## ', start + 1);
    return architecture.slice(start, end === -1 ? undefined : end);
  };

  it('lists every feature folder in its Features section', () => {
    const features = section('Features');
    for (const feature of folders('src/features')) expect(features, feature).toContain(`\`${feature}\``);
  });

  it('describes every surface in its Surfaces section', () => {
    const surfaces = section('Surfaces');
    for (const surface of folders('src/surfaces'))
      expect(surfaces, surface).toContain(`surfaces/${surface}/${surface}-surface.ts`);
  });

  it('says what each layer may import', () => {
    const layers = section('Layers: what may import what');
    for (const layer of ['platform/', 'infra/', 'surfaces/', 'features/<name>/', 'app.ts'])
      expect(layers, layer).toContain(`\`${layer}`);
  });
});
