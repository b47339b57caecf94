import type { FastifyInstance } from 'fastify';
import { membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf, viewerOf } from '../../platform/actor.ts';
import { ruleMessage } from '../../platform/forms.ts';
import { RuleError } from '../../platform/http-errors.ts';
import { EDITORS } from '../../platform/roles.ts';
import { parseRecordRef } from '../../thread/record-types.ts';
import type { ThreadService } from '../../thread/thread.service.ts';
import { safeNextPath } from '../auth/auth.schema.ts';

const PROBLEM = 'features/linked-records/views/problem.njk';

/**
 * The forms of every "Linked records" panel post here: add a link (the panel's record, which
 * end of the link it is, and the record chosen) or remove one (both ends). The thread service
 * decides what is allowed; this route only reads the form and goes back to the page.
 */
export function linkedRecordsRoutes(
  app: FastifyInstance,
  deps: { thread: Pick<ThreadService, 'link' | 'unlink'> },
) {
  const { thread } = deps;

  app.post('/links', { config: { access: membersWithRole(EDITORS) } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string | undefined>;
    const back = safeNextPath(body.returnTo);
    const problem = (message: string) =>
      reply.render(
        PROBLEM,
        { title: request.t('linkedRecords.page.theLinkWasNotChanged'), message, back },
        400,
      );
    try {
      if (body.remove === 'yes') {
        const from = parseRecordRef(body.from ?? '');
        const to = parseRecordRef(body.to ?? '');
        if (!from || !to) return problem(request.t('linkedRecords.page.removeNotRecognised'));
        await thread.unlink(actorOf(request), organisationIdOf(request), viewerOf(request), from, to);
      } else {
        const anchor = parseRecordRef(body.anchor ?? '');
        const chosen = parseRecordRef(body.record ?? '');
        if (!anchor) return problem(request.t('linkedRecords.page.anchorNotRecognised'));
        if (!chosen) return problem(request.t('linkedRecords.page.chooseRecord'));
        const [from, to] = body.anchorIsSource === 'yes' ? [anchor, chosen] : [chosen, anchor];
        await thread.link(actorOf(request), organisationIdOf(request), viewerOf(request), from, to);
      }
    } catch (error) {
      if (error instanceof RuleError)
        return problem(request.t('linkedRecords.page.tryAgain', { problem: ruleMessage(error, request.t) }));
      throw error;
    }
    return reply.redirect(`${back}#linked-records`, 303);
  });
}
