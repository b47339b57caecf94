import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_FRAMEWORKS } from './built-in-frameworks.ts';
import type { FrameworkDefinition } from './framework-definition.ts';
import { formatOf, readDefinitionText, writeDefinitionText } from './framework-file.ts';

/** What a council might type up from a PDF: plain YAML, references and version unquoted. */
const TYPED_UP = `
format: equalis-framework/1
id: council-scheme
name: Our equality standard
version: 2026
owner: Demo District Council
wording: official
levels:
  - { id: developing, name: Developing, score: 1 }
  - { id: achieving, name: Achieving, score: 2 }
rating: { kind: status }
areas:
  - id: 1
    name: Knowing our communities
  - id: 2
    name: Workforce
criteria:
  - ref: 1.10
    area: 1
    level: developing
    text: We publish a profile of our communities.
    evidence: [Census profile, 2021]
  - ref: 2.1
    area: 2
    level: achieving
    text: We compare our workforce with our communities.
rules: { kind: all-criteria-met, evidence: optional, overall: lowest-area }
`;

describe('reading definition files', () => {
  it('tells JSON from YAML by the content, not the name', () => {
    expect(formatOf('  \n{ "format": 1 }')).toBe('json');
    expect(formatOf('format: equalis-framework/1')).toBe('yaml');
  });

  it('reports JSON syntax errors as a problem', () => {
    const result = readDefinitionText('{ "format": ');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatch(/not valid JSON/);
  });

  it('reads hand-typed YAML, keeping references and versions as the author wrote them', () => {
    const result = readDefinitionText(TYPED_UP);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    const { definition } = result;
    expect(definition.version).toBe('2026');
    expect(definition.areas.map((area) => area.id)).toEqual(['1', '2']);
    // 1.10 is not 1.1: the tenth criterion, not the first.
    expect(definition.criteria.map((criterion) => criterion.ref)).toEqual(['1.10', '2.1']);
    expect(definition.criteria[0]!.evidence).toEqual(['Census profile', '2021']);
    expect(definition.levels.map((level) => level.score)).toEqual([1, 2]);
  });

  it('names the line of a YAML syntax error and of a repeated key', () => {
    const broken = readDefinitionText('format: equalis-framework/1\nid: a\nid: b\nlevels: [\n');
    expect(broken.ok).toBe(false);
    if (broken.ok) return;
    expect(broken.problems.join('\n')).toMatch(
      /not valid YAML \(line 3, column 1\): Map keys must be unique/,
    );
    expect(broken.problems.every((problem) => !problem.includes('\n'))).toBe(true);
  });

  it('reads the YAML example in docs/framework-definitions.md', () => {
    const docs = readFileSync(new URL('../../../docs/framework-definitions.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(docs)![1]!;
    const result = readDefinitionText(example);
    expect(result).toMatchObject({ ok: true, definition: { version: '2026' } });
    if (result.ok)
      expect(result.definition.criteria.map((criterion) => criterion.ref)).toEqual(['1.10', '2.1']);
  });

  it('reports a key the format does not know, rather than dropping it', () => {
    const result = readDefinitionText(
      TYPED_UP.replace('    text: We publish', '    guidence: Census 2021\n    text: We publish'),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual(['criteria.0: Unrecognized key: "guidence"']);
    const withSchema = readDefinitionText(
      `# yaml-language-server: $schema=./framework.schema.json\n$schema: ./framework.schema.json\n${TYPED_UP}`,
    );
    expect(withSchema.ok).toBe(true);
  });

  it('checks YAML against the same schema as JSON', () => {
    const result = readDefinitionText(TYPED_UP.replace('score: 2', 'score: two'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('\n')).toMatch(/^levels\.1\.score: /m);
  });
});

describe('writing definition files', () => {
  it('round-trips every built-in definition through JSON and YAML', () => {
    for (const definition of BUILT_IN_FRAMEWORKS)
      for (const format of ['json', 'yaml'] as const)
        expect(readDefinitionText(writeDefinitionText(definition, format))).toEqual({ ok: true, definition });
  });

  it('round-trips references and names that YAML would otherwise read as numbers, dates or nulls', () => {
    const awkward = fc.oneof(
      fc.constantFrom('3.10', '2021', '007', '1e3', '0x1F', '.5', 'null', '~', 'true', 'no', '2021-04-01'),
      fc.stringMatching(/^[0-9][0-9.]{0,6}$/),
    );
    const base = BUILT_IN_FRAMEWORKS[0]!;
    fc.assert(
      fc.property(fc.uniqueArray(awkward, { minLength: 1, maxLength: 5 }), awkward, (refs, name) => {
        fc.pre(refs.every((ref) => !base.criteria.some((criterion) => criterion.ref === ref)));
        const definition: FrameworkDefinition = {
          ...base,
          name,
          criteria: base.criteria.map((criterion, index) => ({
            ...criterion,
            ref: refs[index] ?? criterion.ref,
          })),
        };
        const read = readDefinitionText(writeDefinitionText(definition, 'yaml'));
        expect(read).toEqual({ ok: true, definition });
      }),
    );
  });
});
