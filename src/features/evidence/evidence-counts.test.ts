import fc from 'fast-check';
import { THE_SYSTEM } from '../../platform/roles.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { COMMAND_LINE_ACTOR } from '../../platform/audit/audit.ts';
import { isStale } from './evidence-review.ts';

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'counting');
});
afterAll(() => app.close());

const TODAY = '2026-11-22';
const REFS = ['1.1.1', '1.1.2', '1.2.1', '2.1.1', '2.3.2'];

/** An item: its review date (or none), whether it is withdrawn, and which criteria it supports. */
const itemArbitrary = fc.record({
  reviewDate: fc.option(fc.constantFrom('2020-01-31', '2026-11-21', TODAY, '2026-11-23', '2099-12-31'), {
    nil: null,
  }),
  withdrawn: fc.boolean(),
  refs: fc.uniqueArray(fc.constantFrom(...REFS), { maxLength: REFS.length }),
});

describe('evidence counts per criterion', () => {
  it('agree with counting the links one by one, whatever the review dates and withdrawals', async () => {
    const { evidence } = app.services;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(itemArbitrary, { maxLength: 8 }), async (items) => {
        // Each run starts with no links, so earlier runs' items support nothing.
        run += 1;
        const frameworkId = 'eflg-2021';
        await app.db
          .deleteFrom('record_links')
          .where('organisation_id', '=', org.organisation.id)
          .where('from_type', '=', 'evidence')
          .execute();
        for (const [index, item] of items.entries()) {
          const id = await evidence.create(
            COMMAND_LINE_ACTOR,
            org.organisation.id,
            {
              title: `Item ${run}.${index}`,
              kind: 'link',
              url: 'https://council.example.gov.uk/evidence',
              record: null,
              description: null,
              ownerUserId: null,
              evidenceDate: null,
              reviewDate: item.reviewDate,
              strands: [],
            },
            null,
            null,
          );
          for (const criterionRef of item.refs)
            await evidence.link(COMMAND_LINE_ACTOR, org.organisation.id, id, { frameworkId, criterionRef });
          if (item.withdrawn)
            await evidence.withdraw(COMMAND_LINE_ACTOR, THE_SYSTEM, org.organisation.id, id, 1, 'Test');
        }
        const counted = await evidence.linkCounts(org.organisation.id, frameworkId, TODAY);
        const links = await evidence.forFramework(org.organisation.id, frameworkId);
        for (const ref of REFS) {
          const expected = items.filter((item) => !item.withdrawn && item.refs.includes(ref));
          const row = counted.find((count) => count.criterionRef === ref);
          expect(row?.evidence ?? 0).toBe(expected.length);
          expect(row?.current ?? 0).toBe(expected.filter((item) => !isStale(item.reviewDate, TODAY)).length);
          expect(links.filter((link) => link.criterionRef === ref)).toHaveLength(expected.length);
        }
        const stale = await evidence.staleForFramework(org.organisation.id, frameworkId, TODAY);
        expect(stale.every((link) => isStale(link.reviewDate, TODAY))).toBe(true);
        expect(stale).toHaveLength(links.filter((link) => isStale(link.reviewDate, TODAY)).length);
      }),
      { numRuns: 15 },
    );
  });
});
