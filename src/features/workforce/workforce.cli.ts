import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { RuleError } from '../../platform/http-errors.ts';
import type { GpgRegisterService } from './gpg-register.service.ts';

/** `equalis paygap register FILE`: load a year of the GOV.UK gender pay gap register, for every organisation to compare with. */
export function addPayGapCommands(
  program: Command,
  withServices: <T>(work: (services: { gpgRegister: GpgRegisterService }) => Promise<T>) => Promise<T>,
): void {
  const paygap = program.command('paygap').description('Pay gap reference data.');
  paygap
    .command('register')
    .description(
      'Load a year’s download from the GOV.UK gender pay gap service (gender-pay-gap.service.gov.uk), replacing that year if it was loaded before. Every organisation’s pay gap page then shows where it sits among councils.',
    )
    .argument('<file>', 'the CSV, as downloaded')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const text = await readFile(file, 'utf8');
      await withServices(async ({ gpgRegister }) => {
        try {
          const result = await gpgRegister.importYear(text);
          console.log(
            options.json
              ? JSON.stringify(result)
              : `Loaded the register for the ${result.year} snapshot: ${result.employers} employers, ${result.councils} of them councils.`,
          );
        } catch (error) {
          if (!(error instanceof RuleError)) throw error;
          console.error(
            `${file} is not a GOV.UK gender pay gap download (it needs EmployerName, EmployerId, DiffMeanHourlyPercent, DiffMedianHourlyPercent, EmployerSize and DueDate columns).`,
          );
          process.exitCode = 1;
        }
      });
    });
}
