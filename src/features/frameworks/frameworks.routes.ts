import type { FastifyInstance, FastifyRequest } from 'fastify';
import { membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf } from '../../platform/actor.ts';
import { formErrors, ruleMessage, uploadedFile } from '../../platform/forms.ts';
import { RuleError } from '../../platform/http-errors.ts';
import { ADMINS, LEADS, STAFF } from '../../platform/roles.ts';
import type { FrameworksService } from './frameworks.service.ts';
import { areaNames } from './framework-definition.ts';
import { writeDefinitionText } from './framework-file.ts';
import { criteriaByArea } from './framework-levels.ts';

export const frameworksNavigation = [{ href: '/frameworks', textKey: 'nav.frameworks', roles: STAFF }];

function keyParam(request: FastifyRequest): string {
  return String((request.params as Record<string, string>).definitionKey ?? '');
}

export function frameworksRoutes(
  app: FastifyInstance,
  { frameworks }: { frameworks: FrameworksService },
): void {
  app.get('/frameworks', { config: { access: membersWithRole(STAFF) } }, async (request, reply) =>
    reply.render('features/frameworks/views/list.njk', {
      title: request.t('frameworks.page.frameworks'),
      catalogue: await frameworks.catalogue(organisationIdOf(request)),
      canImport: ADMINS.includes(request.organisation!.role),
      canStart: LEADS.includes(request.organisation!.role),
    }),
  );

  app.get('/frameworks/import', { config: { access: membersWithRole(ADMINS) } }, async (request, reply) =>
    reply.render('features/frameworks/views/import.njk', {
      title: request.t('frameworks.page.loadAFrameworkDefinition'),
      backLink: '/frameworks',
    }),
  );

  app.post('/frameworks/import', { config: { access: membersWithRole(ADMINS) } }, async (request, reply) => {
    const fail = (fieldErrors: Record<string, string>, problems: string[] = []) =>
      reply.render(
        'features/frameworks/views/import.njk',
        {
          title: request.t('frameworks.page.loadAFrameworkDefinition'),
          backLink: '/frameworks',
          errors: formErrors(fieldErrors),
          fieldErrors,
          problems,
        },
        400,
      );
    const file = await uploadedFile(request.body);
    if (!file) return fail({ file: request.t('frameworks.page.chooseFile') });
    try {
      const result = await frameworks.importText(
        actorOf(request),
        organisationIdOf(request),
        file.content.toString('utf8'),
      );
      if (!result.ok)
        return fail(
          {
            file: `${file.fileName} is not a valid framework definition: ${result.problems.length === 1 ? 'there is 1 problem' : `there are ${result.problems.length} problems`}, listed below`,
          },
          result.problems,
        );
      return reply.redirect(`/frameworks/${encodeURIComponent(result.key)}`, 303);
    } catch (error) {
      if (error instanceof RuleError) return fail({ file: ruleMessage(error, request.t) });
      throw error;
    }
  });

  app.get('/frameworks/compare', { config: { access: membersWithRole(STAFF) } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const organisationId = organisationIdOf(request);
    const catalogue = await frameworks.catalogue(organisationId);
    const compared =
      query.from && query.to ? await frameworks.compare(organisationId, query.from, query.to) : null;
    return reply.render('features/frameworks/views/compare.njk', {
      title: request.t('frameworks.page.compareTwoFrameworkDefinitions'),
      catalogue,
      values: query,
      compared,
      backLink: '/frameworks',
    });
  });

  app.get(
    '/frameworks/:definitionKey',
    { config: { access: membersWithRole(STAFF), resource: 'frameworkDefinition' } },
    async (request, reply) => {
      const entry = await frameworks.find(organisationIdOf(request), keyParam(request));
      return reply.render('features/frameworks/views/show.njk', {
        title: `${entry.definition.name} ${entry.definition.version}`,
        entry,
        definition: entry.definition,
        names: areaNames(entry.definition),
        grouped: criteriaByArea(entry.definition),
        canStart: LEADS.includes(request.organisation!.role),
        backLink: '/frameworks',
      });
    },
  );

  app.get(
    '/frameworks/:definitionKey/export',
    { config: { access: membersWithRole(STAFF), resource: 'frameworkDefinition' } },
    async (request, reply) => {
      const entry = await frameworks.find(organisationIdOf(request), keyParam(request));
      const format =
        (request.query as Record<string, string | undefined>).format === 'yaml' ? 'yaml' : 'json';
      return reply
        .header(
          'content-disposition',
          `attachment; filename="${entry.definition.id}-${entry.definition.version}.${format}"`,
        )
        .type(format === 'yaml' ? 'application/yaml; charset=utf-8' : 'application/json; charset=utf-8')
        .send(writeDefinitionText(entry.definition, format));
    },
  );
}
