import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig, type MailConfig } from '../../config.ts';
import type { Db } from '../../db/connect.ts';
import { createServices } from '../../services.ts';
import {
  addTestUser,
  createTestOrganisation,
  type TestOrganisation,
} from '../../../test/helpers/fixtures.ts';
import { createTestDatabase } from '../../../test/helpers/database.ts';
import { blocksFromText } from '../action-plan/plan-blocks.ts';
import { parsePlan } from '../action-plan/plan-parser.ts';
import { buildDigests } from './reminder-digest.ts';

// 1 March 2027: "January 2027" is overdue, "March 2027" is due soon, "December 2027" is not yet.
const NOW = new Date('2027-03-01T09:00:00Z');
const now = () => NOW;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let org: TestOrganisation;

interface Received {
  to: string[];
  raw: string;
}

/** Mail bodies travel quoted-printable (soft line breaks, =XX bytes); read them as a client would. */
function decodeQuotedPrintable(raw: string): string {
  const bytes = raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** A real SMTP server on a loopback port that keeps what it is sent (or refuses recipients). */
async function startSmtpSink(options: { refuse?: boolean } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, session, callback) {
      callback(options.refuse ? new Error('Mailbox unavailable') : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: decodeQuotedPrintable(Buffer.concat(chunks).toString('utf8')),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    received,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function servicesWith(
  mail: MailConfig,
  log: (details: Record<string, unknown>, message: string) => void = () => {},
) {
  return createServices(
    database.db as Db,
    testConfig({ mail, publicUrl: 'https://equalis.example.gov.uk' }),
    now,
    log,
  );
}

/** An organisation whose only lead officer has one overdue action (January 2027). */
async function organisationWithLateAction(slug: string, displayName: string) {
  const setup = servicesWith({ kind: 'log' });
  const other = await createTestOrganisation(database.db, setup, slug);
  const organisationId = other.organisation.id;
  const lead = await addTestUser(database.db, organisationId, 'contributor', `lead@${slug}.test`);
  await database.db
    .updateTable('users')
    .set({ display_name: displayName })
    .where('id', '=', lead.id)
    .execute();
  const plan = [
    'Area',
    '\tAction\tCompletion Date\tLead Officer/s\tEFLG\tStrand',
    `1.1\tLate\tJanuary 2027\t${displayName}\t1.1\tAll`,
  ].join('\n');
  await setup.actionPlan.importDirect(
    { userId: null, label: 'T' },
    organisationId,
    'p',
    parsePlan(blocksFromText(plan)),
  );
  return organisationId;
}

let priya: { id: string; email: string };
let tom: { id: string; email: string };

beforeAll(async () => {
  database = await createTestDatabase();
  const setup = servicesWith({ kind: 'log' });
  org = await createTestOrganisation(database.db, setup, 'reminders');
  priya = await addTestUser(database.db, org.organisation.id, 'equality_lead', 'priya@reminders.test');
  tom = await addTestUser(database.db, org.organisation.id, 'contributor', 'tom@reminders.test');
  await database.db
    .updateTable('users')
    .set({ display_name: 'Priya Shah' })
    .where('id', '=', priya.id)
    .execute();
  await database.db
    .updateTable('users')
    .set({ display_name: 'Tom Evans' })
    .where('id', '=', tom.id)
    .execute();
  const plan = [
    'Area',
    '\tAction\tCompletion Date\tLead Officer/s\tEFLG\tStrand',
    '1.1\tPublish the equality profile\tJanuary 2027\tPriya Shah\t1.1\tAll',
    '1.2\tAgree the data-sharing protocol\tMarch 2027\tPriya Shah/ Tom Evans\t1.3\tAll',
    '1.3\tReview the housing register\tDecember 2027\tTom Evans\t1.4\tR',
    '1.4\tTrain managers\tCompleted\tTom Evans\t2.1\tAll',
  ].join('\n');
  const result = await setup.actionPlan.importDirect(
    { userId: null, label: 'Test' },
    org.organisation.id,
    'plan',
    parsePlan(blocksFromText(plan)),
  );
  expect(result.problems).toEqual([]);
});
afterAll(() => database.close());

describe('reminder digests', () => {
  it('go to each lead officer with their overdue and soon-due actions, and to nobody else', () => {
    const digests = buildDigests(
      [
        {
          id: 'a',
          reference: '1.1',
          text: 'Overdue thing',
          targetText: 'January 2027',
          targetEnd: '2027-01-31',
          status: 'overdue',
          leads: [{ userId: 'p' }],
          children: [],
        },
        {
          id: 'b',
          reference: '1.2',
          text: 'Soon thing',
          targetText: 'March 2027',
          targetEnd: '2027-03-31',
          status: 'at_risk',
          leads: [{ userId: 'p' }, { userId: 't' }],
          children: [],
        },
        {
          id: 'c',
          reference: '1.3',
          text: 'Later thing',
          targetText: 'December 2027',
          targetEnd: '2027-12-31',
          status: 'not_started',
          leads: [{ userId: 'q' }],
          children: [],
        },
      ],
      [
        { userId: 'p', email: 'p@x.test', displayName: 'P' },
        { userId: 't', email: 't@x.test', displayName: 'T', language: 'cy' },
        { userId: 'q', email: 'q@x.test', displayName: 'Q' },
      ],
      '2027-03-01',
      { organisationName: 'Test Council', planUrl: 'https://e.test/plan?lead=me' },
    );
    expect(digests.map((d) => [d.person.email, d.subject])).toEqual([
      ['p@x.test', 'Equality actions: 1 overdue and 1 due soon'],
      // T chose Welsh for the service, so T's digest is in Welsh.
      ['t@x.test', 'Camau gweithredu cydraddoldeb: 1 yn ddyledus cyn bo hir'],
    ]);
    expect(digests[0]!.body).toContain('- 1.1: Overdue thing (target: January 2027)');
    expect(digests[1]!.body).toContain('Annwyl T,');
    expect(digests[1]!.body).toContain('- 1.2: Soon thing (targed: March 2027)');
  });

  it('are sent over SMTP in a real SMTP conversation, once a day however often the job runs', async () => {
    const sink = await startSmtpSink();
    const services = servicesWith({ kind: 'smtp', url: sink.url, from: 'Equalis <equalis@reminders.test>' });
    try {
      const run = await services.reminders.sendFor(org.organisation.id);
      expect(run.sent.sort()).toEqual(['priya@reminders.test', 'tom@reminders.test']);
      expect(sink.received).toHaveLength(2);
      const toPriya = sink.received.find((message) => message.to.includes('priya@reminders.test'))!;
      expect(toPriya.raw).toContain('Subject: Equality actions: 1 overdue and 1 due soon');
      expect(toPriya.raw).toContain('1.1: Publish the equality profile (target: January 2027)');
      expect(toPriya.raw).toContain('https://equalis.example.gov.uk/plan?lead=me');
      const toTom = sink.received.find((message) => message.to.includes('tom@reminders.test'))!;
      expect(toTom.raw).not.toContain('Review the housing register'); // December: not due soon
      expect(toTom.raw).not.toContain('Train managers'); // completed

      const again = await services.reminders.sendFor(org.organisation.id);
      expect(again.sent).toEqual([]);
      expect(again.alreadySent.sort()).toEqual(['priya@reminders.test', 'tom@reminders.test']);
      expect(sink.received).toHaveLength(2);
    } finally {
      await sink.close();
    }
  });

  it('are tried again on the next run when the mail server refuses them', async () => {
    const organisationId = await organisationWithLateAction('refused', 'Lee Lead');

    const refusing = await startSmtpSink({ refuse: true });
    const failed = await servicesWith({
      kind: 'smtp',
      url: refusing.url,
      from: 'equalis@x.test',
    }).reminders.sendFor(organisationId);
    await refusing.close();
    expect(failed.failed.map((f) => f.email)).toEqual(['lead@refused.test']);

    const working = await startSmtpSink();
    const retried = await servicesWith({
      kind: 'smtp',
      url: working.url,
      from: 'equalis@x.test',
    }).reminders.sendFor(organisationId);
    await working.close();
    expect(retried.sent).toEqual(['lead@refused.test']);
  });

  it('are sent through GOV.UK Notify when it is configured', async () => {
    const requests: { path: string; authorization: string; body: Record<string, unknown> }[] = [];
    // Speaks the Notify API's email endpoint on loopback, as the official client expects.
    const notify = http.createServer((request, response) => {
      let data = '';
      request.on('data', (chunk) => (data += chunk));
      request.on('end', () => {
        requests.push({
          path: request.url ?? '',
          authorization: request.headers.authorization ?? '',
          body: JSON.parse(data),
        });
        response
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id: 'a2c4f5e8-0000-4000-8000-000000000001' }));
      });
    });
    await new Promise<void>((resolve) => notify.listen(0, '127.0.0.1', resolve));
    const { port } = notify.address() as AddressInfo;
    const organisationId = await organisationWithLateAction('notified', 'Nia Lead');
    try {
      const services = servicesWith({
        kind: 'notify',
        baseUrl: `http://127.0.0.1:${port}`,
        apiKey: 'equalis_test-11111111-1111-4111-8111-111111111111-22222222-2222-4222-8222-222222222222',
        templateId: '33333333-3333-4333-8333-333333333333',
      });
      const run = await services.reminders.sendFor(organisationId);
      expect(run.sent).toEqual(['lead@notified.test']);
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({
        path: '/v2/notifications/email',
        body: {
          email_address: 'lead@notified.test',
          template_id: '33333333-3333-4333-8333-333333333333',
          personalisation: { subject: 'Equality actions: 1 overdue' },
        },
      });
      expect(requests[0]!.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/); // a signed JWT
    } finally {
      await new Promise<void>((resolve) => notify.close(() => resolve()));
    }
  });

  it('are written to the log when no email service is configured', async () => {
    const organisationId = await organisationWithLateAction('logged', 'Lou Lead');
    const logged: { details: Record<string, unknown>; message: string }[] = [];
    const services = servicesWith({ kind: 'log' }, (details, message) => logged.push({ details, message }));
    const run = await services.reminders.sendFor(organisationId);
    expect(run.sent).toEqual(['lead@logged.test']);
    expect(logged).toEqual([
      {
        message: 'email not sent: no email service is configured',
        details: expect.objectContaining({ to: 'lead@logged.test', subject: 'Equality actions: 1 overdue' }),
      },
    ]);
  });
});
