import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { membersWithRole } from '../../platform/access.ts';
import { actorOf, organisationIdOf, viewerOf } from '../../platform/actor.ts';
import {
  formErrors,
  multipartFields,
  parseForm,
  submittedVersion,
  uploadedFile,
  ruleProblem,
} from '../../platform/forms.ts';
import { EditConflictError, NotFoundError, RuleError } from '../../platform/http-errors.ts';
import { idParam, isId } from '../../platform/ids.ts';
import { EDITORS, EVERY_ROLE, STAFF } from '../../platform/roles.ts';
import type { LinkedRecordsPanels } from '../../thread/thread.service.ts';
import type { EvidenceService } from './evidence.service.ts';
import { evidencePolicy } from './evidence.policy.ts';

/**
 * Whether a peer assessor may open an item supporting these criteria (the assessments feature
 * answers: the criteria must be in scope of an assessment shared with assessors).
 */
export interface AssessorEvidenceAccess {
  assessorMayOpenEvidence(
    organisationId: string,
    links: readonly { frameworkId: string; criterionRef: string }[],
  ): Promise<boolean>;
}
import { asciiFileName } from './evidence-file-types.ts';
import type { EvidenceRow } from './evidence.repo.ts';
import { criterionLinkForm, evidenceForm, withdrawForm } from './evidence.schema.ts';

export const evidenceNavigation = [{ href: '/evidence', textKey: 'nav.evidence', roles: STAFF }];

const FORM = 'features/evidence/views/form.njk';
/** Where to go back to after adding evidence from a criterion: only an assessment criterion page. */
const RETURN_PATH = /^\/assessments\/[0-9a-f-]{36}\/criteria\/[A-Za-z0-9._-]{1,20}$/;

function formValues(item: EvidenceRow) {
  return { ...item, record: item.recordId ? `${item.recordType}:${item.recordId}` : '' };
}

export function evidenceRoutes(
  app: FastifyInstance,
  {
    evidence,
    assessments,
    linkedRecords,
    config,
  }: {
    evidence: EvidenceService;
    assessments: AssessorEvidenceAccess;
    linkedRecords: LinkedRecordsPanels;
    config: { uploadMaxMb: number };
  },
): void {
  async function renderForm(
    reply: FastifyReply,
    organisationId: string,
    context: Record<string, unknown>,
    status?: number,
  ) {
    const choices = await evidence.formChoices(organisationId);
    return reply.render(
      FORM,
      { ...choices, uploadMaxMb: config.uploadMaxMb, ...context, title: String(context.title) },
      status,
    );
  }

  async function renderItem(
    request: FastifyRequest,
    reply: FastifyReply,
    details: Awaited<ReturnType<typeof evidence.details>>,
    context: Record<string, unknown>,
    status?: number,
  ) {
    return reply.render(
      'features/evidence/views/item.njk',
      {
        title: details.item.title,
        ...details,
        // The golden thread: what this evidence supports and shows.
        panel: await linkedRecords.panel(organisationIdOf(request), viewerOf(request), [
          { type: 'evidence', id: details.item.id },
        ]),
        uploadMaxMb: config.uploadMaxMb,
        backLink: '/evidence',
        ...context,
      },
      status,
    );
  }

  app.get('/evidence', { config: { access: membersWithRole(STAFF) } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const filters = {
      kind: query.kind || undefined,
      strand: query.strand || undefined,
      stale: query.stale === 'yes',
      ownerUserId: query.mine === 'yes' ? request.user!.id : undefined,
      text: query.q?.trim() || undefined,
      withdrawn: query.withdrawn === 'yes',
    };
    const items = await evidence.list(organisationIdOf(request), filters);
    return reply.render('features/evidence/views/list.njk', {
      title: request.t('evidence.page.evidenceLibrary'),
      items,
      filters: { ...filters, q: query.q ?? '', mine: query.mine === 'yes' },
      canAdd: evidencePolicy.mayAdd(viewerOf(request)),
    });
  });

  app.get('/evidence/new', { config: { access: membersWithRole(EDITORS) } }, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const returnTo = RETURN_PATH.test(query.return ?? '') ? query.return : undefined;
    return renderForm(reply, organisationIdOf(request), {
      title: request.t('evidence.page.addEvidence'),
      action: '/evidence/new',
      values: { kind: 'upload', ownerUserId: request.user!.id, strands: [] },
      supports:
        query.framework && query.ref ? { frameworkId: query.framework, criterionRef: query.ref } : null,
      returnTo,
      backLink: returnTo ?? '/evidence',
    });
  });

  app.post('/evidence/new', { config: { access: membersWithRole(EDITORS) } }, async (request, reply) => {
    const organisationId = organisationIdOf(request);
    const fields = multipartFields(request.body);
    const returnTo = RETURN_PATH.test(String(fields.returnTo ?? '')) ? String(fields.returnTo) : undefined;
    const supportsForm = fields.frameworkId ? parseForm(criterionLinkForm, fields, request.t) : null;
    const supports = supportsForm?.ok ? supportsForm.data : null;
    const page = {
      title: request.t('evidence.page.addEvidence'),
      action: '/evidence/new',
      values: { ...fields, strands: [fields.strands ?? []].flat() },
      supports,
      returnTo,
      backLink: returnTo ?? '/evidence',
    };
    const form = parseForm(evidenceForm, fields, request.t);
    if (!form.ok) return renderForm(reply, organisationId, { ...page, ...form }, 400);
    try {
      const id = await evidence.create(
        actorOf(request),
        organisationId,
        form.data,
        await uploadedFile(request.body),
        supports,
      );
      return reply.redirect(returnTo ?? `/evidence/${id}`, 303);
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      return renderForm(reply, organisationId, { ...page, ...ruleProblem(error, request.t) }, 400);
    }
  });

  app.get(
    '/evidence/:evidenceId',
    { config: { access: membersWithRole(STAFF), resource: 'evidence' } },
    async (request, reply) => {
      const details = await evidence.details(organisationIdOf(request), idParam(request, 'evidenceId'));
      return renderItem(request, reply, details, {
        canEdit: evidencePolicy.mayChange(viewerOf(request), details.item),
      });
    },
  );

  app.get(
    '/evidence/:evidenceId/edit',
    { config: { access: membersWithRole(EDITORS), resource: 'evidence' } },
    async (request, reply) => {
      const item = await evidence.get(organisationIdOf(request), idParam(request, 'evidenceId'));
      return renderForm(reply, organisationIdOf(request), {
        title: request.t('evidence.page.changeTheEvidence'),
        action: `/evidence/${item.id}/edit`,
        values: formValues(item),
        version: item.version,
        editing: true,
        backLink: `/evidence/${item.id}`,
      });
    },
  );

  app.post(
    '/evidence/:evidenceId/edit',
    { config: { access: membersWithRole(EDITORS), resource: 'evidence' } },
    async (request, reply) => {
      const organisationId = organisationIdOf(request);
      const item = await evidence.get(organisationId, idParam(request, 'evidenceId'));
      const body = (request.body ?? {}) as Record<string, string | string[]>;
      const fields: Record<string, string | string[]> = { ...body, kind: item.kind };
      const version = submittedVersion(body);
      const page = {
        title: request.t('evidence.page.changeTheEvidence'),
        action: `/evidence/${item.id}/edit`,
        values: { ...fields, strands: [fields.strands ?? []].flat() },
        version,
        editing: true,
        backLink: `/evidence/${item.id}`,
      };
      const form = parseForm(evidenceForm, fields, request.t);
      if (!form.ok) return renderForm(reply, organisationId, { ...page, ...form }, 400);
      try {
        await evidence.update(
          actorOf(request),
          viewerOf(request),
          organisationId,
          item.id,
          version,
          form.data,
        );
      } catch (error) {
        if (error instanceof RuleError) {
          return renderForm(reply, organisationId, { ...page, ...ruleProblem(error, request.t) }, 400);
        }
        if (!(error instanceof EditConflictError)) throw error;
        const current = error.current as unknown as EvidenceRow;
        return reply.render(
          'platform/views/conflict.njk',
          {
            title: request.t('evidence.page.someoneElseChangedThisEvidence'),
            rows: [
              { label: request.t('evidence.page.title'), yours: form.data.title, theirs: current.title },
              {
                label: request.t('evidence.page.description'),
                yours: form.data.description ?? '',
                theirs: current.description ?? '',
              },
              {
                label: request.t('evidence.page.reviewDate'),
                yours: form.data.reviewDate ?? '',
                theirs: current.reviewDate ?? '',
              },
              {
                label: request.t('evidence.page.characteristics'),
                yours: form.data.strands.join(', '),
                theirs: current.strands.join(', '),
              },
            ],
            editHref: `/evidence/${item.id}/edit`,
          },
          409,
        );
      }
      return reply.redirect(`/evidence/${item.id}`, 303);
    },
  );

  /**
   * Withdraw, restore and replace-the-file change the item as it was shown. If someone changed it
   * since, the page comes back with their version and nothing is applied.
   */
  async function changeItem(
    request: FastifyRequest,
    reply: FastifyReply,
    field: 'reason' | 'restore' | 'file',
    change: (organisationId: string, item: EvidenceRow) => Promise<void>,
    formContext: Record<string, unknown> = {},
  ) {
    const organisationId = organisationIdOf(request);
    const id = idParam(request, 'evidenceId');
    const item = await evidence.get(organisationId, id);
    const again = async (fieldErrors: Record<string, string>, status: number) =>
      renderItem(
        request,
        reply,
        await evidence.details(organisationId, id),
        { canEdit: true, errors: formErrors(fieldErrors), fieldErrors, ...formContext },
        status,
      );
    try {
      await change(organisationId, item);
    } catch (error) {
      if (error instanceof RuleError) return again(ruleProblem(error, request.t).fieldErrors, 400);
      if (error instanceof EditConflictError)
        return again(
          {
            [field]: request.t('evidence.page.changedMeanwhile'),
          },
          409,
        );
      throw error;
    }
    return reply.redirect(`/evidence/${item.id}`, 303);
  }

  app.post(
    '/evidence/:evidenceId/withdraw',
    { config: { access: membersWithRole(EDITORS), resource: 'evidence' } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, string>;
      return changeItem(
        request,
        reply,
        'reason',
        async (organisationId, item) => {
          const form = parseForm(withdrawForm, body, request.t);
          if (!form.ok) throw new RuleError('reason', form.fieldErrors.reason!);
          await evidence.withdraw(
            actorOf(request),
            viewerOf(request),
            organisationId,
            item.id,
            submittedVersion(body),
            form.data.reason,
          );
        },
        { withdrawValues: body },
      );
    },
  );

  app.post(
    '/evidence/:evidenceId/restore',
    { config: { access: membersWithRole(EDITORS), resource: 'evidence' } },
    async (request, reply) =>
      changeItem(request, reply, 'restore', (organisationId, item) =>
        evidence.restore(
          actorOf(request),
          viewerOf(request),
          organisationId,
          item.id,
          submittedVersion(request.body),
        ),
      ),
  );

  app.post(
    '/evidence/:evidenceId/file',
    { config: { access: membersWithRole(EDITORS), resource: 'evidence' } },
    async (request, reply) =>
      changeItem(request, reply, 'file', async (organisationId, item) =>
        evidence.replaceFile(
          actorOf(request),
          viewerOf(request),
          organisationId,
          item.id,
          submittedVersion(multipartFields(request.body)),
          await uploadedFile(request.body),
        ),
      ),
  );

  /**
   * The uploaded file, as a download that cannot run in the browser. Peer assessors may open
   * evidence that supports a criterion in the scope of an assessment shared with them, and
   * nothing else.
   */
  app.get(
    '/evidence/:evidenceId/file',
    { config: { access: membersWithRole(EVERY_ROLE), resource: 'evidence' } },
    async (request, reply) => {
      const organisationId = organisationIdOf(request);
      const id = idParam(request, 'evidenceId');
      if (!STAFF.includes(request.organisation!.role)) {
        const links = await evidence.currentSupport(organisationId, id);
        if (!(await assessments.assessorMayOpenEvidence(organisationId, links))) throw new NotFoundError();
      }
      // ?earlier= names a file this item had before a newer one replaced it.
      const earlier = (request.query as Record<string, string | undefined>).earlier;
      if (earlier !== undefined && !isId(earlier)) throw new NotFoundError();
      const file = await evidence.download(organisationId, id, earlier);
      return reply
        .header(
          'content-disposition',
          `attachment; filename="${asciiFileName(file.fileName)}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        )
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .type(file.contentType)
        .send(file.content);
    },
  );
}
