import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { membersWithRole, PUBLIC } from '../../platform/access.ts';
import { actorOf, organisationIdOf } from '../../platform/actor.ts';
import { RuleError } from '../../platform/http-errors.ts';
import { parseForm, ruleProblem } from '../../platform/forms.ts';
import { isId } from '../../platform/ids.ts';
import { LEADS, STAFF } from '../../platform/roles.ts';
import type { PageContext } from '../../platform/views.ts';
import { PUBLIC_PREFIX, renderPublic } from '../../surfaces/public/public-surface.ts';
import type { PublicationService } from './publication.service.ts';

export const publicationNavigation = [{ href: '/publication', textKey: 'nav.publication', roles: STAFF }];

const MANAGE = 'features/publication/views/manage.njk';

const publishForm = z.object({
  versionId: z
    .string()
    .optional()
    .refine((value) => isId(value), 'publication.errors.chooseAPublishedVersionOf'),
});

/** The public address of an organisation's page, as staff see it. */
export function publicPath(slug: string): string {
  return `${PUBLIC_PREFIX}/${slug}`;
}

/** Staff: see what is public, put a published plan version on the public page, or take it down. */
export function publicationRoutes(
  app: FastifyInstance,
  { publication }: { publication: PublicationService },
): void {
  async function page(request: FastifyRequest, extra: Partial<PageContext> = {}): Promise<PageContext> {
    const overview = await publication.overview(organisationIdOf(request));
    const query = request.query as Record<string, string | undefined>;
    return {
      published: query.published === '1',
      withdrawn: query.withdrawn === '1',
      title: request.t('publication.manage.title'),
      ...overview,
      publicPath: publicPath(request.organisation!.slug),
      canChange: LEADS.includes(request.organisation!.role),
      ...extra,
    };
  }

  app.get('/publication', { config: { access: membersWithRole(STAFF) } }, async (request, reply) =>
    reply.render(MANAGE, await page(request)),
  );

  /** Makes a change, then goes back to the page saying so; a broken rule is shown on the page. */
  async function change(
    request: FastifyRequest,
    reply: FastifyReply,
    work: () => Promise<unknown>,
    done: 'published' | 'withdrawn',
  ) {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return reply.render(MANAGE, await page(request, ruleProblem(error, request.t)), 400);
    }
    return reply.redirect(`/publication?${done}=1`, 303);
  }

  app.post('/publication', { config: { access: membersWithRole(LEADS) } }, async (request, reply) => {
    const form = parseForm(publishForm, request.body, request.t);
    if (!form.ok) return reply.render(MANAGE, await page(request, form), 400);
    return change(
      request,
      reply,
      () => publication.publish(actorOf(request), organisationIdOf(request), form.data.versionId!),
      'published',
    );
  });

  app.post('/publication/withdraw', { config: { access: membersWithRole(LEADS) } }, async (request, reply) =>
    change(
      request,
      reply,
      () => publication.withdraw(actorOf(request), organisationIdOf(request)),
      'withdrawn',
    ),
  );
}

/** Anyone: an organisation's published equality objectives and action plan, at /p/<slug>. */
export function publicationPublicRoutes(
  app: FastifyInstance,
  { publication }: { publication: PublicationService },
): void {
  app.get<{ Params: { organisation: string } }>(
    // Registered inside the public surface, which lives under PUBLIC_PREFIX.
    '/:organisation',
    { config: { access: PUBLIC, resource: 'publishedOrganisation' } },
    async (request, reply) => {
      const found = await publication.publicPage(request.params.organisation);
      if (!found) return reply.callNotFound();
      return renderPublic(reply, 'features/publication/views/public-plan.njk', (t) => ({
        title: t('publication.public.title', { organisation: found.organisation.name }),
        publicOrganisation: found.organisation,
        ...found,
      }));
    },
  );
}
