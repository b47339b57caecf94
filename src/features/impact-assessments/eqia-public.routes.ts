import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC } from '../../platform/access.ts';
import { RuleError } from '../../platform/http-errors.ts';
import { formStrings, ruleProblem } from '../../platform/forms.ts';
import { translator } from '../../platform/i18n/i18n.ts';
import { idParam } from '../../platform/ids.ts';
import { publicLocale, renderPublic } from '../../surfaces/public/public-surface.ts';
import { adverseImpacts } from './eqia-readable.ts';
import { assessmentDocx } from './eqia-docx.ts';
import type { EqiaPublishingService } from './eqia-publishing.service.ts';

const VIEWS = 'features/impact-assessments/views/public';

/** Where an organisation's register lives on the public surface, as its own pages link to it. */
export const publicRegisterPath = (slug: string) => `/p/${slug}/impact-assessments`;

const slugOf = (request: FastifyRequest) => (request.params as { organisation: string }).organisation;

/**
 * Anyone: an organisation's register of published impact assessments, each one as a page and a
 * Word document, and a form to send the council a comment on one. Registered inside the public
 * surface (no session, cacheable pages); the comment form needs no CSRF token because there is
 * no session whose authority a forged post could borrow.
 */
export function eqiaPublicRoutes(
  app: FastifyInstance,
  { eqiaPublishing }: { eqiaPublishing: EqiaPublishingService },
): void {
  const published = { access: PUBLIC, resource: 'publishedAssessment' as const };

  app.get(
    '/:organisation/impact-assessments',
    { config: { access: PUBLIC, resource: 'publishedOrganisation' } },
    async (request, reply) => {
      const found = await eqiaPublishing.publicRegister(slugOf(request));
      return renderPublic(reply, `${VIEWS}/register.njk`, (t) => ({
        title: t('eqia.public.registerTitle'),
        publicOrganisation: found.organisation,
        entries: found.entries,
      }));
    },
  );

  async function assessmentPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const found = await eqiaPublishing.publicAssessment(slugOf(request), idParam(request, 'publicationId'));
    const base = `${publicRegisterPath(found.organisation.slug)}/${found.id}`;
    // The reader's language goes with the download and the form, as it does with every link.
    const lang = publicLocale(request) === 'en' ? '' : `?lang=${publicLocale(request)}`;
    return renderPublic(
      reply,
      `${VIEWS}/assessment.njk`,
      (t) => ({
        title: found.assessment.title,
        publicOrganisation: found.organisation,
        ...found,
        adverse: adverseImpacts(found.assessment),
        registerHref: publicRegisterPath(found.organisation.slug),
        documentHref: `${base}/document.docx${lang}`,
        commentAction: `${base}/comments${lang}`,
        values: {},
        // The same words the staff pages use for a missing value.
        notSet: t('common.notSet'),
        ...extra,
      }),
      status,
    );
  }

  app.get('/:organisation/impact-assessments/:publicationId', { config: published }, (request, reply) =>
    assessmentPage(request, reply),
  );

  app.get(
    '/:organisation/impact-assessments/:publicationId/document.docx',
    { config: published },
    async (request, reply) => {
      const found = await eqiaPublishing.publicAssessment(slugOf(request), idParam(request, 'publicationId'));
      const locale = publicLocale(request);
      const document = await assessmentDocx(
        found.organisation.name,
        found.publishedAt,
        found.assessment,
        translator(locale),
        locale,
      );
      const name = found.assessment.title.replace(/[^\p{L}\p{N} ._-]+/gu, '').slice(0, 80) || 'assessment';
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header(
          'content-disposition',
          `attachment; filename="impact-assessment.docx"; filename*=UTF-8''${encodeURIComponent(`${name}.docx`)}`,
        )
        .send(document);
    },
  );

  app.post(
    '/:organisation/impact-assessments/:publicationId/comments',
    { config: published },
    async (request, reply) => {
      const publicationId = idParam(request, 'publicationId');
      const body = formStrings(request.body);
      const values = { name: body.name ?? '', email: body.email ?? '', text: body.comment ?? '' };
      // A field no person sees or fills in (it is hidden and labelled to be left empty): filled, a
      // program sent the form, and it is thanked without anything being kept.
      const honeypot = (body.website ?? '') !== '';
      try {
        if (!honeypot) await eqiaPublishing.addPublicComment(slugOf(request), publicationId, values);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return assessmentPage(
          request,
          reply,
          {
            values: { ...values, comment: values.text },
            ...ruleProblem(error, translator(publicLocale(request))),
          },
          400,
        );
      }
      const lang = publicLocale(request) === 'en' ? '' : `?lang=${publicLocale(request)}`;
      return reply.redirect(
        `${publicRegisterPath(slugOf(request))}/${publicationId}/comment-received${lang}`,
        303,
      );
    },
  );

  app.get(
    '/:organisation/impact-assessments/:publicationId/comment-received',
    { config: published },
    async (request, reply) => {
      const found = await eqiaPublishing.publicAssessment(slugOf(request), idParam(request, 'publicationId'));
      return renderPublic(reply, `${VIEWS}/comment-received.njk`, (t) => ({
        title: t('eqia.public.receivedTitle'),
        publicOrganisation: found.organisation,
        assessmentTitle: found.assessment.title,
        assessmentHref: `${publicRegisterPath(found.organisation.slug)}/${found.id}`,
        registerHref: publicRegisterPath(found.organisation.slug),
      }));
    },
  );
}
