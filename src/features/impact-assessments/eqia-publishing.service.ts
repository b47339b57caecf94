import type { Db } from '../../db/connect.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/http-errors.ts';
import type { OrganisationDirectory } from '../publication/publication.service.ts';
import type { EqiaPublishingRepo } from './eqia-publishing.repo.ts';
import type { EqiaService } from './eqia.service.ts';

/** How long a member of the public's comment may be, and their name and address. */
const COMMENT_LIMIT = 5000;
const NAME_LIMIT = 200;
/** Loose on purpose: the address is for a reply, not an account; anything with one @ and a dot after it. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Who a public comment is recorded as in the audit log: nobody signed in. */
const MEMBER_OF_THE_PUBLIC: Actor = { userId: null, label: 'A member of the public' };

/**
 * The public register of impact assessments: a signed-off assessment is published as a frozen
 * copy (the register shows what was signed off, even while the plan's mitigations move on;
 * publishing again refreshes it), taken down when it should no longer be read, and commented on
 * by anyone. The public's comments go to the council's staff; they are not published.
 */
export function createEqiaPublishingService(deps: {
  db: Db;
  repo: EqiaPublishingRepo;
  audit: RecordAudit;
  eqia: Pick<EqiaService, 'readable'>;
  organisations: OrganisationDirectory;
  now: () => Date;
}) {
  const { db, repo, audit, eqia, organisations, now } = deps;

  async function organisationOf(slug: string) {
    const organisation = await organisations.findBySlug(slug);
    if (!organisation) throw new NotFoundError();
    return {
      id: organisation.id,
      public: { name: organisation.name, slug: organisation.slug, brandColour: organisation.brand_colour },
    };
  }

  async function publicationOf(slug: string, publicationId: string) {
    const organisation = await organisationOf(slug);
    const publication = await repo.live(db, organisation.id, { publicationId });
    if (!publication) throw new NotFoundError();
    return { organisation, publication };
  }

  return {
    /** What staff see: whether the assessment is on the register, and what the public has said. */
    async status(organisationId: string, assessmentId: string) {
      const [live, comments] = await Promise.all([
        repo.live(db, organisationId, { assessmentId }),
        repo.comments(db, organisationId, assessmentId),
      ]);
      return { live: live ? { id: live.id, publishedAt: live.publishedAt } : null, comments };
    },

    /** Puts the signed-off assessment on the public register, replacing any copy published before. */
    async publish(actor: Actor, organisationId: string, assessmentId: string): Promise<string> {
      const { assessment, readable } = await eqia.readable(organisationId, assessmentId);
      if (assessment.status !== 'approved') throw new RuleError('publish', 'eqia.errors.publishApprovedOnly');
      return db.transaction().execute(async (trx) => {
        const replaced = await repo.withdrawLive(trx, organisationId, assessmentId, {
          label: actor.label,
          at: now(),
        });
        const id = await repo.insert(trx, organisationId, {
          assessmentId,
          snapshot: readable,
          by: actor.label,
          at: now(),
        });
        await audit(trx, actor, {
          organisationId,
          action: 'eqia.published',
          entityType: 'impact_assessment',
          entityId: assessmentId,
          summary: `${replaced ? 'Published again' : 'Published'} “${assessment.title}” on the public register`,
          after: { publicationId: id },
        });
        return id;
      });
    },

    async withdraw(actor: Actor, organisationId: string, assessmentId: string): Promise<void> {
      const { assessment } = await eqia.readable(organisationId, assessmentId);
      await db.transaction().execute(async (trx) => {
        const taken = await repo.withdrawLive(trx, organisationId, assessmentId, {
          label: actor.label,
          at: now(),
        });
        if (!taken) throw new RuleError('publish', 'eqia.errors.notPublished');
        await audit(trx, actor, {
          organisationId,
          action: 'eqia.withdrawn',
          entityType: 'impact_assessment',
          entityId: assessmentId,
          summary: `Took “${assessment.title}” off the public register`,
        });
      });
    },

    /** The register of an organisation (by its short name); empty when it has published none. */
    async publicRegister(slug: string) {
      const organisation = await organisationOf(slug);
      return { organisation: organisation.public, entries: await repo.register(db, organisation.id) };
    },

    async publicAssessment(slug: string, publicationId: string) {
      const { organisation, publication } = await publicationOf(slug, publicationId);
      return {
        organisation: organisation.public,
        id: publication.id,
        publishedAt: publication.publishedAt,
        assessment: publication.snapshot,
      };
    },

    /** A comment from anyone about a published assessment, for the council's staff to read. */
    async addPublicComment(
      slug: string,
      publicationId: string,
      values: { name: string; email: string; text: string },
    ): Promise<void> {
      const { organisation, publication } = await publicationOf(slug, publicationId);
      const text = values.text.trim();
      const name = values.name.trim();
      const email = values.email.trim();
      if (!text) throw new RuleError('comment', 'eqia.public.errors.enterComment');
      if (text.length > COMMENT_LIMIT) throw new RuleError('comment', 'eqia.public.errors.commentTooLong');
      if (name.length > NAME_LIMIT) throw new RuleError('name', 'eqia.public.errors.nameTooLong');
      if (email && (email.length > NAME_LIMIT || !EMAIL.test(email)))
        throw new RuleError('email', 'eqia.public.errors.email');
      await db.transaction().execute(async (trx) => {
        const id = await repo.insertComment(trx, organisation.id, {
          publicationId,
          assessmentId: publication.assessmentId,
          name,
          email,
          text,
          at: now(),
        });
        await audit(trx, MEMBER_OF_THE_PUBLIC, {
          organisationId: organisation.id,
          action: 'eqia.public_comment',
          entityType: 'impact_assessment',
          entityId: publication.assessmentId,
          summary: `A member of the public commented on “${publication.snapshot.title}”`,
          after: { commentId: id },
        });
      });
    },
  };
}

export type EqiaPublishingService = ReturnType<typeof createEqiaPublishingService>;
