import type { FastifyInstance } from 'fastify';
import { ADMINS } from '../../platform/roles.ts';
import { SIGNED_IN, membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf } from '../../platform/actor.ts';
import { parseForm, submittedVersion } from '../../platform/forms.ts';
import { EditConflictError } from '../../platform/http-errors.ts';
import type { SessionManager } from '../../platform/sessions.ts';
import type { OrganisationsService } from './organisations.service.ts';
import { settingsForm } from './organisations.schema.ts';
import { DISCLOSURE_PRESETS } from '../../stats/disclosure.ts';

export const organisationsNavigation = [{ href: '/settings', textKey: 'nav.settings', roles: ADMINS }];

export function organisationsRoutes(
  app: FastifyInstance,
  { organisations, sessions }: { organisations: OrganisationsService; sessions: SessionManager },
): void {
  app.get('/organisations/switch', { config: { access: SIGNED_IN } }, async (request, reply) =>
    reply.render('features/organisations/views/switch.njk', {
      title: request.t('organisations.page.switchOrganisation'),
    }),
  );

  app.post('/organisations/switch', { config: { access: SIGNED_IN } }, async (request, reply) => {
    const { organisationId } = (request.body ?? {}) as Record<string, string>;
    if (!organisationId || !(await sessions.switchOrganisation(request, organisationId))) {
      return reply.render(
        'features/organisations/views/switch.njk',
        {
          title: request.t('organisations.page.switchOrganisation'),
          errors: [
            { text: request.t('organisations.page.selectTheOrganisationYouWant'), href: '#organisationId' },
          ],
        },
        400,
      );
    }
    return reply.redirect('/', 303);
  });

  app.get('/settings', { config: { access: membersWithRole(ADMINS) } }, async (request, reply) => {
    const organisation = await organisations.get(organisationIdOf(request));
    return reply.render('features/organisations/views/settings.njk', {
      title: request.t('nav.settings'),
      values: {
        name: organisation.name,
        brandColour: organisation.brand_colour ?? '',
        disclosurePolicy: organisation.disclosure_policy,
      },
      policies: Object.keys(DISCLOSURE_PRESETS),
      version: organisation.version,
      saved: (request.query as Record<string, string>).saved === '1',
    });
  });

  app.post('/settings', { config: { access: membersWithRole(ADMINS) } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string>;
    const version = submittedVersion(body);
    const form = parseForm(settingsForm, body, request.t);
    if (!form.ok) {
      return reply.render(
        'features/organisations/views/settings.njk',
        {
          title: request.t('nav.settings'),
          values: body,
          policies: Object.keys(DISCLOSURE_PRESETS),
          version,
          errors: form.errors,
          fieldErrors: form.fieldErrors,
        },
        400,
      );
    }
    try {
      await organisations.updateSettings(actorOf(request), organisationIdOf(request), version, form.data);
    } catch (error) {
      if (!(error instanceof EditConflictError)) throw error;
      return reply.render(
        'platform/views/conflict.njk',
        {
          title: request.t('errors.conflict.title'),
          rows: [
            {
              label: request.t('organisations.page.name'),
              yours: form.data.name,
              theirs: error.current.name,
            },
            {
              label: request.t('organisations.page.brandColour'),
              yours: form.data.brandColour ?? '',
              theirs: error.current.brandColour ?? '',
            },
          ],
          editHref: '/settings',
        },
        409,
      );
    }
    return reply.redirect('/settings?saved=1', 303);
  });
}
