import type { Db } from '../../db/connect.ts';
import type { Actor, RecordAudit } from '../../platform/audit/audit.ts';
import { NotFoundError, RuleError } from '../../platform/http-errors.ts';
import { hashToken, newToken } from '../../platform/tokens.ts';
import type { EqiaService } from './eqia.service.ts';
import type { ReviewerLink } from './eqia-reviewers.repo.ts';
import type { EqiaReviewersRepo } from './eqia-reviewers.repo.ts';

/** How long an invitation link works unless it is revoked first. */
export const LINK_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export type LinkState = 'active' | 'expired' | 'revoked';

export function linkState(link: Pick<ReviewerLink, 'expiresAt' | 'revokedAt'>, now: Date): LinkState {
  if (link.revokedAt) return 'revoked';
  return link.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active';
}

/** How an invited critical friend is named in the assessment's comments and the audit log. */
export function reviewerLabel(link: Pick<ReviewerLink, 'reviewerName' | 'reviewerGroup'>): string {
  return link.reviewerGroup ? `${link.reviewerName} (${link.reviewerGroup})` : link.reviewerName;
}

/**
 * Critical friends without an account (an advisory group's member, a partner): an officer makes
 * a link for one named person and one assessment; the link lets them read it and comment while it
 * is out for review, for LINK_DAYS days or until revoked. Only a keyed hash of the token is kept,
 * so the link is shown once, when it is made. Their comments are answered like anyone else's.
 */
export function createEqiaReviewersService(deps: {
  db: Db;
  repo: EqiaReviewersRepo;
  audit: RecordAudit;
  eqia: Pick<EqiaService, 'readable' | 'comments' | 'addInvitedComment'>;
  tokenSecret: string;
  publicUrl: string;
  now: () => Date;
}) {
  const { db, repo, audit, eqia, tokenSecret, publicUrl, now } = deps;

  async function linkOf(token: string) {
    const link = await repo.byTokenHash(db, hashToken(tokenSecret, token));
    if (!link || linkState(link, now()) !== 'active') throw new NotFoundError();
    return link;
  }

  return {
    async list(organisationId: string, assessmentId: string) {
      const at = now();
      return (await repo.list(db, organisationId, assessmentId)).map((link) => ({
        ...link,
        state: linkState(link, at),
      }));
    },

    /** Makes a link for one person; returns the address to send them (shown once). */
    async invite(
      actor: Actor,
      organisationId: string,
      assessmentId: string,
      values: { name: string; group: string },
    ): Promise<{ url: string; expiresAt: Date; name: string }> {
      const { assessment } = await eqia.readable(organisationId, assessmentId);
      const name = values.name.trim();
      const group = values.group.trim();
      if (!name) throw new RuleError('reviewerName', 'eqia.reviewers.errors.enterName');
      if (name.length > 200) throw new RuleError('reviewerName', 'eqia.reviewers.errors.nameTooLong');
      if (group.length > 200) throw new RuleError('reviewerGroup', 'eqia.reviewers.errors.groupTooLong');
      if (assessment.status === 'approved')
        throw new RuleError('reviewerName', 'eqia.reviewers.errors.signedOff');
      const token = newToken();
      const at = now();
      const expiresAt = new Date(at.getTime() + LINK_DAYS * DAY_MS);
      await db.transaction().execute(async (trx) => {
        const id = await repo.insert(trx, organisationId, {
          assessmentId,
          tokenHash: hashToken(tokenSecret, token),
          reviewerName: name,
          reviewerGroup: group,
          by: actor.label,
          at,
          expiresAt,
        });
        await audit(trx, actor, {
          organisationId,
          action: 'eqia.reviewer_invited',
          entityType: 'impact_assessment',
          entityId: assessmentId,
          summary: `Invited ${reviewerLabel({ reviewerName: name, reviewerGroup: group })} by link to review “${assessment.title}”`,
          after: { linkId: id, expiresAt: expiresAt.toISOString() },
        });
      });
      return { url: `${publicUrl}/review/${token}`, expiresAt, name };
    },

    async assessmentOfLink(organisationId: string, linkId: string): Promise<string> {
      const link = await repo.get(db, organisationId, linkId);
      if (!link) throw new NotFoundError();
      return link.assessmentId;
    },

    async revoke(actor: Actor, organisationId: string, linkId: string): Promise<string> {
      const link = await repo.get(db, organisationId, linkId);
      if (!link) throw new NotFoundError();
      await db.transaction().execute(async (trx) => {
        if (!(await repo.revoke(trx, organisationId, linkId, now())))
          throw new RuleError('reviewers', 'eqia.reviewers.errors.revokedAlready');
        await audit(trx, actor, {
          organisationId,
          action: 'eqia.reviewer_revoked',
          entityType: 'impact_assessment',
          entityId: link.assessmentId,
          summary: `Revoked the review link of ${reviewerLabel(link)}`,
        });
      });
      return link.assessmentId;
    },

    /** What the link's holder sees: the assessment (once sent for review), and their own comments with the answers. */
    async open(token: string) {
      const link = await linkOf(token);
      const [{ assessment, readable }, comments] = await Promise.all([
        eqia.readable(link.organisationId, link.assessmentId),
        eqia.comments(link.organisationId, link.assessmentId),
      ]);
      return {
        reviewer: { name: link.reviewerName, group: link.reviewerGroup, expiresAt: link.expiresAt },
        status: assessment.status,
        // As for critical friends with an account (mayRead): a draft is not theirs to read yet.
        assessment: assessment.status === 'draft' ? null : readable,
        title: readable.title,
        comments: comments.filter((comment) => comment.reviewerLinkId === link.id),
      };
    },

    async comment(token: string, text: string): Promise<void> {
      const link = await linkOf(token);
      const actor: Actor = { userId: null, label: reviewerLabel(link) };
      await eqia.addInvitedComment(actor, link.organisationId, link.assessmentId, text, link.id);
    },
  };
}

export type EqiaReviewersService = ReturnType<typeof createEqiaReviewersService>;
