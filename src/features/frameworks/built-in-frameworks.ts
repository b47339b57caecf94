import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { definitionKey, type FrameworkDefinition } from './framework-definition.ts';
import { readDefinitionText } from './framework-file.ts';

/**
 * The frameworks Equalis ships, as definition files in built-in/ (the same format councils
 * import). They are read and validated once; an invalid file stops start-up rather than
 * surfacing later as a wrong level.
 */
const FILES = ['eflg-2021.json', 'eflg-2012.json', 'eflg-2009.json', 'nhs-eds-2022.json'];

function load(file: string): FrameworkDefinition {
  const text = readFileSync(fileURLToPath(new URL(`./built-in/${file}`, import.meta.url)), 'utf8');
  const result = readDefinitionText(text);
  if (!result.ok) throw new Error(`Built-in framework ${file} is not valid:\n${result.problems.join('\n')}`);
  return result.definition;
}

export const BUILT_IN_FRAMEWORKS: readonly FrameworkDefinition[] = FILES.map(load);

export function findBuiltIn(key: string): FrameworkDefinition | undefined {
  return BUILT_IN_FRAMEWORKS.find((definition) => definitionKey(definition) === key);
}
