import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The house rules of docs/architecture.md, checked on the source: features reach each other only
 * through services or the small interfaces they declare, never through a repo; services know
 * nothing of HTTP; no feature depends on the whole service bag; and the features' imports form
 * no cycle.
 */
const FEATURES = 'src/features';

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Every module a file imports (static, dynamic and type-only), as written. */
function importsOf(file: string): string[] {
  const source = fs.readFileSync(file, 'utf8');
  return [
    ...source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/g),
    ...source.matchAll(/import\(\s*'([^']+)'\s*\)/g),
  ].map((match) => match[1]!);
}

function featureOf(file: string): string | null {
  const relative = path.relative(FEATURES, file);
  return relative.startsWith('..') ? null : relative.split(path.sep)[0]!;
}

const files = sourceFiles(FEATURES);

describe('the house rules', () => {
  it('no feature imports another feature’s repo', () => {
    const offences: string[] = [];
    for (const file of files)
      for (const specifier of importsOf(file)) {
        if (!specifier.startsWith('.') || !specifier.endsWith('.repo.ts')) continue;
        const target = featureOf(path.resolve(path.dirname(file), specifier));
        // Shared repos in platform/ (the audit log's) are not a feature's.
        if (target && target !== featureOf(file)) offences.push(`${file} imports ${specifier}`);
      }
    expect(offences).toEqual([]);
  });

  it('the statistics layer is pure: it imports only itself', () => {
    const offences = sourceFiles('src/stats').flatMap((file) =>
      importsOf(file)
        .filter((target) => !target.startsWith('./'))
        .map((target) => `${file} imports ${target}`),
    );
    expect(sourceFiles('src/stats').length).toBeGreaterThan(1);
    expect(offences).toEqual([]);
  });

  it('no service imports Fastify', () => {
    const offences = files
      .filter((file) => file.endsWith('.service.ts'))
      .filter((file) =>
        importsOf(file).some((specifier) => specifier === 'fastify' || specifier.startsWith('@fastify/')),
      );
    expect(offences).toEqual([]);
  });

  it('no feature takes the whole service bag: each declares the services it needs', () => {
    const offences = files.filter((file) =>
      importsOf(file).some(
        (specifier) => path.resolve(path.dirname(file), specifier) === path.resolve('src/services.ts'),
      ),
    );
    expect(offences).toEqual([]);
  });

  it('the features’ imports form no cycle', () => {
    const edges = new Map<string, Set<string>>();
    for (const file of files) {
      const from = featureOf(file)!;
      for (const specifier of importsOf(file)) {
        if (!specifier.startsWith('.')) continue;
        const to = featureOf(path.resolve(path.dirname(file), specifier));
        if (to && to !== from) {
          if (!edges.has(from)) edges.set(from, new Set());
          edges.get(from)!.add(to);
        }
      }
    }
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      if (trail.includes(node)) {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(' → '));
        return;
      }
      for (const next of edges.get(node) ?? []) visit(next, [...trail, node]);
    };
    for (const node of edges.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
