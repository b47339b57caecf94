import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PUBLIC, membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf } from '../../platform/actor.ts';
import { formErrors, parseForm, ruleMessage, ruleProblem, submittedVersion } from '../../platform/forms.ts';
import { EditConflictError, RuleError } from '../../platform/http-errors.ts';
import { formatRole } from '../../platform/format.ts';
import { ADMINS, ROLES } from '../../platform/roles.ts';
import type { SessionManager } from '../../platform/sessions.ts';
import type { TeamService } from './team.service.ts';
import { PasswordPolicyError } from '../auth/auth.service.ts';
import { passwordMessage } from '../auth/auth.schema.ts';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { acceptExistingForm, acceptNewForm, inviteForm, roleForm } from './team.schema.ts';
import { idParam } from '../../platform/ids.ts';
import type { Translate } from '../../platform/i18n/i18n.ts';

export const teamNavigation = [{ href: '/team', textKey: 'nav.team', roles: ADMINS }];

const ADMIN_ONLY = { access: membersWithRole(ADMINS) };
const roleChoices = (t: Translate) =>
  ROLES.map((role) => ({ value: role, text: t(`roles.${role}`), hint: t(`roleDescriptions.${role}`) }));

function param(request: FastifyRequest, name: string): string {
  return (request.params as Record<string, string>)[name] ?? '';
}

export function teamRoutes(
  app: FastifyInstance,
  { team, sessions }: { team: TeamService; sessions: SessionManager },
): void {
  app.get('/team', { config: ADMIN_ONLY }, async (request, reply) => {
    const organisationId = organisationIdOf(request);
    const [members, invitations] = await Promise.all([
      team.listMembers(organisationId),
      team.listOpenInvitations(organisationId),
    ]);
    const query = request.query as Record<string, string | undefined>;
    return reply.render('features/team/views/team.njk', {
      title: request.t('nav.team'),
      members,
      invitations,
      notice: query.removed ? request.t('team.list.removed', { name: query.removed }) : undefined,
    });
  });

  app.get('/team/invite', { config: ADMIN_ONLY }, async (request, reply) =>
    reply.render('features/team/views/invite.njk', {
      title: request.t('team.invite.title'),
      values: {},
      roleChoices: roleChoices(request.t),
      backLink: '/team',
    }),
  );

  app.post('/team/invite', { config: ADMIN_ONLY }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string>;
    const page = {
      title: request.t('team.invite.title'),
      values: body,
      roleChoices: roleChoices(request.t),
      backLink: '/team',
    };
    const form = parseForm(inviteForm, body, request.t);
    if (!form.ok) return reply.render('features/team/views/invite.njk', { ...page, ...form }, 400);
    try {
      const created = await team.invite(actorOf(request), organisationIdOf(request), form.data);
      // The link is shown once, here: only its hash is stored, so nobody can read it back later.
      const link = `${request.protocol}://${request.host}/invitations/${created.token}`;
      return reply.render('features/team/views/invitation-created.njk', {
        title: request.t('team.created.title'),
        invitee: form.data,
        link,
        expiresAt: created.expiresAt,
      });
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return reply.render(
        'features/team/views/invite.njk',
        { ...page, ...ruleProblem(error, request.t) },
        400,
      );
    }
  });

  app.post(
    '/team/invitations/:invitationId/withdraw',
    { config: { ...ADMIN_ONLY, resource: 'invitation' } },
    async (request, reply) => {
      await team.revokeInvitation(
        actorOf(request),
        organisationIdOf(request),
        idParam(request, 'invitationId'),
      );
      return reply.redirect('/team', 303);
    },
  );

  async function renderMember(request: FastifyRequest, extra: Record<string, unknown> = {}) {
    const member = await team.getMember(organisationIdOf(request), idParam(request, 'userId'));
    return {
      title: member.displayName,
      member,
      roleChoices: roleChoices(request.t),
      values: { role: member.role },
      version: member.version,
      backLink: '/team',
      ...extra,
    };
  }

  app.get('/team/:userId', { config: { ...ADMIN_ONLY, resource: 'member' } }, async (request, reply) => {
    const saved = (request.query as Record<string, string>).saved === '1';
    return reply.render('features/team/views/member.njk', await renderMember(request, { saved }));
  });

  app.post('/team/:userId', { config: { ...ADMIN_ONLY, resource: 'member' } }, async (request, reply) => {
    const userId = idParam(request, 'userId');
    const form = parseForm(roleForm, request.body, request.t);
    if (!form.ok)
      return reply.render('features/team/views/member.njk', await renderMember(request, form), 400);
    try {
      await team.changeRole(
        actorOf(request),
        organisationIdOf(request),
        userId,
        submittedVersion(request.body),
        form.data.role,
      );
    } catch (error) {
      if (error instanceof RuleError) {
        const fieldErrors = { role: ruleMessage(error, request.t) };
        const page = await renderMember(request, { fieldErrors, errors: formErrors(fieldErrors) });
        return reply.render('features/team/views/member.njk', page, 400);
      }
      if (!(error instanceof EditConflictError)) throw error;
      return reply.render(
        'platform/views/conflict.njk',
        {
          title: request.t('errors.conflict.title'),
          rows: [
            {
              label: request.t('team.role'),
              yours: formatRole(form.data.role, request.locale),
              theirs: formatRole(String(error.current.role), request.locale),
            },
          ],
          editHref: `/team/${userId}`,
        },
        409,
      );
    }
    return reply.redirect(`/team/${userId}?saved=1`, 303);
  });

  app.get(
    '/team/:userId/remove',
    { config: { ...ADMIN_ONLY, resource: 'member' } },
    async (request, reply) => {
      const page = await renderMember(request);
      return reply.render('features/team/views/remove.njk', {
        ...page,
        title: request.t('team.remove.title', { name: page.member.displayName }),
        backLink: `/team/${page.member.userId}`,
      });
    },
  );

  app.post(
    '/team/:userId/remove',
    { config: { ...ADMIN_ONLY, resource: 'member' } },
    async (request, reply) => {
      try {
        const removed = await team.removeMember(
          actorOf(request),
          organisationIdOf(request),
          idParam(request, 'userId'),
        );
        return reply.redirect(`/team?removed=${encodeURIComponent(removed.displayName)}`, 303);
      } catch (error) {
        if (!(error instanceof RuleError)) throw error;
        const page = await renderMember(request);
        return reply.render(
          'features/team/views/remove.njk',
          {
            ...page,
            title: request.t('team.remove.title', { name: page.member.displayName }),
            errors: [{ text: ruleMessage(error, request.t), href: '#remove' }],
          },
          400,
        );
      }
    },
  );

  // Accepting an invitation: the token in the link is the proof, so this page is public.
  async function invitationPage(request: FastifyRequest) {
    const found = await team.findInvitationByToken(param(request, 'token'));
    if (!found || found.state !== 'open') return undefined;
    return {
      title: request.t('team.accept.title', { organisation: found.invitation.organisationName }),
      invitation: found.invitation,
      hasAccount: found.hasAccount,
      minLength: MIN_PASSWORD_LENGTH,
      action: request.url,
      values: { displayName: found.invitation.displayName },
    };
  }

  const invitationGone = (t: Translate) => ({
    title: t('team.gone.title'),
    paragraphs: [t('team.gone.why'), t('team.gone.ask')],
  });

  app.get('/invitations/:token', { config: { access: PUBLIC } }, async (request, reply) => {
    const page = await invitationPage(request);
    if (!page) return reply.render('platform/views/error.njk', invitationGone(request.t), 404);
    await sessions.ensureSession(request, reply);
    return reply.render('features/team/views/accept.njk', page);
  });

  app.post('/invitations/:token', { config: { access: PUBLIC } }, async (request, reply) => {
    const page = await invitationPage(request);
    if (!page) return reply.render('platform/views/error.njk', invitationGone(request.t), 404);
    const body = (request.body ?? {}) as Record<string, string>;
    let answer: Parameters<typeof team.acceptInvitation>[1];
    if (page.hasAccount) {
      const form = parseForm(acceptExistingForm, body, request.t);
      if (!form.ok)
        return reply.render('features/team/views/accept.njk', { ...page, values: body, ...form }, 400);
      answer = { kind: 'existing', password: form.data.password };
    } else {
      const form = parseForm(acceptNewForm, body, request.t);
      if (!form.ok)
        return reply.render('features/team/views/accept.njk', { ...page, values: body, ...form }, 400);
      answer = { kind: 'new', displayName: form.data.displayName, password: form.data.password };
    }
    try {
      const user = await team.acceptInvitation(param(request, 'token'), answer);
      await sessions.signIn(request, reply, user.id);
      await sessions.switchOrganisation(request, page.invitation.organisationId);
      return reply.redirect('/', 303);
    } catch (error) {
      const fieldErrors =
        error instanceof PasswordPolicyError
          ? { password: passwordMessage(error.problem, request.t) }
          : error instanceof RuleError
            ? { [error.field]: ruleMessage(error, request.t) }
            : undefined;
      if (!fieldErrors) throw error;
      return reply.render(
        'features/team/views/accept.njk',
        { ...page, values: body, fieldErrors, errors: formErrors(fieldErrors) },
        400,
      );
    }
  });
}
