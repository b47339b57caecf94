import type { FastifyInstance, FastifyRequest } from 'fastify';
import { membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf } from '../../platform/actor.ts';
import { formErrors, ruleMessage, ruleProblem, uploadedFile } from '../../platform/forms.ts';
import { RuleError } from '../../platform/http-errors.ts';
import { createFragmentStore } from '../../platform/rendered-fragments.ts';
import { idParam } from '../../platform/ids.ts';
import { LEADS, STAFF } from '../../platform/roles.ts';
import { barChart } from './bar-chart.ts';
import { DatasetProblemsError, type CommunitiesService } from './communities.service.ts';
import { LEVELS } from './geography.ts';
import { profileCsv } from './profile-csv.ts';

export const communitiesNavigation = [{ href: '/data', textKey: 'nav.communities', roles: STAFF }];

const VIEWS = 'features/communities/views';
const AREAS_LISTED = 500;

function codeParam(request: FastifyRequest): string {
  return String((request.params as Record<string, string>).areaCode ?? '');
}

/** Knowing your communities: the datasets held, importing one (preview, then confirm), areas and their profiles. */
export function communitiesRoutes(
  app: FastifyInstance,
  { communities }: { communities: CommunitiesService },
): void {
  app.get('/data', { config: { access: membersWithRole(STAFF) } }, async (request, reply) => {
    const organisationId = organisationIdOf(request);
    const [datasets, areas] = await Promise.all([
      communities.datasets(organisationId),
      communities.areas(organisationId),
    ]);
    const query = request.query as Record<string, string | undefined>;
    return reply.render(`${VIEWS}/data.njk`, {
      title: request.t('communities.data.title'),
      datasets,
      areaCount: areas.length,
      authorities: areas.filter((area) => area.level === 'lad'),
      canImport: LEADS.includes(request.organisation!.role),
      imported: query.imported,
    });
  });

  app.get('/data/import', { config: { access: membersWithRole(LEADS) } }, async (request, reply) =>
    reply.render(`${VIEWS}/import.njk`, { title: request.t('communities.import.title'), backLink: '/data' }),
  );

  app.post('/data/import', { config: { access: membersWithRole(LEADS) } }, async (request, reply) => {
    const again = (message: string) =>
      reply.render(
        `${VIEWS}/import.njk`,
        {
          title: request.t('communities.import.title'),
          backLink: '/data',
          errors: formErrors({ file: message }),
          fieldErrors: { file: message },
        },
        400,
      );
    const file = await uploadedFile(request.body);
    if (!file || file.content.length === 0) return again(request.t('communities.errors.chooseFile'));
    const metadata = await uploadedFile(request.body, 'metadata');
    try {
      const id = await communities.stageUpload(
        organisationIdOf(request),
        file.fileName,
        file.content,
        metadata && metadata.content.length ? metadata : null,
      );
      return reply.redirect(`/data/import/${id}`, 303);
    } catch (error) {
      if (error instanceof RuleError) return again(ruleMessage(error, request.t));
      throw error;
    }
  });

  const previewPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const uploadId = idParam(request, 'uploadId');
    try {
      return {
        title: request.t('communities.preview.title'),
        backLink: '/data/import',
        preview: await communities.previewUpload(organisationIdOf(request), uploadId),
        ...extra,
      };
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return {
        title: request.t('communities.preview.title'),
        backLink: '/data/import',
        unreadable: ruleMessage(error, request.t),
        ...extra,
      };
    }
  };

  app.get(
    '/data/import/:uploadId',
    { config: { access: membersWithRole(LEADS), resource: 'dataUpload' } },
    async (request, reply) => reply.render(`${VIEWS}/preview.njk`, await previewPage(request)),
  );

  app.post(
    '/data/import/:uploadId',
    { config: { access: membersWithRole(LEADS), resource: 'dataUpload' } },
    async (request, reply) => {
      try {
        const result = await communities.importUpload(
          actorOf(request),
          organisationIdOf(request),
          idParam(request, 'uploadId'),
        );
        return reply.redirect(`/data?imported=${result.kind}`, 303);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        const message =
          error instanceof DatasetProblemsError
            ? request.t('communities.errors.fileHasProblems', { count: error.problems.length })
            : ruleMessage(error, request.t);
        return reply.render(
          `${VIEWS}/preview.njk`,
          await previewPage(request, { errors: [{ text: message, href: '#problems' }] }),
          400,
        );
      }
    },
  );

  app.get('/data/areas', { config: { access: membersWithRole(STAFF) } }, async (request, reply) => {
    const query = String((request.query as Record<string, unknown>).q ?? '')
      .trim()
      .slice(0, 100);
    const all = await communities.areas(organisationIdOf(request));
    const wanted = query.toLowerCase();
    const areas = wanted
      ? all.filter(
          (area) => area.code.toLowerCase().includes(wanted) || area.name.toLowerCase().includes(wanted),
        )
      : all;
    // A national file brings hundreds of thousands of Output Areas: each level lists its first
    // AREAS_LISTED and the search finds the rest.
    const byLevel = LEVELS.map((level) => {
      const ofLevel = areas.filter((area) => area.level === level);
      return { level, total: ofLevel.length, areas: ofLevel.slice(0, AREAS_LISTED) };
    }).filter((group) => group.total);
    return reply.render(`${VIEWS}/areas.njk`, {
      title: request.t('communities.areas.title'),
      byLevel,
      query,
      found: areas.length,
      canMakeCustom: LEADS.includes(request.organisation!.role),
      backLink: '/data',
    });
  });

  const customForm = (request: FastifyRequest, extra: Record<string, unknown> = {}) => ({
    title: request.t('communities.custom.title'),
    backLink: '/data/areas',
    values: {},
    ...extra,
  });

  app.get('/data/areas/custom/new', { config: { access: membersWithRole(LEADS) } }, async (request, reply) =>
    reply.render(`${VIEWS}/custom-area-form.njk`, customForm(request)),
  );

  app.post('/data/areas/custom', { config: { access: membersWithRole(LEADS) } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = { name: String(body.name ?? ''), codes: String(body.codes ?? '') };
    try {
      const made = await communities.createCustomArea(actorOf(request), organisationIdOf(request), values);
      return reply.redirect(`/data/areas/${made.code}?made=1`, 303);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return reply.render(
        `${VIEWS}/custom-area-form.njk`,
        customForm(request, { values, ...ruleProblem(error, request.t) }),
        400,
      );
    }
  });

  // A profile reads every figure held for the area and its parents: kept rendered until any
  // dataset, area or the disclosure policy changes (communities.dataStamp), per language.
  const renderedProfiles = createFragmentStore<{ title: string }>({
    maxEntries: 500,
    maxBytes: 32 * 1024 * 1024,
  });

  async function profileBody(request: FastifyRequest, organisationId: string, code: string) {
    const profile = await communities.profile(organisationId, code);
    return {
      profile,
      members:
        profile.area.level === 'custom'
          ? await communities.customMembers(organisationId, profile.area.code)
          : [],
      // The areas within can be mapped when they have outlines: each section links to its map.
      mapLevel:
        profile.children.length && (await communities.hasOutline(organisationId, profile.children[0]!.code))
          ? profile.children[0]!.level
          : null,
      charts: profile.sections.map((section) =>
        barChart({
          bars: section.rows.map((row) => ({
            label: row.label,
            value: row.share,
            comparator: row.comparatorShare,
          })),
          valueName: profile.area.name,
          comparatorName: section.comparator?.name ?? null,
          hiddenText: request.t('communities.profile.hidden'),
        }),
      ),
    };
  }

  app.get(
    '/data/areas/:areaCode',
    { config: { access: membersWithRole(STAFF), resource: 'area' } },
    async (request, reply) => {
      const organisationId = organisationIdOf(request);
      const code = codeParam(request);
      const key = JSON.stringify([
        organisationId,
        code,
        await communities.dataStamp(organisationId),
        request.locale,
      ]);
      let body = renderedProfiles.find(key);
      if (!body) {
        const context = await profileBody(request, organisationId, code);
        body = renderedProfiles.keep(key, reply.renderFragment(`${VIEWS}/_profile-body.njk`, context), {
          title: context.profile.area.name,
        });
      }
      return reply.render(`${VIEWS}/profile.njk`, {
        title: body.meta.title,
        bodyHtml: body,
        made: (request.query as Record<string, unknown>).made !== undefined,
        backLink: '/data/areas',
      });
    },
  );

  app.get(
    '/data/areas/:areaCode/profile.csv',
    { config: { access: membersWithRole(STAFF), resource: 'area' } },
    async (request, reply) => {
      const profile = await communities.profile(organisationIdOf(request), codeParam(request));
      return reply
        .header('content-disposition', `attachment; filename="profile-${profile.area.code}.csv"`)
        .type('text/csv; charset=utf-8')
        .send(profileCsv(profile, request.t));
    },
  );
}
