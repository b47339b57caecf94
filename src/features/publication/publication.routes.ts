import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { membersWithRole, PUBLIC } from '../../platform/access.ts';
import { actorOf, organisationIdOf } from '../../platform/actor.ts';
import { RuleError } from '../../platform/http-errors.ts';
import { parseForm, ruleProblem } from '../../platform/forms.ts';
import { t } from '../../platform/i18n/i18n.ts';
import { isId } from '../../platform/ids.ts';
import { LEADS, STAFF } from '../../platform/roles.ts';
import type { PageContext } from '../../platform/views.ts';
import { PUBLIC_PREFIX, renderPublic } from '../../surfaces/public/public-surface.ts';
import type { PublicationService } from './publication.service.ts';

export const publicationNavigation = [{ href: '/publication', textKey: 'nav.publication', roles: STAFF }];

const publishForm = z.object({
  versionId: z
    .string()
    .optional()
    .refine((value) => isId(value), 'Choose a published version of the plan'),
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
      title: t('publication.manage.title'),
      ...overview,
      publicPath: publicPath(request.organisation!.slug),
      canChange: LEADS.includes(request.organisation!.role),
      ...extra,
    };
  }

  app.get('/publication', { config: { access: membersWithRole(STAFF) } }, async (request, reply) =>
    reply.render('features/publication/views/manage.njk', await page(request)),
  );

  app.post('/publication', { config: { access: membersWithRole(LEADS) } }, async (request, reply) => {
    const form = parseForm(publishForm, request.body);
    if (!form.ok)
      return reply.render('features/publication/views/manage.njk', await page(request, form), 400);
    try {
      await publication.publish(actorOf(request), organisationIdOf(request), form.data.versionId!);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return reply.render(
        'features/publication/views/manage.njk',
        await page(request, ruleProblem(error)),
        400,
      );
    }
    return reply.redirect('/publication?published=1', 303);
  });

  app.post(
    '/publication/withdraw',
    { config: { access: membersWithRole(LEADS) } },
    async (request, reply) => {
      try {
        await publication.withdraw(actorOf(request), organisationIdOf(request));
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return reply.render(
          'features/publication/views/manage.njk',
          await page(request, ruleProblem(error)),
          400,
        );
      }
      return reply.redirect('/publication?withdrawn=1', 303);
    },
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
      return renderPublic(reply, 'features/publication/views/public-plan.njk', {
        title: t('publication.public.title', { organisation: found.organisation.name }),
        publicOrganisation: found.organisation,
        ...found,
      });
    },
  );
}
