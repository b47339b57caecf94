import type { FastifyInstance, FastifyRequest } from 'fastify';
import { membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf, viewerOf } from '../../platform/actor.ts';
import { multipartFields, ruleProblem, uploadedFile } from '../../platform/forms.ts';
import { RuleError } from '../../platform/http-errors.ts';
import { idParam } from '../../platform/ids.ts';
import { LEADS, STAFF } from '../../platform/roles.ts';
import { barChart } from '../communities/bar-chart.ts';
import type { LinkedRecordsPanels } from '../../thread/thread.service.ts';
import { MonitoringProblemsError, type MonitoringService } from './monitoring.service.ts';
import { answersOf, BANK_VERSION, QUESTION_BANK } from './question-bank.ts';

export const monitoringNavigation = [{ href: '/monitoring', textKey: 'nav.monitoring', roles: STAFF }];

const VIEWS = 'features/monitoring/views';

/**
 * Service-user monitoring: the services, where the gaps are, the question bank, importing a
 * period's file, and a service's users against its catchment's population.
 */
export function monitoringRoutes(
  app: FastifyInstance,
  { monitoring, linkedRecords }: { monitoring: MonitoringService; linkedRecords: LinkedRecordsPanels },
): void {
  const readers = { access: membersWithRole(STAFF) };
  const leads = { access: membersWithRole(LEADS) };

  app.get('/monitoring', { config: readers }, async (request, reply) => {
    const organisationId = organisationIdOf(request);
    const [services, gaps] = await Promise.all([
      monitoring.services(organisationId),
      monitoring.gaps(organisationId),
    ]);
    return reply.render(`${VIEWS}/monitoring.njk`, {
      title: request.t('monitoring.title'),
      services,
      gaps,
      canManage: LEADS.includes(request.organisation!.role),
      added: (request.query as Record<string, unknown>).added !== undefined,
    });
  });

  app.get('/monitoring/questions', { config: readers }, async (request, reply) =>
    reply.render(`${VIEWS}/questions.njk`, {
      title: request.t('monitoring.bank.title'),
      backLink: '/monitoring',
      version: BANK_VERSION,
      questions: QUESTION_BANK.map((question) => ({ ...question, allAnswers: answersOf(question) })),
    }),
  );

  const newServicePage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => ({
    title: request.t('monitoring.newService.title'),
    backLink: '/monitoring',
    areas: await monitoring.catchmentChoices(organisationIdOf(request)),
    values: {},
    ...extra,
  });

  app.get('/monitoring/services/new', { config: leads }, async (request, reply) =>
    reply.render(`${VIEWS}/new-service.njk`, await newServicePage(request)),
  );

  app.post('/monitoring/services', { config: leads }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { name: String(body.name ?? ''), catchmentAreaCode: String(body.catchmentAreaCode ?? '') };
    try {
      const id = await monitoring.createService(actorOf(request), organisationIdOf(request), values);
      return reply.redirect(`/monitoring/services/${id}/import?added`, 303);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return reply.render(
        `${VIEWS}/new-service.njk`,
        await newServicePage(request, { values, ...ruleProblem(error, request.t) }),
        400,
      );
    }
  });

  app.get(
    '/monitoring/services/:serviceId',
    { config: { ...readers, resource: 'monitoredService' } },
    async (request, reply) => {
      const organisationId = organisationIdOf(request);
      const serviceId = idParam(request, 'serviceId');
      const report = await monitoring.report(organisationId, serviceId);
      const query = request.query as Record<string, string | undefined>;
      const asked = report.comparisons.map((comparison) => comparison.questionId);
      const rows = asked.includes(query.rows ?? '') ? query.rows! : asked[0];
      const columns = asked.includes(query.columns ?? '') ? query.columns! : asked.find((id) => id !== rows);
      const crossed =
        report.latest && rows && columns && rows !== columns
          ? await monitoring.crossed(organisationId, serviceId, report.latest.id, rows, columns)
          : null;
      return reply.render(`${VIEWS}/service.njk`, {
        title: report.service.name,
        backLink: '/monitoring',
        ...report,
        crossed,
        crossChoice: { rows, columns },
        charts: report.comparisons.map((comparison) =>
          barChart({
            bars: comparison.rows.map((row) => ({
              label: row.label,
              value: row.share,
              comparator: row.populationShare,
            })),
            valueName: report.service.name,
            comparatorName: comparison.comparedWith,
            hiddenText: request.t('communities.profile.hidden'),
          }),
        ),
        questionText: (id: string) => QUESTION_BANK.find((question) => question.id === id)?.text ?? id,
        canManage: LEADS.includes(request.organisation!.role),
        imported: query.imported !== undefined,
        panel: await linkedRecords.panel(organisationId, viewerOf(request), [
          { type: 'monitored-service', id: serviceId },
        ]),
      });
    },
  );

  const importPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const report = await monitoring.report(organisationIdOf(request), idParam(request, 'serviceId'));
    return {
      title: request.t('monitoring.import.title', { service: report.service.name }),
      backLink: `/monitoring/services/${report.service.id}`,
      service: report.service,
      periods: report.periods,
      values: {},
      added: (request.query as Record<string, unknown>).added !== undefined,
      ...extra,
    };
  };

  app.get(
    '/monitoring/services/:serviceId/import',
    { config: { ...leads, resource: 'monitoredService' } },
    async (request, reply) => reply.render(`${VIEWS}/import.njk`, await importPage(request)),
  );

  app.post(
    '/monitoring/services/:serviceId/import',
    { config: { ...leads, resource: 'monitoredService' } },
    async (request, reply) => {
      const serviceId = idParam(request, 'serviceId');
      const fields = multipartFields(request.body);
      const values = { period: String(fields.period ?? '') };
      const file = await uploadedFile(request.body);
      try {
        if (!file || file.content.length === 0) throw new RuleError('file', 'monitoring.errors.chooseFile');
        await monitoring.importPeriod(actorOf(request), organisationIdOf(request), serviceId, {
          period: values.period,
          fileName: file.fileName,
          content: file.content,
        });
        return reply.redirect(`/monitoring/services/${serviceId}?imported`, 303);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        const problems = error instanceof MonitoringProblemsError ? error.problems : [];
        return reply.render(
          `${VIEWS}/import.njk`,
          await importPage(request, { values, problems, ...ruleProblem(error, request.t) }),
          400,
        );
      }
    },
  );
}
