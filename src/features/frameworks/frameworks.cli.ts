import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { BUILT_IN_FRAMEWORKS } from './built-in-frameworks.ts';
import { definitionKey, type FrameworkDefinition } from './framework-definition.ts';
import { readDefinitionText, writeDefinitionText } from './framework-file.ts';

/** Finds a built-in definition by `id@version`, or by `id` alone when it has one version. */
function pick(key: string): FrameworkDefinition {
  const found =
    BUILT_IN_FRAMEWORKS.find((definition) => definitionKey(definition) === key) ??
    BUILT_IN_FRAMEWORKS.find((definition) => definition.id === key);
  if (!found) throw new Error(`There is no framework "${key}". See: equalis framework list`);
  return found;
}

/** `equalis framework …`: read, check and export framework definitions without a database. */
export function addFrameworkCommands(program: Command): void {
  const framework = program
    .command('framework')
    .description('List, show, check and export framework definitions.');
  framework
    .command('list')
    .description('List the built-in framework definitions.')
    .action(() => {
      for (const definition of BUILT_IN_FRAMEWORKS)
        console.log(
          `${definitionKey(definition).padEnd(22)} ${definition.name} ${definition.version} (${definition.areas.length} areas, ${definition.criteria.length} criteria)`,
        );
    });
  framework
    .command('show')
    .description('Show a definition’s levels, areas and criteria.')
    .argument('<id>', 'the definition, like eflg-2021 or eflg-2021@2021')
    .option('--json', 'print the areas, levels and criteria as JSON')
    .action((key: string, options: { json?: boolean }) => {
      const definition = pick(key);
      if (options.json) {
        console.log(
          JSON.stringify(
            {
              id: definition.id,
              version: definition.version,
              name: definition.name,
              levels: definition.levels,
              areas: definition.areas,
              criteria: definition.criteria,
              rules: definition.rules,
            },
            null,
            2,
          ),
        );
        return;
      }
      console.log(`${definition.name} ${definition.version} (${definition.owner})`);
      console.log(`Levels: ${definition.levels.map((level) => level.name).join(', ')}`);
      for (const area of definition.areas) {
        console.log(`\n${area.id}. ${area.name}`);
        const ids = area.areas?.length ? area.areas.map((sub) => sub.id) : [area.id];
        for (const criterion of definition.criteria.filter((c) => ids.includes(c.area)))
          console.log(`  ${criterion.ref.padEnd(7)} ${(criterion.level ?? '').padEnd(11)} ${criterion.text}`);
      }
    });
  framework
    .command('validate')
    .description('Check a definition file and list every problem in it.')
    .argument('<file>', 'the definition file (JSON or YAML)')
    .action(async (file: string) => {
      const result = readDefinitionText(await readFile(file, 'utf8'));
      if (result.ok) {
        console.log(
          `${file}: valid. ${result.definition.name} ${result.definition.version}, ${result.definition.criteria.length} criteria.`,
        );
        return;
      }
      console.log(`${file}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
      for (const problem of result.problems) console.log(`  ${problem}`);
      process.exitCode = 2;
    });
  framework
    .command('export')
    .description('Print a built-in definition as a file to start your own from.')
    .argument('<id>', 'the definition, like eflg-2021')
    .option('--yaml', 'print YAML instead of JSON (easier to edit by hand)')
    .action((key: string, options: { yaml?: boolean }) => {
      console.log(writeDefinitionText(pick(key), options.yaml ? 'yaml' : 'json').trimEnd());
    });
}
