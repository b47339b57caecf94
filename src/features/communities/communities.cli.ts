import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { COMMAND_LINE_ACTOR } from '../../platform/audit/audit.ts';
import type { WithOrganisation } from '../frameworks/frameworks.cli.ts';
import { DatasetProblemsError, type CommunitiesService } from './communities.service.ts';

function printProblems(problems: { line: number; message: string }[]): void {
  for (const problem of problems)
    console.error(`  ${problem.line ? `line ${problem.line}: ` : ''}${problem.message}`);
}

/** `equalis data …`: import community datasets and boundary files, and list what an organisation holds. */
export function addDataCommands(
  program: Command,
  withOrganisation: WithOrganisation<{ communities: CommunitiesService }>,
): void {
  const data = program
    .command('data')
    .description('Import and list community data: census tables and area boundaries.');

  data
    .command('import')
    .description(
      'Import a dataset (a Nomis web-query export, like the Census 2021 TS021 ethnic group table) or a boundary file (GeoJSON or TopoJSON, whose areas are added). Every row is checked first; nothing is kept unless all of it is right.',
    )
    .argument('<file>', 'the file to import')
    .requiredOption('--org <slug>', 'the organisation it belongs to')
    .option('--dry-run', 'check the file and say what would be imported, keeping nothing')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { org: string; dryRun?: boolean; json?: boolean }) => {
      const text = await readFile(file, 'utf8');
      const fileName = path.basename(file);
      const boundaries = /^\s*\{/.test(text);
      await withOrganisation(options.org, async (services, organisation) => {
        try {
          if (options.dryRun) {
            if (boundaries) {
              console.log(
                options.json
                  ? JSON.stringify({ fileName, kind: 'boundaries' })
                  : `${fileName}: a boundary file; run without --dry-run to add its areas.`,
              );
              return;
            }
            const preview = await services.communities.previewDataset(organisation.id, fileName, text);
            if (options.json) console.log(JSON.stringify(preview, null, 2));
            else {
              console.log(
                `${preview.title} (${preview.tableCode ?? 'no table code'}): ${preview.areaCount} areas (${preview.level ?? 'mixed'}), ${preview.newAreas} new to ${organisation.name}.`,
              );
              console.log(`Classification: ${preview.classification?.title ?? 'not recognised'}.`);
              if (preview.problems.length) {
                console.error(`${preview.problems.length} problems; nothing would be imported:`);
                printProblems(preview.problems);
                process.exitCode = 1;
              } else console.log('No problems: it can be imported.');
            }
            return;
          }
          const result = boundaries
            ? await services.communities.importBoundaries(COMMAND_LINE_ACTOR, organisation.id, fileName, text)
            : await services.communities.importDataset(COMMAND_LINE_ACTOR, organisation.id, fileName, text);
          if (options.json) console.log(JSON.stringify(result, null, 2));
          else if ('datasetId' in result)
            console.log(
              `Imported ${fileName} into ${organisation.name}: ${result.areas} areas, rolled up to ${result.rolledUpAreas} more (version ${result.version}).`,
            );
          else
            console.log(
              `Added ${result.areas} areas from ${fileName} to ${organisation.name}; linked ${result.linked} to their local authority.`,
            );
        } catch (error) {
          if (!(error instanceof DatasetProblemsError)) throw error;
          if (options.json) console.log(JSON.stringify({ problems: error.problems }, null, 2));
          else {
            console.error(`${fileName} was not imported: ${error.problems.length} problems.`);
            printProblems(error.problems);
          }
          process.exitCode = 1;
        }
      });
    });

  data
    .command('list')
    .description('List the datasets an organisation holds, newest first, with where each came from.')
    .requiredOption('--org <slug>', 'the organisation')
    .option('--json', 'print the list as JSON')
    .action(async (options: { org: string; json?: boolean }) => {
      await withOrganisation(options.org, async (services, organisation) => {
        const datasets = await services.communities.datasets(organisation.id);
        if (options.json) return console.log(JSON.stringify(datasets, null, 2));
        if (datasets.length === 0) return console.log(`${organisation.name} holds no datasets yet.`);
        for (const dataset of datasets)
          console.log(
            `${dataset.title} (${dataset.tableCode ?? '—'}, ${dataset.geographyLevel}), version ${dataset.version}${dataset.supersededBy ? ', superseded' : ''}. ${dataset.publisher}; ${dataset.licence}. From ${dataset.fileName}.`,
          );
      });
    });
}
