import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { COMMAND_LINE_ACTOR } from '../../platform/audit/audit.ts';
import { RuleError } from '../../platform/http-errors.ts';
import type { FrameworksService } from './frameworks.service.ts';
import { BUILT_IN_FRAMEWORKS } from './built-in-frameworks.ts';
import { definitionJsonSchema, definitionKey, type FrameworkDefinition } from './framework-definition.ts';
import { readUntrustedDefinitionText, writeDefinitionText } from './framework-file.ts';

/** Runs work against one organisation's data, found by its slug (the CLI opens the database). */
export type WithOrganisation<S = { frameworks: FrameworksService }> = <T>(
  slug: string,
  work: (services: S, organisation: { id: string; name: string }) => Promise<T>,
) => Promise<T>;

interface Listed {
  definition: FrameworkDefinition;
  loadedBy: string | null;
}

/**
 * Without --org the built-in definitions are read from the files shipped, with no database; with
 * it, the organisation's catalogue (built-in plus those it loaded) is read from its database.
 */
async function definitions(withOrganisation: WithOrganisation, org?: string): Promise<Listed[]> {
  if (!org) return BUILT_IN_FRAMEWORKS.map((definition) => ({ definition, loadedBy: null }));
  return withOrganisation(org, async (services, organisation) =>
    (await services.frameworks.catalogue(organisation.id)).map((entry) => ({
      definition: entry.definition,
      loadedBy: entry.importedBy,
    })),
  );
}

/** Finds a definition by `id@version`, or by `id` alone when only one version is there. */
function pick(listed: Listed[], key: string): FrameworkDefinition {
  const exact = listed.find((entry) => definitionKey(entry.definition) === key);
  if (exact) return exact.definition;
  const versions = listed.filter((entry) => entry.definition.id === key);
  if (versions.length === 1) return versions[0]!.definition;
  if (versions.length > 1)
    throw new RuleError(
      'id',
      `There is more than one version of the framework "${key}": ${versions.map((entry) => definitionKey(entry.definition)).join(', ')}. Name one.`,
    );
  throw new RuleError('id', `There is no framework "${key}". See: equalis framework list`);
}

const ORG_OPTION = ['--org <slug>', 'include the definitions this organisation has loaded'] as const;

/** `equalis framework …`: read, check, load and export framework definitions. */
export function addFrameworkCommands(program: Command, withOrganisation: WithOrganisation): void {
  const framework = program
    .command('framework')
    .description('List, show, check, load and export framework definitions.');
  framework
    .command('list')
    .description('List the framework definitions: the built-in ones, or an organisation’s.')
    .option(...ORG_OPTION)
    .action(async (options: { org?: string }) => {
      for (const { definition, loadedBy } of await definitions(withOrganisation, options.org))
        console.log(
          `${definitionKey(definition).padEnd(22)} ${definition.name} ${definition.version} (${definition.areas.length} areas, ${definition.criteria.length} criteria${loadedBy ? `; loaded by ${loadedBy}` : ''})`,
        );
    });
  framework
    .command('show')
    .description('Show a definition’s levels, areas and criteria.')
    .argument('<id>', 'the definition, like eflg-2021 or eflg-2021@2021')
    .option('--json', 'print the areas, levels and criteria as JSON')
    .option(...ORG_OPTION)
    .action(async (key: string, options: { json?: boolean; org?: string }) => {
      const definition = pick(await definitions(withOrganisation, options.org), key);
      if (options.json) {
        const { id, version, name, levels, areas, criteria, rules } = definition;
        console.log(JSON.stringify({ id, version, name, levels, areas, criteria, rules }, null, 2));
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
      const result = await readUntrustedDefinitionText(await readFile(file, 'utf8'));
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
    .command('schema')
    .description(
      'Print the definition format as a JSON Schema, for an editor to check a file as you type it.',
    )
    .action(() => console.log(JSON.stringify(definitionJsonSchema(), null, 2)));
  framework
    .command('load')
    .description(
      'Load a definition file into an organisation, as an administrator would in the service. Checks it first; loads nothing if there is any problem.',
    )
    .argument('<file>', 'the definition file (JSON or YAML)')
    .requiredOption('--org <slug>', 'the organisation to load it into')
    .action(async (file: string, options: { org: string }) => {
      const text = await readFile(file, 'utf8');
      await withOrganisation(options.org, async (services, organisation) => {
        const result = await services.frameworks.importText(COMMAND_LINE_ACTOR, organisation.id, text);
        if (result.ok) {
          console.log(`Loaded ${result.key} into ${organisation.name}.`);
          return;
        }
        console.log(`${file}: ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}`);
        for (const problem of result.problems) console.log(`  ${problem}`);
        console.log('Nothing was loaded.');
        process.exitCode = 2;
      });
    });
  framework
    .command('export')
    .description('Print a definition as a file to start your own from.')
    .argument('<id>', 'the definition, like eflg-2021')
    .option('--yaml', 'print YAML instead of JSON (easier to edit by hand)')
    .option(...ORG_OPTION)
    .action(async (key: string, options: { yaml?: boolean; org?: string }) => {
      const definition = pick(await definitions(withOrganisation, options.org), key);
      console.log(writeDefinitionText(definition, options.yaml ? 'yaml' : 'json').trimEnd());
    });
}
