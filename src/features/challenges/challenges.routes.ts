import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf, viewerOf } from '../../platform/actor.ts';
import { dateFromInput, dateInputParts, type DateInput } from '../../platform/dates.ts';
import {
  formErrors,
  formStrings,
  multipartFields,
  ruleProblem,
  submittedVersion,
  uploadedFile,
} from '../../platform/forms.ts';
import { EditConflictError, RuleError } from '../../platform/http-errors.ts';
import { idParam } from '../../platform/ids.ts';
import { LEADS, STAFF } from '../../platform/roles.ts';
import type { LinkedRecordsPanels } from '../../thread/thread.service.ts';
import { ITEM_KINDS } from './challenge-report.ts';
import type { ChallengeRow, FindingRow } from './challenges.repo.ts';
import { responseAreaOf, type ChallengesService, type ImportPreview } from './challenges.service.ts';
import { REPORT_FORMATS } from './report-files.ts';

export const challengesNavigation = [{ href: '/challenges', textKey: 'nav.challenges', roles: STAFF }];

const VIEWS = 'features/challenges/views';
const ACCEPTED = Object.keys(REPORT_FORMATS).join(',');

/** The date fields of a form, each as typed; an error for each one that is not a real date. */
function readDates(fields: Record<string, unknown>, names: readonly string[], t: FastifyRequest['t']) {
  const dates: Record<string, DateInput> = {};
  const fieldErrors: Record<string, string> = {};
  for (const name of names) {
    dates[name] = dateFromInput(fields, name);
    if (dates[name].invalid) fieldErrors[name] = t('challenges.errors.realDate');
  }
  return { dates, fieldErrors };
}

/**
 * Peer challenges: the list, importing a report (upload or paste → preview with its problems
 * and the council's responses placed → confirm), a challenge with its findings and progress
 * towards the re-visit, and each finding's response and the actions it leads to.
 */
export function challengesRoutes(
  app: FastifyInstance,
  { challenges, linkedRecords }: { challenges: ChallengesService; linkedRecords: LinkedRecordsPanels },
): void {
  const readers = { access: membersWithRole(STAFF) };
  const leads = { access: membersWithRole(LEADS) };
  const mayManage = (request: FastifyRequest) => LEADS.includes(request.organisation!.role);

  app.get('/challenges', { config: readers }, async (request, reply) => {
    const organisationId = organisationIdOf(request);
    const list = await challenges.list(organisationId);
    const overviews = await Promise.all(list.map((one) => challenges.overview(organisationId, one.id)));
    return reply.render(`${VIEWS}/challenges.njk`, {
      title: request.t('challenges.title'),
      challenges: overviews.map((overview) => ({ ...overview.challenge, progress: overview.progress })),
      canManage: mayManage(request),
    });
  });

  const importPage = (request: FastifyRequest, extra: Record<string, unknown> = {}) => ({
    title: request.t('challenges.import.title'),
    backLink: '/challenges',
    accepted: ACCEPTED,
    values: {},
    ...extra,
  });

  app.get('/challenges/import', { config: leads }, async (request, reply) =>
    reply.render(`${VIEWS}/import.njk`, importPage(request)),
  );

  app.post('/challenges/import', { config: leads }, async (request, reply) => {
    const fields = multipartFields(request.body);
    const text = String(fields.text ?? '');
    const file = await uploadedFile(request.body);
    try {
      const actor = actorOf(request);
      const organisationId = organisationIdOf(request);
      const id =
        file && file.content.length > 0
          ? await challenges.stageFile(actor, organisationId, file)
          : await challenges.stageText(actor, organisationId, text);
      return reply.redirect(`/challenges/import/${id}`, 303);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return reply.render(
        `${VIEWS}/import.njk`,
        importPage(request, { values: { text }, ...ruleProblem(error, request.t) }),
        400,
      );
    }
  });

  const previewPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const preview: ImportPreview = await challenges.preview(
      organisationIdOf(request),
      idParam(request, 'challengeImportId'),
    );
    const placedOn = new Map(preview.matches.map((match) => [match.commentId, match.targetKey]));
    return {
      title: request.t('challenges.preview.title'),
      backLink: '/challenges/import',
      preview,
      placedOn: Object.fromEntries(placedOn),
      values: {
        title: '',
        level: preview.parsed.level ?? '',
        visitedOn: dateInputParts(null),
        revisitOn: dateInputParts(null),
      },
      ...extra,
    };
  };

  app.get(
    '/challenges/import/:challengeImportId',
    { config: { ...leads, resource: 'challengeImport' } },
    async (request, reply) => reply.render(`${VIEWS}/preview.njk`, await previewPage(request)),
  );

  app.post(
    '/challenges/import/:challengeImportId',
    { config: { ...leads, resource: 'challengeImport' } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const importId = idParam(request, 'challengeImportId');
      const preview = await challenges.preview(organisationIdOf(request), importId);
      const placement = new Map<string, string | null>(
        preview.comments.map((comment) => {
          const chosen = String(body[`response-${comment.id}`] ?? '');
          return [comment.id, chosen === '' || chosen === 'none' ? null : chosen];
        }),
      );
      const { dates, fieldErrors } = readDates(body, ['visitedOn', 'revisitOn'], request.t);
      const values = {
        title: String(body.title ?? ''),
        level: String(body.level ?? ''),
        visitedOn: dates.visitedOn!.parts,
        revisitOn: dates.revisitOn!.parts,
      };
      const again = async (problem: { errors: unknown; fieldErrors: Record<string, string> }, status = 400) =>
        reply.render(
          `${VIEWS}/preview.njk`,
          await previewPage(request, { values, placedOn: Object.fromEntries(placement), ...problem }),
          status,
        );
      if (Object.keys(fieldErrors).length > 0) return again({ errors: formErrors(fieldErrors), fieldErrors });
      try {
        const id = await challenges.confirm(actorOf(request), organisationIdOf(request), importId, {
          title: values.title,
          level: values.level,
          visitedOn: dates.visitedOn!.iso,
          revisitOn: dates.revisitOn!.iso,
          placement,
        });
        return reply.redirect(`/challenges/${id}?imported`, 303);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return again(ruleProblem(error, request.t));
      }
    },
  );

  app.get(
    '/challenges/:challengeId',
    { config: { ...readers, resource: 'peerChallenge' } },
    async (request, reply) => {
      const overview = await challenges.overview(organisationIdOf(request), idParam(request, 'challengeId'));
      const query = request.query as Record<string, unknown>;
      return reply.render(`${VIEWS}/challenge.njk`, {
        title: overview.challenge.title,
        backLink: '/challenges',
        ...overview,
        recommendations: overview.byKind.get('recommendation') ?? [],
        innovative: overview.byKind.get('innovative') ?? [],
        signposts: overview.byKind.get('signpost') ?? [],
        unplaced: overview.findings.filter(
          (finding) => !finding.area && ['strength', 'consideration'].includes(finding.kind),
        ),
        canManage: mayManage(request),
        imported: query.imported !== undefined,
        changed: query.changed !== undefined,
      });
    },
  );

  const addFindingPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const { challenge, areas } = await challenges.overview(
      organisationIdOf(request),
      idParam(request, 'challengeId'),
    );
    return {
      title: request.t('challenges.addFinding.title'),
      backLink: `/challenges/${challenge.id}`,
      challenge,
      areas: areas.map((area) => area.title),
      kinds: ITEM_KINDS,
      values: { kind: '', area: '', newArea: '', findingText: '' },
      ...extra,
    };
  };

  app.get(
    '/challenges/:challengeId/findings/new',
    { config: { ...leads, resource: 'peerChallenge' } },
    async (request, reply) => reply.render(`${VIEWS}/add-finding.njk`, await addFindingPage(request)),
  );

  app.post(
    '/challenges/:challengeId/findings',
    { config: { ...leads, resource: 'peerChallenge' } },
    async (request, reply) => {
      const challengeId = idParam(request, 'challengeId');
      const values = formStrings(request.body);
      try {
        const id = await challenges.addFinding(actorOf(request), organisationIdOf(request), challengeId, {
          kind: values.kind ?? '',
          area: values.newArea?.trim() || values.area || '',
          text: values.findingText ?? '',
        });
        return reply.redirect(`/challenges/findings/${id}?added`, 303);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return reply.render(
          `${VIEWS}/add-finding.njk`,
          await addFindingPage(request, { values, ...ruleProblem(error, request.t) }),
          400,
        );
      }
    },
  );

  const detailsPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const { challenge } = await challenges.overview(
      organisationIdOf(request),
      idParam(request, 'challengeId'),
    );
    return {
      title: request.t('challenges.details.title'),
      backLink: `/challenges/${challenge.id}`,
      challenge,
      values: {
        title: challenge.title,
        level: challenge.level ?? '',
        visitedOn: dateInputParts(challenge.visitedOn),
        revisitOn: dateInputParts(challenge.revisitOn),
        conclusion: challenge.conclusion ?? '',
      },
      ...extra,
    };
  };

  app.get(
    '/challenges/:challengeId/details',
    { config: { ...leads, resource: 'peerChallenge' } },
    async (request, reply) => reply.render(`${VIEWS}/details.njk`, await detailsPage(request)),
  );

  app.post(
    '/challenges/:challengeId/details',
    { config: { ...leads, resource: 'peerChallenge' } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const challengeId = idParam(request, 'challengeId');
      const { dates, fieldErrors } = readDates(body, ['visitedOn', 'revisitOn'], request.t);
      const values = {
        title: String(body.title ?? ''),
        level: String(body.level ?? ''),
        visitedOn: dates.visitedOn!.parts,
        revisitOn: dates.revisitOn!.parts,
        conclusion: String(body.conclusion ?? ''),
      };
      const again = async (problem: { errors: unknown; fieldErrors: Record<string, string> }) =>
        reply.render(`${VIEWS}/details.njk`, await detailsPage(request, { values, ...problem }), 400);
      if (Object.keys(fieldErrors).length > 0) return again({ errors: formErrors(fieldErrors), fieldErrors });
      try {
        await challenges.updateDetails(
          actorOf(request),
          organisationIdOf(request),
          challengeId,
          submittedVersion(body),
          { ...values, visitedOn: dates.visitedOn!.iso, revisitOn: dates.revisitOn!.iso },
        );
        return reply.redirect(`/challenges/${challengeId}?changed`, 303);
      } catch (error) {
        if (error instanceof RuleError) return again(ruleProblem(error, request.t));
        if (!(error instanceof EditConflictError)) throw error;
        const current = error.current as unknown as ChallengeRow;
        return conflict(request, reply, `/challenges/${challengeId}/details`, [
          [request.t('challenges.details.titleLabel'), values.title, current.title],
          [request.t('challenges.details.level'), values.level, current.level ?? ''],
          [request.t('challenges.details.conclusion'), values.conclusion, current.conclusion ?? ''],
        ]);
      }
    },
  );

  const findingPage = async (request: FastifyRequest, extra: Record<string, unknown> = {}) => {
    const organisationId = organisationIdOf(request);
    const { challenge, finding } = await challenges.finding(organisationId, idParam(request, 'findingId'));
    return {
      title: request.t(`challenges.kind.${finding.kind}`, { number: finding.number }),
      backLink: `/challenges/${challenge.id}`,
      challenge,
      finding,
      responseArea: responseAreaOf(challenge),
      values: { stance: finding.responseStance ?? '', text: finding.responseText },
      actionValues: { text: '', target: dateInputParts(null) },
      canManage: mayManage(request),
      panel: await linkedRecords.panel(organisationId, viewerOf(request), [
        { type: 'challenge-finding', id: finding.id },
      ]),
      ...extra,
    };
  };

  app.get(
    '/challenges/findings/:findingId',
    { config: { ...readers, resource: 'challengeFinding' } },
    async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      return reply.render(
        `${VIEWS}/finding.njk`,
        await findingPage(request, {
          saved: query.saved !== undefined,
          added: query.added !== undefined,
          raised: typeof query.raised === 'string' ? query.raised : null,
        }),
      );
    },
  );

  app.post(
    '/challenges/findings/:findingId/response',
    { config: { ...leads, resource: 'challengeFinding' } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const findingId = idParam(request, 'findingId');
      const values = { stance: String(body.stance ?? ''), text: String(body.text ?? '') };
      try {
        await challenges.respond(
          actorOf(request),
          organisationIdOf(request),
          findingId,
          submittedVersion(body),
          values,
        );
        return reply.redirect(`/challenges/findings/${findingId}?saved`, 303);
      } catch (error) {
        if (error instanceof RuleError)
          return reply.render(
            `${VIEWS}/finding.njk`,
            await findingPage(request, { values, ...ruleProblem(error, request.t) }),
            400,
          );
        if (!(error instanceof EditConflictError)) throw error;
        const current = error.current as unknown as FindingRow;
        return conflict(request, reply, `/challenges/findings/${findingId}`, [
          [
            request.t('challenges.finding.stance'),
            values.stance ? request.t(`challenges.stance.${values.stance}`) : '',
            current.responseStance ? request.t(`challenges.stance.${current.responseStance}`) : '',
          ],
          [request.t('challenges.finding.responseText'), values.text, current.responseText],
        ]);
      }
    },
  );

  app.post(
    '/challenges/findings/:findingId/actions',
    { config: { ...leads, resource: 'challengeFinding' } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const findingId = idParam(request, 'findingId');
      const { dates, fieldErrors } = readDates(body, ['target'], request.t);
      const actionValues = { text: String(body.actionText ?? ''), target: dates.target!.parts };
      const again = async (problem: { errors: unknown; fieldErrors: Record<string, string> }) =>
        reply.render(`${VIEWS}/finding.njk`, await findingPage(request, { actionValues, ...problem }), 400);
      if (Object.keys(fieldErrors).length > 0) return again({ errors: formErrors(fieldErrors), fieldErrors });
      try {
        const action = await challenges.raiseAction(actorOf(request), organisationIdOf(request), findingId, {
          text: actionValues.text,
          targetEnd: dates.target!.iso,
        });
        return reply.redirect(
          `/challenges/findings/${findingId}?raised=${encodeURIComponent(action.reference)}`,
          303,
        );
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        const problem = ruleProblem(error, request.t);
        // The action form's text field is "actionText", so its error points there.
        const fieldErrors = Object.fromEntries(
          Object.entries(problem.fieldErrors).map(([field, text]) => [
            field === 'text' ? 'actionText' : field,
            text,
          ]),
        );
        return again({ errors: formErrors(fieldErrors), fieldErrors });
      }
    },
  );
}

/** The "someone else changed this" page, with what this person typed beside what is saved now. */
function conflict(
  request: FastifyRequest,
  reply: FastifyReply,
  editHref: string,
  rows: [label: string, yours: string, theirs: string][],
) {
  return reply.render(
    'platform/views/conflict.njk',
    {
      title: request.t('errors.conflict.title'),
      rows: rows.map(([label, yours, theirs]) => ({ label, yours, theirs })),
      editHref,
    },
    409,
  );
}
