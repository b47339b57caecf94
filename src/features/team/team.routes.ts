import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PUBLIC, membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf } from '../../platform/actor.ts';
import { formErrors, parseForm, submittedVersion, ruleProblem } from '../../platform/forms.ts';
import { EditConflictError, RuleError } from '../../platform/http-errors.ts';
import { formatRole } from '../../platform/format.ts';
import { t } from '../../platform/i18n/i18n.ts';
import { ADMINS, ROLES } from '../../platform/roles.ts';
import type { SessionManager } from '../../platform/sessions.ts';
import type { TeamService } from './team.service.ts';
import { PasswordPolicyError } from '../auth/auth.service.ts';
import { passwordMessage } from '../auth/auth.schema.ts';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { acceptExistingForm, acceptNewForm, inviteForm, roleForm } from './team.schema.ts';
import { idParam } from '../../platform/ids.ts';

export const teamNavigation = [{ href: '/team', textKey: 'nav.team', roles: ADMINS }];

const ADMIN_ONLY = { access: membersWithRole(ADMINS) };
const roleChoices = ROLES.map((role) => ({
  value: role,
  text: formatRole(role),
  hint: t(`roleDescriptions.${role}`),
}));

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
      title: t('nav.team'),
      members,
      invitations,
      notice: query.removed ? `${query.removed} has been removed from the organisation` : undefined,
    });
  });

  app.get('/team/invite', { config: ADMIN_ONLY }, async (request, reply) =>
    reply.render('features/team/views/invite.njk', {
      title: 'Invite someone',
      values: {},
      roleChoices,
      backLink: '/team',
    }),
  );

  app.post('/team/invite', { config: ADMIN_ONLY }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string>;
    const page = { title: 'Invite someone', values: body, roleChoices, backLink: '/team' };
    const form = parseForm(inviteForm, body);
    if (!form.ok) return reply.render('features/team/views/invite.njk', { ...page, ...form }, 400);
    try {
      const created = await team.invite(actorOf(request), organisationIdOf(request), form.data);
      // The link is shown once, here: only its hash is stored, so nobody can read it back later.
      const link = `${request.protocol}://${request.host}/invitations/${created.token}`;
      return reply.render('features/team/views/invitation-created.njk', {
        title: 'Invitation created',
        invitee: form.data,
        link,
        expiresAt: created.expiresAt,
      });
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return reply.render('features/team/views/invite.njk', { ...page, ...ruleProblem(error) }, 400);
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
      roleChoices,
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
    const form = parseForm(roleForm, request.body);
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
        const fieldErrors = { role: error.message };
        const page = await renderMember(request, { fieldErrors, errors: formErrors(fieldErrors) });
        return reply.render('features/team/views/member.njk', page, 400);
      }
      if (!(error instanceof EditConflictError)) throw error;
      return reply.render(
        'platform/views/conflict.njk',
        {
          title: t('errors.conflict.title'),
          rows: [
            {
              label: 'Role',
              yours: formatRole(form.data.role),
              theirs: formatRole(String(error.current.role)),
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
        title: `Remove ${page.member.displayName} from the organisation?`,
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
            title: `Remove ${page.member.displayName} from the organisation?`,
            errors: [{ text: error.message, href: '#remove' }],
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
      title: `Join ${found.invitation.organisationName}`,
      invitation: found.invitation,
      hasAccount: found.hasAccount,
      minLength: MIN_PASSWORD_LENGTH,
      action: request.url,
      values: { displayName: found.invitation.displayName },
    };
  }

  const INVITATION_GONE = {
    title: 'This invitation link does not work',
    paragraphs: [
      'The link may have expired (invitations last 14 days), been withdrawn, or been used already.',
      'Ask the person who invited you to send a new invitation.',
    ],
  };

  app.get('/invitations/:token', { config: { access: PUBLIC } }, async (request, reply) => {
    const page = await invitationPage(request);
    if (!page) return reply.render('platform/views/error.njk', INVITATION_GONE, 404);
    await sessions.ensureSession(request, reply);
    return reply.render('features/team/views/accept.njk', page);
  });

  app.post('/invitations/:token', { config: { access: PUBLIC } }, async (request, reply) => {
    const page = await invitationPage(request);
    if (!page) return reply.render('platform/views/error.njk', INVITATION_GONE, 404);
    const body = (request.body ?? {}) as Record<string, string>;
    let answer: Parameters<typeof team.acceptInvitation>[1];
    if (page.hasAccount) {
      const form = parseForm(acceptExistingForm, body);
      if (!form.ok)
        return reply.render('features/team/views/accept.njk', { ...page, values: body, ...form }, 400);
      answer = { kind: 'existing', password: form.data.password };
    } else {
      const form = parseForm(acceptNewForm, body);
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
          ? { password: passwordMessage(error.problem) }
          : error instanceof RuleError
            ? { [error.field]: error.message }
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
