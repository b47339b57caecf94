import type { FastifyInstance, FastifyRequest } from 'fastify';
import { membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf } from '../../platform/actor.ts';
import { ruleProblem } from '../../platform/forms.ts';
import { RuleError } from '../../platform/http-errors.ts';
import { idParam } from '../../platform/ids.ts';
import { LEADS, STAFF } from '../../platform/roles.ts';
import type { CommunitiesService } from './communities.service.ts';
import type { DatasetSharingService } from './dataset-sharing.service.ts';

const VIEWS = 'features/communities/views';

/** A dataset's own page (where it came from, who it is shared with), and the datasets partners share with us. */
export function datasetSharingRoutes(
  app: FastifyInstance,
  { communities, datasetSharing }: { communities: CommunitiesService; datasetSharing: DatasetSharingService },
): void {
  const datasetPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const organisationId = organisationIdOf(request);
    const datasetId = idParam(request, 'datasetId');
    const dataset = await communities.dataset(organisationId, datasetId);
    const query = request.query as Record<string, string | undefined>;
    return {
      title: dataset.title,
      backLink: '/data',
      dataset,
      shares: await datasetSharing.sharesOf(organisationId, datasetId),
      canShare: LEADS.includes(request.organisation!.role),
      values: {},
      notice: query.shared ? 'shared' : query.revoked ? 'revoked' : null,
      ...extra,
    };
  };

  app.get(
    '/data/datasets/:datasetId',
    { config: { access: membersWithRole(STAFF), resource: 'dataset' } },
    async (request, reply) => reply.render(`${VIEWS}/dataset.njk`, await datasetPage(request)),
  );

  app.post(
    '/data/datasets/:datasetId/shares',
    { config: { access: membersWithRole(LEADS), resource: 'dataset' } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = { partner: String(body.partner ?? ''), purpose: String(body.purpose ?? '') };
      const datasetId = idParam(request, 'datasetId');
      try {
        await datasetSharing.share(actorOf(request), organisationIdOf(request), datasetId, values);
        return reply.redirect(`/data/datasets/${datasetId}?shared=1`, 303);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return reply.render(
          `${VIEWS}/dataset.njk`,
          await datasetPage(request, { values, ...ruleProblem(error, request.t) }),
          400,
        );
      }
    },
  );

  app.post(
    '/data/datasets/:datasetId/shares/:shareId/revoke',
    { config: { access: membersWithRole(LEADS), resource: 'dataset' } },
    async (request, reply) => {
      const datasetId = idParam(request, 'datasetId');
      await datasetSharing.revoke(
        actorOf(request),
        organisationIdOf(request),
        datasetId,
        idParam(request, 'shareId'),
      );
      return reply.redirect(`/data/datasets/${datasetId}?revoked=1`, 303);
    },
  );

  app.get('/data/shared', { config: { access: membersWithRole(STAFF) } }, async (request, reply) =>
    reply.render(`${VIEWS}/shared.njk`, {
      title: request.t('communities.sharing.sharedWithUs'),
      backLink: '/data',
      shares: await datasetSharing.sharedWith(organisationIdOf(request)),
    }),
  );

  app.get(
    '/data/shared/:shareId',
    { config: { access: membersWithRole(STAFF), resource: 'datasetShare' } },
    async (request, reply) => {
      const level = (request.query as Record<string, string | undefined>).level;
      const shared = await datasetSharing.sharedFigures(
        organisationIdOf(request),
        idParam(request, 'shareId'),
        level,
      );
      return reply.render(`${VIEWS}/shared-dataset.njk`, {
        title: shared.dataset.title,
        backLink: '/data/shared',
        shared,
      });
    },
  );
}
