import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CommanderError } from 'commander';
import { buildCli, runCli } from './cli.ts';
import { testConfig, type Config } from './config.ts';
import { connectDatabase } from './db/connect.ts';
import { createServices } from './services.ts';
import { createTestDatabaseConfig } from '../test/helpers/database.ts';
import { sharedFile, SEED_PLAN } from '../test/helpers/shared-data.ts';

let config: Config;
let cleanUp: () => Promise<void>;

beforeAll(async () => {
  const database = await createTestDatabaseConfig();
  config = testConfig({ database: database.config });
  cleanUp = database.cleanUp;
});
afterAll(() => cleanUp());

/** Runs `equalis …` in-process and returns what it printed and its exit code. */
async function equalis(...args: string[]) {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts) => lines.push(parts.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts) => lines.push(parts.join(' ')));
  process.exitCode = undefined;
  try {
    await runCli(['node', 'equalis', ...args], () => config);
    return { output: lines.join('\n'), exitCode: process.exitCode ?? 0 };
  } finally {
    log.mockRestore();
    error.mockRestore();
    process.exitCode = undefined;
  }
}

function helpOf(...path: string[]): string {
  let text = '';
  const program = buildCli(() => config);
  const silence = (command: typeof program) => {
    command
      .exitOverride()
      .configureOutput({ writeOut: (chunk) => (text += chunk), writeErr: (chunk) => (text += chunk) });
    command.commands.forEach(silence);
  };
  silence(program);
  try {
    program.parse(['node', 'equalis', ...path, '--help']);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
  }
  return text;
}

describe('equalis command line', () => {
  it('has --help on every command', () => {
    for (const command of ['serve', 'migrate', 'org', 'user']) expect(helpOf()).toContain(command);
    for (const path of [
      ['serve'],
      ['migrate'],
      ['org', 'add'],
      ['org', 'list'],
      ['user', 'add'],
      ['user', 'reset-password'],
    ]) {
      expect(helpOf(...path), path.join(' ')).toContain(`Usage: equalis ${path.join(' ')}`);
    }
    expect(helpOf('user', 'add')).toContain('--role <role>');
  });

  it('migrates (and says so when there is nothing to do)', async () => {
    expect(await equalis('migrate')).toEqual({ output: 'The schema is already up to date.', exitCode: 0 });
  });

  it('adds an organisation, refusing a duplicate or badly formed short name', async () => {
    expect(await equalis('org', 'add', '--name', 'Northvale Borough Council', '--slug', 'northvale')).toEqual(
      {
        output: 'Created Northvale Borough Council (northvale).',
        exitCode: 0,
      },
    );
    const again = await equalis('org', 'add', '--name', 'Another', '--slug', 'northvale');
    expect(again.exitCode).toBe(1);
    expect(again.output).toContain('already exists');
    expect((await equalis('org', 'list')).output).toContain('northvale\tNorthvale Borough Council');
  });

  it('adds a user with a generated password that signs in, then resets it', async () => {
    const added = await equalis(
      'user',
      'add',
      '--email',
      'Lead@Northvale.test',
      '--name',
      'Lee Lead',
      '--org',
      'northvale',
      '--role',
      'equality_lead',
    );
    expect(added.exitCode).toBe(0);
    const password = /Their password is: (\S+)/.exec(added.output)?.[1];
    expect(password).toBeTruthy();

    // The embedded database has one owner at a time, so open it only between commands.
    const check = async (work: (services: ReturnType<typeof createServices>) => Promise<void>) => {
      const database = await connectDatabase(config.database);
      try {
        await work(createServices(database.db, config));
      } finally {
        await database.close();
      }
    };
    await check(async (services) => {
      expect((await services.auth.signIn('lead@northvale.test', password!, '127.0.0.1')).ok).toBe(true);
    });
    const reset = await equalis('user', 'reset-password', '--email', 'lead@northvale.test');
    const newPassword = /new password is: (\S+)/.exec(reset.output)?.[1];
    expect(newPassword).toBeTruthy();
    await check(async (services) => {
      expect((await services.auth.signIn('lead@northvale.test', password!, '127.0.0.2')).ok).toBe(false);
      expect((await services.auth.signIn('lead@northvale.test', newPassword!, '127.0.0.3')).ok).toBe(true);
      const organisation = await services.organisations.findBySlug('northvale');
      const log = await services.auditLog.page(organisation!.id, {}, 1);
      expect(log.events.map((event) => event.action)).toEqual(
        expect.arrayContaining(['organisation.created', 'member.added', 'user.password_reset']),
      );
      expect(log.events.every((event) => event.actor_label === 'Command line')).toBe(true);
    });
  });

  it('imports a plan: --dry-run --json shows what it read and changes nothing; then it imports', async () => {
    const seed = sharedFile(SEED_PLAN);
    const dry = await equalis('import', 'plan', seed, '--org', 'northvale', '--dry-run', '--json');
    expect(dry.exitCode).toBe(0);
    const report = JSON.parse(dry.output) as {
      dryRun: boolean;
      imported: number;
      actions: {
        reference: string;
        parent: string | null;
        target: { kind: string };
        status: string;
        leads: { name: string }[];
        strands: string[];
        criteria: string[];
      }[];
      problems: unknown[];
    };
    expect(report).toMatchObject({ dryRun: true, imported: 0, problems: [] });
    const byRef = (reference: string) => report.actions.find((action) => action.reference === reference)!;
    expect(report.actions.filter((action) => action.parent === '4.1')).toHaveLength(4);
    expect(byRef('3.5').strands).toHaveLength(5);
    expect(byRef('1.2').leads.map((lead) => lead.name)).toEqual([
      'Jane Harris',
      'Stephen Barker',
      'Tom Rutland',
    ]);
    expect(byRef('2.3a').criteria).toEqual(['3.5', '3.8', '1.10', '2.10', '3.10']);
    expect(byRef('1.1b').status).toBe('completed');
    expect(byRef('1.3').target.kind).toBe('ongoing');

    const real = await equalis('import', 'plan', seed, '--org', 'northvale');
    expect(real.output).toContain(
      'Imported 43 actions into Northvale Borough Council (sub-actions counted, headings that only group them not).',
    );
    const again = await equalis('import', 'plan', seed, '--org', 'northvale');
    expect(again.exitCode).toBe(2);
    expect(again.output).toContain('Nothing was imported');
    const unreadable = await equalis('import', 'plan', 'plan.pdf', '--org', 'northvale');
    expect(unreadable).toMatchObject({
      exitCode: 1,
      output: expect.stringContaining('cannot read .pdf files'),
    });
  });

  it('explains bad arguments without a stack trace', async () => {
    const badRole = await equalis(
      'user',
      'add',
      '--email',
      'x@y.test',
      '--name',
      'X',
      '--org',
      'northvale',
      '--role',
      'king',
    );
    expect(badRole.exitCode).toBe(1);
    const noOrg = await equalis(
      'user',
      'add',
      '--email',
      'x@y.test',
      '--name',
      'X',
      '--org',
      'nowhere',
      '--role',
      'viewer',
    );
    expect(noOrg).toEqual({
      output: 'Error: There is no organisation "nowhere". See: equalis org list',
      exitCode: 1,
    });
    const unknown = await equalis('user', 'reset-password', '--email', 'ghost@y.test');
    expect(unknown.output).toBe('Error: There is no account for ghost@y.test.');
  });
});

describe('equalis framework', () => {
  it('lists, shows, validates and exports definitions', async () => {
    const list = await equalis('framework', 'list');
    expect(list.output).toContain('eflg-2021@2021');
    expect(list.output).toContain('nhs-eds-2022@2022');
    const shown = JSON.parse((await equalis('framework', 'show', 'nhs-eds-2022', '--json')).output);
    expect(shown.criteria).toHaveLength(11);
    const { writeFile } = await import('node:fs/promises');
    const exported = (await equalis('framework', 'export', 'eflg-2021')).output;
    await writeFile('/tmp/equalis-eflg.json', exported);
    expect((await equalis('framework', 'validate', '/tmp/equalis-eflg.json')).output).toContain(
      'valid. Equality Framework for Local Government 2021, 51 criteria',
    );
    await writeFile('/tmp/equalis-bad.json', exported.replace('"level": "developing"', '"level": "basic"'));
    const bad = await equalis('framework', 'validate', '/tmp/equalis-bad.json');
    expect(bad.exitCode).toBe(2);
    expect(bad.output).toContain('level "basic" is not one of developing, achieving, excellent');
    expect((await equalis('framework', 'show', 'nope')).output).toContain('There is no framework "nope"');
  });

  it('loads a definition into an organisation, then lists, shows and exports it from there', async () => {
    const { writeFile } = await import('node:fs/promises');
    await equalis('org', 'add', '--name', 'Framework Testing Council', '--slug', 'framework-testing');
    const official = (await equalis('framework', 'export', 'eflg-2021', '--yaml')).output
      .replace(/^version: "2021"$/m, 'version: 2021-official')
      .replace(/^wording: own-words$/m, 'wording: official');
    await writeFile('/tmp/equalis-official.yaml', official);
    await writeFile('/tmp/equalis-broken.yaml', official.replace(/^levels:/m, 'levels: []\nunused:'));

    const broken = await equalis(
      'framework',
      'load',
      '/tmp/equalis-broken.yaml',
      '--org',
      'framework-testing',
    );
    expect(broken.exitCode).toBe(2);
    expect(broken.output).toContain('Nothing was loaded.');
    expect(
      await equalis('framework', 'load', '/tmp/equalis-official.yaml', '--org', 'framework-testing'),
    ).toEqual({
      output: 'Loaded eflg-2021@2021-official into Framework Testing Council.',
      exitCode: 0,
    });
    const again = await equalis(
      'framework',
      'load',
      '/tmp/equalis-official.yaml',
      '--org',
      'framework-testing',
    );
    expect(again.output).toContain('is already loaded');
    expect(again.exitCode).toBe(1);

    const listed = (await equalis('framework', 'list', '--org', 'framework-testing')).output;
    expect(listed).toMatch(/^eflg-2021@2021-official .*; loaded by Command line\)$/m);
    expect((await equalis('framework', 'list')).output).not.toContain('2021-official');
    // Two versions of eflg-2021 now: the bare id is ambiguous, id@version is not.
    expect((await equalis('framework', 'show', 'eflg-2021', '--org', 'framework-testing')).output).toBe(
      'Error: There is more than one version of the framework "eflg-2021": eflg-2021@2021, eflg-2021@2021-official. Name one.',
    );
    const exported = await equalis(
      'framework',
      'export',
      'eflg-2021@2021-official',
      '--org',
      'framework-testing',
    );
    expect(JSON.parse(exported.output).wording).toBe('official');
    expect((await equalis('framework', 'list', '--org', 'nowhere')).output).toBe(
      'Error: There is no organisation "nowhere". See: equalis org list',
    );
  });

  it('prints the format as a JSON Schema for editors', async () => {
    const schema = JSON.parse((await equalis('framework', 'schema')).output);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('Equalis framework definition');
    expect(schema.required).toEqual(
      expect.arrayContaining(['format', 'id', 'name', 'version', 'levels', 'areas', 'criteria', 'rules']),
    );
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.criteria.items.required).toEqual(['ref', 'area', 'text']);
  });

  it('exports YAML that validates, and names the line of a YAML mistake', async () => {
    const { writeFile } = await import('node:fs/promises');
    const exported = (await equalis('framework', 'export', 'nhs-eds-2022', '--yaml')).output;
    expect(exported).toMatch(/^format: equalis-framework\/1$/m);
    expect(exported).toMatch(/^version: "2022"$/m);
    await writeFile('/tmp/equalis-eds.yaml', exported);
    expect((await equalis('framework', 'validate', '/tmp/equalis-eds.yaml')).output).toContain(
      'valid. NHS Equality Delivery System 2022, 11 criteria',
    );
    await writeFile('/tmp/equalis-eds-bad.yaml', exported.replace(/^name: /m, 'name: [unclosed\nname: '));
    const bad = await equalis('framework', 'validate', '/tmp/equalis-eds-bad.yaml');
    expect(bad.exitCode).toBe(2);
    expect(bad.output).toMatch(/not valid YAML \(line \d+, column \d+\)/);
  });
});

describe('hostile files on the command line', () => {
  it('says what is wrong in one line, never with a stack trace', async () => {
    const { writeFile } = await import('node:fs/promises');
    const { nestedHtml } = await import('../test/helpers/crafted-files.ts');
    await equalis('org', 'add', '--name', 'Hostile Files Council', '--slug', 'hostile-files');
    await writeFile('/tmp/equalis-deep.html', nestedHtml(5000, '<div>', '</div>'));
    const deep = await equalis('import', 'plan', '/tmp/equalis-deep.html', '--org', 'hostile-files');
    expect(deep.exitCode).toBe(1);
    expect(deep.output).toBe(
      "Error: This document has tables or sections nested more than 100 deep, which Equalis cannot read. Copy the plan's table into a new document and try again.",
    );
    await writeFile('/tmp/equalis-alias.yaml', 'format: equalis-framework/1\nid: *nowhere\n');
    const alias = await equalis('framework', 'validate', '/tmp/equalis-alias.yaml');
    expect(alias.exitCode).toBe(2);
    expect(alias.output).not.toMatch(/\n\s+at /);
    expect(alias.output).toMatch(/alias/i);
  });
});

describe('equalis data', () => {
  it('checks, imports and lists community data, and refuses a broken file with its problems', async () => {
    const { writeFile } = await import('node:fs/promises');
    await equalis('org', 'add', '--name', 'Data Testing Council', '--slug', 'data-testing');
    const boundaries = await equalis(
      'data',
      'import',
      sharedFile('data/boundaries/sussex_ltla_2022.geojson'),
      '--org',
      'data-testing',
    );
    expect(boundaries.output).toContain('Added 13 areas from sussex_ltla_2022.geojson');
    const lsoa = sharedFile('data/census/lsoa/sussex_ts021_ethnic_group_lsoa_nomis.csv');
    const dry = await equalis('data', 'import', lsoa, '--org', 'data-testing', '--dry-run');
    expect(dry.output).toContain('sussex_ts021_ethnic_group_lsoa_nomis.csv: 1029 areas (lsoa), 1029 new');
    expect(dry.output).toContain(
      'Ethnic group, Census 2021 (TS021): Ethnic group (5 broad groups), Census 2021, 1029 areas, counts.',
    );
    expect(dry.output).toContain('No problems');
    expect((await equalis('data', 'list', '--org', 'data-testing')).output).toContain(
      'holds no datasets yet',
    );
    const imported = JSON.parse(
      (await equalis('data', 'import', lsoa, '--org', 'data-testing', '--json')).output,
    );
    expect(imported).toMatchObject({ areas: 1029, rolledUpAreas: 13, datasets: [{ version: 1 }] });
    // Coded columns with their metadata table, and a wide file of percentages.
    const coded = await equalis(
      'data',
      'import',
      sharedFile('data/census/oa/ts008_sex_oa_2021_ew.csv'),
      '--org',
      'data-testing',
      '--metadata',
      sharedFile('data/census/oa/ts008_metadata.csv'),
      '--dry-run',
    );
    expect(coded.output).toContain('Sex (TS008): Sex, Census 2021, 188880 areas, counts.');
    const quiz = await equalis(
      'data',
      'import',
      sharedFile('data/census/lad/ons-census-quiz-lad-2021.csv'),
      '--org',
      'data-testing',
      '--format',
      'percentages',
      '--dry-run',
    );
    expect(quiz.output).toContain('Religion, Census 2021, 334 areas, percentages.');
    expect(quiz.output).toMatch(
      /Note: Left out, as no classification of a protected characteristic: .*Marital/,
    );
    expect((await equalis('data', 'list', '--org', 'data-testing')).output).toContain(
      'Ethnic group, Census 2021 (TS021, lsoa), version 1. Office for National Statistics (via Nomis); Open Government Licence v3.0.',
    );
    await writeFile(
      '/tmp/equalis-broken-ts021.csv',
      'Area,Total: All,%,White,%\nE01016924 : Brighton and Hove 001A,10,100,7,70\n',
    );
    const broken = await equalis('data', 'import', '/tmp/equalis-broken-ts021.csv', '--org', 'data-testing');
    expect(broken.exitCode).toBe(1);
    expect(broken.output).toContain('line 2: E01016924: the parts add up to 7, but the total says 10');
    expect(helpOf('data', 'import')).toContain('--dry-run');
    expect(helpOf('data', 'import')).toContain('--metadata <file>');
    expect(helpOf('data', 'import')).toMatch(/--format <format>[\s\S]*numerator-json/);
  });
});

describe('equalis paygap', () => {
  it('loads a year of the GOV.UK register, and refuses a file that is not one', async () => {
    const loaded = await equalis(
      'paygap',
      'register',
      sharedFile('data/paygap/UK Gender Pay Gap Data - 2020 to 2021.csv'),
    );
    expect(loaded.output).toMatch(
      /Loaded the register for the 2020 snapshot: \d+ employers, \d+ of them councils\./,
    );
    const { writeFile } = await import('node:fs/promises');
    await writeFile('/tmp/equalis-not-register.csv', 'a,b\n1,2\n');
    const refused = await equalis('paygap', 'register', '/tmp/equalis-not-register.csv');
    expect(refused.exitCode).toBe(1);
    expect(refused.output).toContain('is not a GOV.UK gender pay gap download');
  });
});
