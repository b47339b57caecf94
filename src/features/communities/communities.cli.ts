import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { COMMAND_LINE_ACTOR } from '../../platform/audit/audit.ts';
import type { WithOrganisation } from '../frameworks/frameworks.cli.ts';
import { looksLikeAreaLookup } from './area-lookup.ts';
import { DatasetProblemsError, type CommunitiesService } from './communities.service.ts';
import { DATASET_FORMATS, formatOf, type DatasetFormat, type ReadOptions } from './community-files.ts';

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
    .description('Import and list community data: census tables, area boundaries and area lookups.');

  data
    .command('import')
    .description(
      'Import a dataset, a boundary file or an area lookup. Datasets: a Nomis web-query export, an ONS custom dataset (long), an ONS bulk download, a file of coded columns with its metadata table (--metadata), a wide file of percentages per area, or JSON records of numerators and denominators. Boundaries: GeoJSON or TopoJSON, whose areas are added. Lookups: a CSV of area codes at several levels (OA21CD, LSOA21CD, LAD22CD…), whose links every dataset is rolled up through again. Every row is checked first; nothing is kept unless all of it is right.',
    )
    .argument('<file>', 'the file to import')
    .requiredOption('--org <slug>', 'the organisation it belongs to')
    .addOption(
      new Option(
        '--format <format>',
        'the dataset layout, when telling it from the file is not enough',
      ).choices([...DATASET_FORMATS]),
    )
    .option(
      '--metadata <file>',
      'the metadata table naming the file’s coded column headings (like ts008_metadata.csv)',
    )
    .option('--dry-run', 'check the file and say what would be imported, keeping nothing')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        file: string,
        options: { org: string; format?: DatasetFormat; metadata?: string; dryRun?: boolean; json?: boolean },
      ) => {
        const text = await readFile(file, 'utf8');
        const fileName = path.basename(file);
        const read: ReadOptions = {
          format: options.format,
          ...(options.metadata
            ? {
                metadata: await readFile(options.metadata, 'utf8'),
                metadataFileName: path.basename(options.metadata),
              }
            : {}),
        };
        const kind = /^\s*\{/.test(text)
          ? 'boundaries'
          : !options.metadata && !options.format && formatOf(text) === null && looksLikeAreaLookup(text)
            ? 'lookup'
            : 'dataset';
        await withOrganisation(options.org, async (services, organisation) => {
          const { communities } = services;
          try {
            if (options.dryRun) return dryRun(kind);
            if (kind === 'boundaries') {
              const result = await communities.importBoundaries(
                COMMAND_LINE_ACTOR,
                organisation.id,
                fileName,
                text,
              );
              return say(
                result,
                `Added ${result.areas} areas from ${fileName} to ${organisation.name}; linked ${result.linked} to their local authority.`,
              );
            }
            if (kind === 'lookup') {
              const result = await communities.importLookup(
                COMMAND_LINE_ACTOR,
                organisation.id,
                fileName,
                text,
              );
              return say(
                result,
                `Linked ${result.areas} areas (${result.levels.join(', ')}) from ${fileName}; rolled ${result.datasetsRolledUp} datasets up again.`,
              );
            }
            const result = await communities.importDataset(
              COMMAND_LINE_ACTOR,
              organisation.id,
              fileName,
              text,
              undefined,
              read,
            );
            say(
              result,
              `Imported ${fileName} into ${organisation.name}: ${result.areas} areas, rolled up to ${result.rolledUpAreas} more.\n${result.datasets.map((one) => `  ${one.title}, version ${one.version}`).join('\n')}`,
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

          function say(result: unknown, sentence: string) {
            console.log(options.json ? JSON.stringify(result, null, 2) : sentence);
          }

          async function dryRun(what: typeof kind) {
            if (what === 'boundaries')
              return say(
                { fileName, kind: 'boundaries' },
                `${fileName}: a boundary file; run without --dry-run to add its areas.`,
              );
            const preview =
              what === 'lookup'
                ? await communities.previewLookup(text)
                : await communities.previewDataset(organisation.id, fileName, text, read);
            if (options.json) console.log(JSON.stringify(preview, null, 2));
            else if ('tables' in preview) {
              console.log(
                `${fileName}: ${preview.areaCount} areas (${preview.level ?? 'mixed'}), ${preview.newAreas} new to ${organisation.name}.`,
              );
              for (const table of preview.tables)
                console.log(
                  `  ${table.title} (${table.tableCode ?? 'no table code'}): ${table.classification.title}, ${table.areaCount} areas, ${table.measure === 'percent' ? 'percentages' : 'counts'}.`,
                );
              for (const note of preview.notes) console.log(`  Note: ${note}`);
            } else
              console.log(
                `${fileName}: a lookup of ${preview.areas.length} areas (${preview.levels.join(', ')}).`,
              );
            if (preview.problems.length) {
              console.error(`${preview.problems.length} problems; nothing would be imported:`);
              printProblems(preview.problems);
              process.exitCode = 1;
            } else if (!options.json) console.log('No problems: it can be imported.');
          }
        });
      },
    );

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
