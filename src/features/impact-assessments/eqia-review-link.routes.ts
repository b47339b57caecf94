import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC } from '../../platform/access.ts';
import { ruleProblem } from '../../platform/forms.ts';
import { NotFoundError, RuleError } from '../../platform/http-errors.ts';
import type { SessionManager } from '../../platform/sessions.ts';
import type { EqiaReviewersService } from './eqia-reviewers.service.ts';

const tokenOf = (request: FastifyRequest) => (request.params as { token: string }).token;

/**
 * A critical friend invited by link, with no account: `/review/<token>` shows them the
 * assessment and, while it is out for review, a form for their comment, with their earlier
 * comments and the officer's answers. The link is the capability; an expired or revoked one is
 * "not found". The form is CSRF-protected by an anonymous session, as the sign-in form is.
 */
export function eqiaReviewLinkRoutes(
  app: FastifyInstance,
  { eqiaReviewers, sessions }: { eqiaReviewers: EqiaReviewersService; sessions: SessionManager },
): void {
  async function page(request: FastifyRequest, reply: FastifyReply, extra = {}, status = 200) {
    let found;
    try {
      found = await eqiaReviewers.open(tokenOf(request));
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      return reply.render(
        'platform/views/error.njk',
        {
          title: request.t('eqia.reviewLink.gone.title'),
          paragraphs: [request.t('eqia.reviewLink.gone.why'), request.t('eqia.reviewLink.gone.ask')],
        },
        404,
      );
    }
    await sessions.ensureSession(request, reply);
    return reply.render(
      'features/impact-assessments/views/review-link.njk',
      {
        ...found,
        action: `/review/${tokenOf(request)}`,
        commented: 'commented' in (request.query as object),
        values: {},
        ...extra,
      },
      status,
    );
  }

  app.get('/review/:token', { config: { access: PUBLIC } }, (request, reply) => page(request, reply));

  app.post('/review/:token', { config: { access: PUBLIC } }, async (request, reply) => {
    const text = String((request.body as Record<string, unknown> | undefined)?.comment ?? '');
    try {
      await eqiaReviewers.comment(tokenOf(request), text);
    } catch (error) {
      if (!(error instanceof RuleError)) {
        if (error instanceof NotFoundError) return page(request, reply);
        throw error;
      }
      return page(request, reply, { values: { comment: text }, ...ruleProblem(error, request.t) }, 400);
    }
    return reply.redirect(`/review/${tokenOf(request)}?commented`, 303);
  });
}
