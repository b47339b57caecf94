import { RuleError } from '../../platform/http-errors.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf } from '../../platform/actor.ts';
import { formErrors, parseForm, ruleProblem } from '../../platform/forms.ts';
import { LEADS, STAFF } from '../../platform/roles.ts';
import type { GroupsService } from './groups.service.ts';
import { STATUS_RAG, STATUSES } from '../action-plan/action-status.ts';
import { labelsIn } from '../../platform/i18n/i18n.ts';
import { idParam, isId } from '../../platform/ids.ts';

export const groupsNavigation = [{ href: '/groups', textKey: 'nav.groups', roles: STAFF }];

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be ${max} characters or fewer`)
    .optional()
    .transform((value) => value || null);

const groupForm = z.object({
  name: z.string().trim().min(1, 'groups.form.enterName').max(150, 'groups.form.nameTooLong'),
  purpose: optional(2000),
});

const memberForm = z.object({
  userId: z
    .string()
    .optional()
    .transform((value) => (isId(value) ? value : null)),
  name: optional(150),
  roleInGroup: optional(100),
});

export function groupsRoutes(app: FastifyInstance, { groups }: { groups: GroupsService }): void {
  app.get('/groups', { config: { access: membersWithRole(STAFF) } }, async (request, reply) =>
    reply.render('features/groups/views/list.njk', {
      title: request.t('nav.groups'),
      groups: await groups.list(organisationIdOf(request)),
      canEdit: LEADS.includes(request.organisation!.role),
    }),
  );

  app.get('/groups/new', { config: { access: membersWithRole(LEADS) } }, async (request, reply) =>
    reply.render('features/groups/views/new.njk', {
      title: request.t('groups.page.setUpAnEqualityGroup'),
      values: {},
      backLink: '/groups',
    }),
  );

  app.post('/groups/new', { config: { access: membersWithRole(LEADS) } }, async (request, reply) => {
    const page = {
      title: request.t('groups.page.setUpAnEqualityGroup'),
      values: request.body,
      backLink: '/groups',
    };
    const form = parseForm(groupForm, request.body, request.t);
    if (!form.ok) return reply.render('features/groups/views/new.njk', { ...page, ...form }, 400);
    try {
      const id = await groups.create(actorOf(request), organisationIdOf(request), form.data);
      return reply.redirect(`/groups/${id}`, 303);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return reply.render(
        'features/groups/views/new.njk',
        { ...page, ...ruleProblem(error, request.t) },
        400,
      );
    }
  });

  async function detailPage(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    const detail = await groups.detail(organisationIdOf(request), idParam(request, 'groupId'));
    return {
      title: detail.group.name,
      ...detail,
      canEdit: LEADS.includes(request.organisation!.role),
      statusLabels: labelsIn(request.t, 'status', STATUSES),
      statusRag: STATUS_RAG,
      backLink: '/groups',
      values: {},
      ...extra,
    };
  }

  app.get(
    '/groups/:groupId',
    { config: { access: membersWithRole(STAFF), resource: 'group' } },
    async (request, reply) => reply.render('features/groups/views/group.njk', await detailPage(request)),
  );

  app.post(
    '/groups/:groupId/members',
    { config: { access: membersWithRole(LEADS), resource: 'group' } },
    async (request, reply) => {
      const { id } = await groups.get(organisationIdOf(request), idParam(request, 'groupId'));
      const body = (request.body ?? {}) as Record<string, string>;
      if (isId(body.remove)) {
        await groups.removeMember(actorOf(request), organisationIdOf(request), id, body.remove);
        return reply.redirect(`/groups/${id}`, 303);
      }
      const form = parseForm(memberForm, body, request.t);
      try {
        if (!form.ok) throw new RuleError('name', form.errors[0]!.text);
        await groups.addMember(actorOf(request), organisationIdOf(request), id, form.data);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        return reply.render(
          'features/groups/views/group.njk',
          await detailPage(request, { ...ruleProblem(error, request.t), values: body }),
          400,
        );
      }
      return reply.redirect(`/groups/${id}`, 303);
    },
  );

  app.post(
    '/groups/:groupId/oversight',
    { config: { access: membersWithRole(LEADS), resource: 'group' } },
    async (request, reply) => {
      const { id } = await groups.get(organisationIdOf(request), idParam(request, 'groupId'));
      const body = (request.body ?? {}) as Record<string, string>;
      if (isId(body.remove)) {
        await groups.stopOverseeing(actorOf(request), organisationIdOf(request), id, body.remove);
        return reply.redirect(`/groups/${id}`, 303);
      }
      const match = /^(objective|action):(.+)$/.exec(body.item ?? '');
      if (!match || !isId(match[2])) {
        const fieldErrors = { item: request.t('groups.form.chooseItem') };
        return reply.render(
          'features/groups/views/group.njk',
          await detailPage(request, { fieldErrors, errors: formErrors(fieldErrors) }),
          400,
        );
      }
      await groups.oversee(actorOf(request), organisationIdOf(request), id, {
        kind: match[1] as 'objective' | 'action',
        id: match[2]!,
      });
      return reply.redirect(`/groups/${id}`, 303);
    },
  );
}
