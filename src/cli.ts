import { RuleError } from './platform/http-errors.ts';
import { ruleMessage } from './platform/forms.ts';
import { randomBytes } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { connectDatabase, type DatabaseHandle } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { PasswordPolicyError } from './features/auth/auth.service.ts';
import { passwordMessage } from './features/auth/auth.schema.ts';
import { organisationName, organisationSlug } from './features/organisations/organisations.schema.ts';
import { SlugTakenError } from './features/organisations/organisations.service.ts';
import { COMMAND_LINE_ACTOR } from './platform/audit/audit.ts';
import { isRole, ROLES } from './platform/roles.ts';
import { PortInUseError, serve } from './server.ts';
import { DataDirectoryInUseError } from './db/data-directory-lock.ts';
import { PlanFileError, readPlanFile } from './features/action-plan/plan-files.ts';
import { allActions, parsedStatuses } from './features/action-plan/plan-parser.ts';
import { countableActions } from './features/action-plan/plan-counts.ts';
import {
  isColumnChoice,
  normaliseHeading,
  PLAN_FIELDS,
  type ColumnChoice,
} from './features/action-plan/plan-columns.ts';
import { IMPORT_MODES, isImportMode, type ImportMode } from './features/action-plan/plan-import-changes.ts';
import { ukToday } from './features/action-plan/action-status.ts';
import { createServices, type Services } from './services.ts';
import { addFrameworkCommands, type WithOrganisation } from './features/frameworks/frameworks.cli.ts';
import { addDataCommands } from './features/communities/communities.cli.ts';
import { addPayGapCommands } from './features/workforce/workforce.cli.ts';

/** Problems the operator can fix; printed without a stack trace, exit code 1. */
class UsageError extends Error {}

async function withServices<T>(
  config: Config,
  work: (services: Services, database: DatabaseHandle) => Promise<T>,
) {
  const database = await connectDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    return await work(createServices(database.db, config), database);
  } finally {
    await database.close();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Reads a password from stdin when asked to, otherwise makes a strong one to hand over. */
async function choosePassword(fromStdin: boolean): Promise<{ password: string; generated: boolean }> {
  if (fromStdin) return { password: await readStdin(), generated: false };
  return { password: randomBytes(15).toString('base64url'), generated: true };
}

function parseWith<T>(parse: (value: string) => T) {
  return (value: string) => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}

const slugOption = parseWith((value) => organisationSlug.parse(value));
const nameOption = parseWith((value) => organisationName.parse(value));
const roleOption = (value: string) => {
  if (!isRole(value)) throw new InvalidArgumentError(`must be one of: ${ROLES.join(', ')}`);
  return value;
};

export function buildCli(loadConfigOnce: () => Config = () => loadConfig()): Command {
  const withOrganisation: WithOrganisation<Services> = (slug, work) =>
    withServices(loadConfigOnce(), async (services) => {
      const organisation = await services.organisations.findBySlug(slug);
      if (!organisation) throw new UsageError(`There is no organisation "${slug}". See: equalis org list`);
      return work(services, organisation);
    });

  const program = new Command('equalis')
    .description('Equalis: run a public body’s equality work in one place.')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true });

  program
    .command('serve')
    .description(
      'Start the web service (creates the schema, and the demo organisation unless EQUALIS_DEMO=false).',
    )
    .action(() => serve(loadConfigOnce()));

  program
    .command('migrate')
    .description('Bring the database schema up to date, then exit. Exits non-zero if a migration fails.')
    .action(async () => {
      const config = loadConfigOnce();
      const database = await connectDatabase(config.database);
      try {
        const { applied } = await migrateToLatest(database.db);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is already up to date.');
      } finally {
        await database.close();
      }
    });

  const org = program.command('org').description('Manage organisations (tenants).');
  org
    .command('add')
    .description('Create an organisation.')
    .requiredOption('--name <name>', 'full name, e.g. "Northvale Borough Council"', nameOption)
    .requiredOption('--slug <slug>', 'short name used on the command line, e.g. northvale', slugOption)
    .action(async (options: { name: string; slug: string }) => {
      await withServices(loadConfigOnce(), async (services) => {
        const created = await services.organisations.create(COMMAND_LINE_ACTOR, options);
        console.log(`Created ${created.name} (${created.slug}).`);
      });
    });
  org
    .command('list')
    .description('List organisations.')
    .action(async () => {
      await withServices(loadConfigOnce(), async (services) => {
        for (const item of await services.organisations.list()) console.log(`${item.slug}\t${item.name}`);
      });
    });

  const user = program.command('user').description('Manage people’s accounts.');
  user
    .command('add')
    .description(
      'Add a person to an organisation, creating their account if they have none. Prints a generated password unless --password-stdin is given.',
    )
    .requiredOption('--email <email>', 'their email address')
    .requiredOption('--name <name>', 'their full name')
    .requiredOption('--org <slug>', 'the organisation to add them to', slugOption)
    .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`, roleOption)
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .action(
      async (options: {
        email: string;
        name: string;
        org: string;
        role: (typeof ROLES)[number];
        passwordStdin?: boolean;
      }) => {
        const { password, generated } = await choosePassword(options.passwordStdin ?? false);
        await withOrganisation(options.org, async (services, organisation) => {
          const existing = await services.auth.findUserByEmail(options.email);
          await services.team.addMember(COMMAND_LINE_ACTOR, organisation.id, {
            email: options.email,
            displayName: options.name,
            role: options.role,
            password,
          });
          console.log(`Added ${options.email} to ${organisation.name} as ${options.role}.`);
          if (existing) console.log('They already had an account, so their password is unchanged.');
          else if (generated)
            console.log(`Their password is: ${password}\nAsk them to change it after signing in.`);
        });
      },
    );
  user
    .command('reset-password')
    .description(
      'Set a new password for an account and sign it out everywhere. Prints a generated password unless --password-stdin is given.',
    )
    .requiredOption('--email <email>', 'the account’s email address')
    .option('--password-stdin', 'read the new password from standard input instead of generating one')
    .action(async (options: { email: string; passwordStdin?: boolean }) => {
      const { password, generated } = await choosePassword(options.passwordStdin ?? false);
      await withServices(loadConfigOnce(), async (services) => {
        const updated = await services.auth.resetPassword(COMMAND_LINE_ACTOR, options.email, password);
        if (!updated) throw new UsageError(`There is no account for ${options.email}.`);
        console.log(`Reset the password for ${updated.email} and signed them out everywhere.`);
        if (generated) console.log(`Their new password is: ${password}`);
      });
    });

  const importCommand = program
    .command('import')
    .description('Import records from the files councils already have.');
  importCommand
    .command('plan')
    .description(
      'Import an action plan from Word (.docx), Excel (.xlsx), CSV, HTML or text in the usual council layout. Checks everything first; imports nothing if there is any problem.',
    )
    .argument('<file>', 'the plan file')
    .requiredOption('--org <slug>', 'the organisation whose plan it is', slugOption)
    .option('--dry-run', 'check and show what would be imported, change nothing')
    .option(
      '--mode <mode>',
      'when the plan already has actions: update (match by reference, add new, withdraw gone), replace (withdraw all, add the file), or add',
      (value: string) => {
        if (!isImportMode(value))
          throw new InvalidArgumentError(`must be one of: ${IMPORT_MODES.join(', ')}`);
        return value;
      },
      'add',
    )
    .option('--json', 'print the columns as read, the parsed actions and the problems as JSON')
    .option(
      '--map <heading=field>',
      `read a column as a field, e.g. --map "What we will do=action" (repeatable). Fields: ${[...PLAN_FIELDS, 'ignore'].join(', ')}`,
      (value: string, previous: Map<string, ColumnChoice> = new Map()) => {
        const at = value.lastIndexOf('=');
        const choice = value.slice(at + 1).trim();
        if (at < 0 || !isColumnChoice(choice))
          throw new InvalidArgumentError(
            `write it as "Heading=field", where field is one of ${[...PLAN_FIELDS, 'ignore'].join(', ')}`,
          );
        return new Map(previous).set(normaliseHeading(value.slice(0, at)), choice);
      },
    )
    .action(
      async (
        file: string,
        options: {
          org: string;
          dryRun?: boolean;
          json?: boolean;
          map?: Map<string, ColumnChoice>;
          mode: ImportMode;
        },
      ) => {
        await withOrganisation(options.org, async (services, organisation) => {
          const remembered = await services.actionPlan.columnChoices(organisation.id);
          const { parsed, fileName, format } = await readPlanFile(
            file,
            new Map([...remembered, ...(options.map ?? [])]),
          );
          const actions = allActions(parsed);
          const statuses = parsedStatuses(parsed, ukToday(new Date()));
          const result = options.dryRun
            ? { imported: 0, changed: 0, withdrawn: 0, problems: parsed.problems }
            : await services.actionPlan.importDirect(
                COMMAND_LINE_ACTOR,
                organisation.id,
                fileName,
                parsed,
                options.mode,
              );
          if (options.json) {
            console.log(
              JSON.stringify(
                {
                  title: parsed.title,
                  version: parsed.versionLabel,
                  format,
                  columns: (parsed.columns ?? []).map((table) =>
                    table.map((column) => ({
                      heading: column.heading,
                      readAs: column.field,
                      basis: column.basis,
                      firstValues: column.samples,
                    })),
                  ),
                  notices: parsed.notices ?? [],
                  dryRun: options.dryRun ?? false,
                  imported: result.imported,
                  areas: parsed.areas.map((area) => ({
                    title: area.title,
                    description: area.description,
                    criteriaHeading: area.criteriaHeading,
                  })),
                  actions: actions.map((action) => ({
                    reference: action.reference,
                    parent: action.parentReference,
                    area: parsed.areas.find((area) => area.actions.includes(action))?.title ?? null,
                    text: action.text,
                    target: action.target,
                    status: statuses.get(action.reference),
                    leads: action.leads,
                    criteria: action.criteria,
                    strands: action.strands,
                    linkedTo: action.linkedTo,
                    line: action.line,
                  })),
                  problems: result.problems,
                },
                null,
                2,
              ),
            );
          } else {
            console.log(
              `${fileName}: ${countableActions(actions).length} actions in ${parsed.areas.length} areas, ${result.problems.length} problems.`,
            );
            for (const table of parsed.columns ?? [])
              console.log(
                `  columns: ${table.map((column) => `${column.heading || '(no heading)'} → ${column.field ?? 'not used'}`).join(' | ')}`,
              );
            for (const notice of parsed.notices ?? []) console.log(`  ${notice}`);
            for (const problem of result.problems) {
              console.log(
                `  ${problem.where ?? `line ${problem.line}`}${problem.reference ? ` (${problem.reference})` : ''}: ${problem.message}`,
              );
            }
            if (options.dryRun) console.log('Dry run: nothing was imported.');
            else if (result.problems.length > 0)
              console.log('Nothing was imported. Fix the problems and run the command again.');
            else if (options.mode === 'add')
              console.log(
                `Imported ${result.imported} actions into ${organisation.name} (sub-actions counted, headings that only group them not).`,
              );
            else
              console.log(
                `Updated the plan of ${organisation.name}: ${result.imported} added, ${result.changed} changed, ${result.withdrawn} withdrawn.`,
              );
          }
          if (result.problems.length > 0) process.exitCode = 2;
        });
      },
    );

  addFrameworkCommands(program, withOrganisation);
  addDataCommands(program, withOrganisation);
  addPayGapCommands(program, (work) => withServices(loadConfigOnce(), (services) => work(services)));
  return program;
}

/** Runs the CLI; turns expected failures into a one-line message and a non-zero exit code. */
export async function runCli(argv: string[], loadConfigOnce?: () => Config): Promise<void> {
  try {
    await buildCli(loadConfigOnce).parseAsync(argv);
  } catch (error) {
    if (error instanceof PasswordPolicyError) console.error(`Error: ${passwordMessage(error.problem)}`);
    // A service's refusal is a locale key: the command line words it in English.
    else if (error instanceof RuleError) console.error(`Error: ${ruleMessage(error)}`);
    else if (
      error instanceof UsageError ||
      error instanceof PlanFileError ||
      error instanceof ConfigError ||
      error instanceof SlugTakenError ||
      error instanceof DataDirectoryInUseError ||
      error instanceof PortInUseError
    ) {
      console.error(`Error: ${error.message}`);
    } else {
      console.error(error);
    }
    process.exitCode = 1;
  }
}
