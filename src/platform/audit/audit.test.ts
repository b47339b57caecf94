import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { changedFields, COMMAND_LINE_ACTOR } from './audit.ts';

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'audited');
});
afterAll(() => app.close());

async function countEvents(organisationId: string): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from audit_events where organisation_id = ${organisationId}`.execute(app.db);
  return rows[0]!.n;
}

describe('audit events', () => {
  it('are written in the same transaction as the change: if the change fails, no event remains', async () => {
    const before = await countEvents(org.organisation.id);
    await expect(
      app.db.transaction().execute(async (trx) => {
        await app.services.audit(trx, COMMAND_LINE_ACTOR, {
          organisationId: org.organisation.id,
          action: 'test.change',
          entityType: 'test',
          summary: 'A change that will fail after being audited',
        });
        throw new Error('the change itself failed');
      }),
    ).rejects.toThrow('the change itself failed');
    expect(await countEvents(org.organisation.id)).toBe(before);
  });

  it('and if the audit write fails, the change does not happen', async () => {
    const current = await app.services.organisations.get(org.organisation.id);
    const broken = { ...app.services };
    await expect(
      app.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('organisations')
          .set({ name: 'Should not stick' })
          .where('id', '=', current.id)
          .execute();
        // An audit record for an organisation that does not exist violates the foreign key.
        await broken.audit(trx, COMMAND_LINE_ACTOR, {
          organisationId: '00000000-0000-4000-8000-000000000000',
          action: 'test.change',
          entityType: 'test',
          summary: 'x',
        });
      }),
    ).rejects.toThrow();
    expect((await app.services.organisations.get(org.organisation.id)).name).toBe(current.name);
  });

  it('filter by who, what and when, and the page counts agree with plain SQL', async () => {
    for (let i = 0; i < 55; i += 1) {
      await app.db.transaction().execute((trx) =>
        app.services.audit(
          trx,
          { userId: org.users.equality_lead.id, label: 'Lead' },
          {
            organisationId: org.organisation.id,
            action: i % 2 ? 'test.odd' : 'test.even',
            entityType: 'test',
            summary: `Bulk change number ${i}`,
          },
        ),
      );
    }
    const admin = await app.clientFor(org.users.admin.id, org.organisation.id);
    const all = await admin.get('/audit');
    const total = await countEvents(org.organisation.id);
    expect(pageText(all.body)).toContain(`${total} changes`);
    expect(pageText(all.body)).toContain('Page 1 of 2');

    const odd = await admin.get(`/audit?action=test.odd&actor=${org.users.equality_lead.id}`);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from audit_events
       where organisation_id = ${org.organisation.id} and action = 'test.odd' and actor_user_id = ${org.users.equality_lead.id}`.execute(
      app.db,
    );
    expect(rows[0]!.n).toBe(27);
    expect(pageText(odd.body)).toContain('27 changes');

    const future = await admin.get('/audit?from=2999-01-01');
    expect(pageText(future.body)).toContain('0 changes');
    const bad = await admin.get('/audit?from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(pageText(bad.body)).toContain('Enter a real date');
  });

  it('show before and after on the detail page', async () => {
    const admin = await app.clientFor(org.users.admin.id, org.organisation.id);
    const current = await app.services.organisations.get(org.organisation.id);
    await app.services.organisations.updateSettings(
      COMMAND_LINE_ACTOR,
      org.organisation.id,
      current.version,
      {
        name: 'Audited District Council',
        brandColour: null,
      },
    );
    const { events } = await app.services.auditLog.page(
      org.organisation.id,
      { action: 'organisation.settings_changed' },
      1,
    );
    const detail = await admin.get(`/audit/${events[0]!.id}`);
    const text = pageText(detail.body);
    expect(text).toContain('audited council');
    expect(text).toContain('Audited District Council');
    expect(text).toContain('Command line');
  });
});

describe('changedFields', () => {
  it('marks exactly the fields whose values differ', () => {
    expect(changedFields({ a: 1, b: 'x' }, { a: 1, b: 'y', c: true })).toEqual([
      { field: 'a', before: 1, after: 1, changed: false },
      { field: 'b', before: 'x', after: 'y', changed: true },
      { field: 'c', before: undefined, after: true, changed: true },
    ]);
  });
});
