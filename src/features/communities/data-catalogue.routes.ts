import type { FastifyInstance } from 'fastify';
import { membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf } from '../../platform/actor.ts';
import { STRAND_LABELS } from '../../platform/characteristics.ts';
import { parseForm, submittedVersion } from '../../platform/forms.ts';
import { EditConflictError } from '../../platform/http-errors.ts';
import { idParam } from '../../platform/ids.ts';
import { LEADS, STAFF } from '../../platform/roles.ts';
import type { DataCatalogueService } from './data-catalogue.service.ts';
import { catalogueForm } from './data-catalogue.schema.ts';

const VIEWS = 'features/communities/views';
const characteristics = Object.keys(STRAND_LABELS).filter((code) => code !== 'all');

/** The data catalogue: who holds which equality data, read by staff, kept by the equality lead. */
export function dataCatalogueRoutes(
  app: FastifyInstance,
  { dataCatalogue }: { dataCatalogue: DataCatalogueService },
): void {
  app.get('/data/catalogue', { config: { access: membersWithRole(STAFF) } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    return reply.render(`${VIEWS}/catalogue.njk`, {
      title: request.t('communities.catalogue.title'),
      entries: await dataCatalogue.list(organisationIdOf(request)),
      canEdit: LEADS.includes(request.organisation!.role),
      saved: query.saved === '1',
      backLink: '/data',
    });
  });

  const formPage = (extra: { title: string } & Record<string, unknown>) => ({
    characteristics,
    backLink: '/data/catalogue',
    ...extra,
  });

  app.get('/data/catalogue/new', { config: { access: membersWithRole(LEADS) } }, async (request, reply) =>
    reply.render(
      `${VIEWS}/catalogue-form.njk`,
      formPage({
        title: request.t('communities.catalogue.addTitle'),
        action: '/data/catalogue/new',
        values: { characteristics: [] },
      }),
    ),
  );

  app.post('/data/catalogue/new', { config: { access: membersWithRole(LEADS) } }, async (request, reply) => {
    const form = parseForm(catalogueForm, request.body, request.t);
    if (!form.ok)
      return reply.render(
        `${VIEWS}/catalogue-form.njk`,
        formPage({
          title: request.t('communities.catalogue.addTitle'),
          action: '/data/catalogue/new',
          values: request.body,
          ...form,
        }),
        400,
      );
    await dataCatalogue.add(actorOf(request), organisationIdOf(request), form.data);
    return reply.redirect('/data/catalogue?saved=1', 303);
  });

  app.get(
    '/data/catalogue/:entryId/edit',
    { config: { access: membersWithRole(LEADS), resource: 'catalogueEntry' } },
    async (request, reply) => {
      const entry = await dataCatalogue.get(organisationIdOf(request), idParam(request, 'entryId'));
      return reply.render(
        `${VIEWS}/catalogue-form.njk`,
        formPage({
          title: request.t('communities.catalogue.editTitle', { title: entry.title }),
          action: request.url,
          values: entry,
          version: entry.version,
        }),
      );
    },
  );

  app.post(
    '/data/catalogue/:entryId/edit',
    { config: { access: membersWithRole(LEADS), resource: 'catalogueEntry' } },
    async (request, reply) => {
      const id = idParam(request, 'entryId');
      const entry = await dataCatalogue.get(organisationIdOf(request), id);
      const form = parseForm(catalogueForm, request.body, request.t);
      const version = submittedVersion(request.body);
      const title = request.t('communities.catalogue.editTitle', { title: entry.title });
      if (!form.ok)
        return reply.render(
          `${VIEWS}/catalogue-form.njk`,
          formPage({ title, action: request.url, values: request.body, version, ...form }),
          400,
        );
      try {
        await dataCatalogue.change(actorOf(request), organisationIdOf(request), id, version, form.data);
      } catch (error) {
        if (!(error instanceof EditConflictError)) throw error;
        const current = error.current as unknown as typeof entry;
        const field = (key: string) => request.t(`communities.catalogue.fields.${key}`);
        return reply.render(
          'platform/views/conflict.njk',
          {
            title: request.t('errors.conflict.title'),
            rows: (['title', 'service', 'owner', 'location', 'legalBasis', 'retention'] as const).map(
              (key) => ({
                label: field(key),
                yours: form.data[key] ?? '',
                theirs: current[key] ?? '',
              }),
            ),
            editHref: request.url,
          },
          409,
        );
      }
      return reply.redirect('/data/catalogue?saved=1', 303);
    },
  );
}
