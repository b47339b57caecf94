import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf, viewerOf } from '../../platform/actor.ts';
import { csvText } from '../../platform/csv.ts';
import {
  formErrors,
  multipartFields,
  ruleMessage,
  ruleProblem,
  submittedVersion,
  uploadedFile,
} from '../../platform/forms.ts';
import { EditConflictError, RuleError } from '../../platform/http-errors.ts';
import { idParam } from '../../platform/ids.ts';
import { createFragmentStore } from '../../platform/rendered-fragments.ts';
import { LEADS } from '../../platform/roles.ts';
import type { LinkedRecordsPanels } from '../../thread/thread.service.ts';
import type { GpgRegisterService } from './gpg-register.service.ts';
import type { WorkforceProfileService } from './workforce-profile.service.ts';
import { JourneyProblemsError, type EmployeeJourneysService } from './employee-journeys.service.ts';
import type { SnapshotRow } from './payroll.repo.ts';
import { PayrollProblemsError, type PayrollService } from './payroll.service.ts';

/** Pay data is the most sensitive the service holds: only the equality lead and administrators see it. */
export const workforceNavigation = [{ href: '/workforce', textKey: 'nav.workforce', roles: LEADS }];

const VIEWS = 'features/workforce/views';

/** Workforce equality: payroll snapshots and their pay gaps (gender, ethnicity, disability). */
export function workforceRoutes(
  app: FastifyInstance,
  {
    payroll,
    gpgRegister,
    workforceProfile,
    employeeJourneys,
    linkedRecords,
  }: {
    linkedRecords: LinkedRecordsPanels;
    payroll: PayrollService;
    gpgRegister: GpgRegisterService;
    workforceProfile: WorkforceProfileService;
    employeeJourneys: EmployeeJourneysService;
  },
): void {
  const access = membersWithRole(LEADS);

  app.get('/workforce', { config: { access } }, async (request, reply) =>
    reply.render(`${VIEWS}/workforce.njk`, {
      title: request.t('workforce.title'),
      snapshots: await payroll.snapshots(organisationIdOf(request)),
      imported: (request.query as Record<string, unknown>).imported !== undefined,
    }),
  );

  const importPage = (request: FastifyRequest, extra: Record<string, unknown> = {}) => ({
    title: request.t('workforce.import.title'),
    backLink: '/workforce',
    values: { day: '31', month: '3', year: String(new Date().getUTCFullYear()) },
    ...extra,
  });

  app.get('/workforce/import', { config: { access } }, async (request, reply) =>
    reply.render(`${VIEWS}/import.njk`, importPage(request)),
  );

  app.post('/workforce/import', { config: { access } }, async (request, reply) => {
    const fields = multipartFields(request.body);
    const values = {
      day: String(fields['snapshotDate-day'] ?? ''),
      month: String(fields['snapshotDate-month'] ?? ''),
      year: String(fields['snapshotDate-year'] ?? ''),
    };
    const again = (fieldErrors: Record<string, string>) =>
      reply.render(
        `${VIEWS}/import.njk`,
        importPage(request, { values, fieldErrors, errors: formErrors(fieldErrors) }),
        400,
      );
    const file = await uploadedFile(request.body);
    if (!file || file.content.length === 0) return again({ file: request.t('workforce.errors.chooseFile') });
    try {
      const id = await payroll.stageUpload(organisationIdOf(request), file, values);
      return reply.redirect(`/workforce/import/${id}`, 303);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return reply.render(
        `${VIEWS}/import.njk`,
        importPage(request, { values, ...ruleProblem(error, request.t) }),
        400,
      );
    }
  });

  const previewPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => ({
    title: request.t('workforce.preview.title'),
    backLink: '/workforce/import',
    preview: await payroll.previewUpload(organisationIdOf(request), idParam(request, 'payrollUploadId')),
    ...extra,
  });

  app.get(
    '/workforce/import/:payrollUploadId',
    { config: { access, resource: 'payrollUpload' } },
    async (request, reply) => reply.render(`${VIEWS}/preview.njk`, await previewPage(request)),
  );

  app.post(
    '/workforce/import/:payrollUploadId',
    { config: { access, resource: 'payrollUpload' } },
    async (request, reply) => {
      try {
        const id = await payroll.importUpload(
          actorOf(request),
          organisationIdOf(request),
          idParam(request, 'payrollUploadId'),
        );
        return reply.redirect(`/workforce/pay-gaps/${id}?imported=1`, 303);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        const message =
          error instanceof PayrollProblemsError
            ? request.t('workforce.errors.fileHasProblems', { count: error.problems.length })
            : ruleMessage(error, request.t);
        return reply.render(
          `${VIEWS}/preview.njk`,
          await previewPage(request, { errors: [{ text: message, href: '#problems' }] }),
          400,
        );
      }
    },
  );

  /** Everything the pay gaps page shows: the figures, the register, the trend and the linked actions. */
  const payGapsPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const organisationId = organisationIdOf(request);
    const report = await payroll.report(organisationId, idParam(request, 'snapshotId'));
    const women = report.gender.report.groups[1]!;
    const [register, trend] = await Promise.all([
      gpgRegister.compare({
        meanGap: women.meanHourlyGap,
        medianGap: women.medianHourlyGap,
        employees: report.snapshot.employees,
        employerName: request.organisation!.name,
      }),
      payroll.trend(organisationId),
    ]);
    const query = request.query as Record<string, unknown>;
    return {
      title: request.t('workforce.payGaps.title', { date: report.snapshot.snapshotDate }),
      backLink: '/workforce',
      ...report,
      register,
      trend,
      panel: await linkedRecords.panel(organisationId, viewerOf(request), [
        { type: 'pay-gap', id: report.snapshot.id },
      ]),
      imported: query.imported !== undefined,
      saved: query.saved !== undefined,
      ...extra,
    };
  };

  app.get(
    '/workforce/pay-gaps/:snapshotId',
    { config: { access, resource: 'payrollSnapshot' } },
    async (request, reply) => reply.render(`${VIEWS}/pay-gaps.njk`, await payGapsPage(request)),
  );

  app.get(
    '/workforce/pay-gaps/:snapshotId/gender-pay-gap.csv',
    { config: { access, resource: 'payrollSnapshot' } },
    async (request, reply) => {
      const { header, values } = await payroll.genderPayGapCsvRow(
        organisationIdOf(request),
        idParam(request, 'snapshotId'),
        request.organisation!.name,
      );
      return reply
        .header('content-disposition', `attachment; filename="gender-pay-gap-${values.at(-1)}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(csvText([values], { header, byteOrderMark: true }));
    },
  );

  // The profile's tables are worked out from every employee row of an immutable snapshot: kept
  // rendered until the snapshot, its area's data or the disclosure policy changes, per language.
  const renderedProfiles = createFragmentStore({ maxEntries: 100, maxBytes: 16 * 1024 * 1024 });

  async function profilePage(
    request: FastifyRequest,
    reply: FastifyReply,
    wantedArea: string | undefined,
    extra: Record<string, unknown> = {},
    statusCode?: number,
  ) {
    const organisationId = organisationIdOf(request);
    const snapshotId = idParam(request, 'snapshotId');
    const organisationName = request.organisation!.name;
    const { snapshot, stamp } = await workforceProfile.snapshotWithStamp(organisationId, snapshotId);
    const key = JSON.stringify([
      organisationId,
      snapshotId,
      snapshot.version,
      wantedArea ?? '',
      organisationName,
      stamp,
      request.locale,
    ]);
    const bodyHtml =
      renderedProfiles.find(key) ??
      renderedProfiles.keep(
        key,
        reply.renderFragment(
          `${VIEWS}/_profile-body.njk`,
          await workforceProfile.profile(organisationId, snapshotId, wantedArea, organisationName),
        ),
      );
    return reply.render(
      `${VIEWS}/profile.njk`,
      {
        title: request.t('workforce.profile.title', { date: snapshot.snapshotDate }),
        backLink: '/workforce',
        snapshot,
        bodyHtml,
        ...extra,
      },
      statusCode,
    );
  }

  app.get(
    '/workforce/profile/:snapshotId',
    { config: { access, resource: 'payrollSnapshot' } },
    async (request, reply) =>
      profilePage(request, reply, (request.query as Record<string, string | undefined>).area),
  );

  app.get(
    '/workforce/profile/:snapshotId/open-innovations.csv',
    { config: { access, resource: 'payrollSnapshot' } },
    async (request, reply) => {
      const csv = await workforceProfile.openInnovationsCsv(
        organisationIdOf(request),
        idParam(request, 'snapshotId'),
        request.organisation!.name,
      );
      return reply
        .header('content-disposition', 'attachment; filename="diversity-data.csv"')
        .type('text/csv; charset=utf-8')
        .send(csv);
    },
  );

  app.post(
    '/workforce/profile/:snapshotId/compare',
    { config: { access, resource: 'payrollSnapshot' } },
    async (request, reply) => {
      const snapshotId = idParam(request, 'snapshotId');
      const file = await uploadedFile(request.body);
      try {
        if (!file || file.content.length === 0)
          throw new RuleError('file', 'workforce.compare.errors.chooseFile');
        const comparison = await workforceProfile.compare(
          organisationIdOf(request),
          snapshotId,
          request.organisation!.name,
          file.content.toString('utf8'),
        );
        return reply.render(`${VIEWS}/compare.njk`, {
          title: request.t('workforce.compare.title'),
          backLink: `/workforce/profile/${snapshotId}`,
          fileName: file.fileName,
          ...comparison,
        });
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return profilePage(request, reply, undefined, ruleProblem(error, request.t), 400);
      }
    },
  );

  const journeysPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => ({
    title: request.t('workforce.journeys.title'),
    backLink: '/workforce',
    journeys: await employeeJourneys.list(organisationIdOf(request)),
    values: {},
    ...extra,
  });

  app.get('/workforce/journeys', { config: { access } }, async (request, reply) =>
    reply.render(`${VIEWS}/journeys.njk`, await journeysPage(request)),
  );

  app.post('/workforce/journeys', { config: { access } }, async (request, reply) => {
    const fields = multipartFields(request.body);
    const values = { title: String(fields.title ?? '') };
    const file = await uploadedFile(request.body);
    try {
      if (!file || file.content.length === 0)
        throw new RuleError('file', 'workforce.journeys.errors.chooseFile');
      const id = await employeeJourneys.import(actorOf(request), organisationIdOf(request), {
        title: values.title,
        fileName: file.fileName,
        text: file.content.toString('utf8'),
      });
      return reply.redirect(`/workforce/journeys/${id}`, 303);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      const problems = error instanceof JourneyProblemsError ? error.problems : [];
      return reply.render(
        `${VIEWS}/journeys.njk`,
        await journeysPage(request, { values, problems, ...ruleProblem(error, request.t) }),
        400,
      );
    }
  });

  app.get(
    '/workforce/journeys/:journeyId',
    { config: { access, resource: 'employeeJourney' } },
    async (request, reply) => {
      const read = await employeeJourneys.read(organisationIdOf(request), idParam(request, 'journeyId'));
      return reply.render(`${VIEWS}/journey.njk`, {
        title: read.journey.title,
        backLink: '/workforce/journeys',
        ...read,
      });
    },
  );

  app.post(
    '/workforce/pay-gaps/:snapshotId/narrative',
    { config: { access, resource: 'payrollSnapshot' } },
    async (request, reply) => {
      const snapshotId = idParam(request, 'snapshotId');
      const body = (request.body ?? {}) as Record<string, unknown>;
      const narrative = String(body.narrative ?? '');
      try {
        await payroll.saveNarrative(
          actorOf(request),
          organisationIdOf(request),
          snapshotId,
          submittedVersion(body),
          narrative,
        );
        return reply.redirect(`/workforce/pay-gaps/${snapshotId}?saved=1#narrative-heading`, 303);
      } catch (error) {
        if (error instanceof EditConflictError) {
          const current = error.current as unknown as SnapshotRow;
          return reply.render(
            'platform/views/conflict.njk',
            {
              title: request.t('errors.conflict.title'),
              rows: [
                {
                  label: request.t('workforce.narrative.label'),
                  yours: narrative,
                  theirs: current.narrative ?? '',
                },
              ],
              editHref: `/workforce/pay-gaps/${snapshotId}#narrative-heading`,
            },
            409,
          );
        }
        if (!(error instanceof RuleError)) throw error;
        const page = await payGapsPage(request, ruleProblem(error, request.t));
        // What was typed is shown again, with the reason it was not saved.
        const snapshot = { ...(page.snapshot as SnapshotRow), narrative };
        return reply.render(`${VIEWS}/pay-gaps.njk`, { ...page, snapshot }, 400);
      }
    },
  );
}
