import type { Db } from '../db/connect.ts';
import type { Actor, RecordAudit } from '../platform/audit/audit.ts';
import { t as englishText } from '../platform/i18n/i18n.ts';
import { ForbiddenError, RuleError } from '../platform/http-errors.ts';
import type { RecordLinksRepo, StoredLink } from './record-links.repo.ts';
import type { RecordRegistry, RecordSummary, Viewer } from './record-registry.ts';
import {
  formatRecordRef,
  linkablesOf,
  linkKindOf,
  PANEL_SECTIONS,
  sectionOf,
  type LinkKindName,
  type PanelSection,
  type RecordRef,
  type RecordType,
} from './record-types.ts';
import { threadPolicy } from './thread.policy.ts';

/** A record's full name in English, for the audit log ("Action 1.2: Publish the profile"). */
function recordName(record: RecordSummary): string {
  const label = record.label ? englishText(record.label.key, record.label.values) : '';
  return label && record.title ? `${label}: ${record.title}` : label || record.title;
}

/** One linked record on a panel, with the link's two ends for the "Remove" form. */
export interface PanelLink {
  kind: LinkKindName;
  type: RecordType;
  record: RecordSummary;
  from: string;
  to: string;
  removable: boolean;
}

/** A way to add a link from a panel: which record it starts from and what may be chosen. */
export interface PanelAdder {
  kind: LinkKindName;
  type: RecordType;
  /** The panel's own record, and which end of the link it is. */
  anchor: string;
  anchorIsSource: boolean;
  choices: RecordSummary[];
}

export interface LinkedRecordsPanel {
  sections: { section: PanelSection; links: PanelLink[] }[];
  adders: PanelAdder[];
}

const sameRef = (a: RecordRef, b: RecordRef) => a.type === b.type && a.id === b.id;

/**
 * The golden thread's rules: what a record's "Linked records" panel shows (only records this
 * viewer may see, from this organisation), and adding or removing a link — refused unless the
 * two record types may be joined, both records exist here, and the policy lets this person
 * change that kind of link. Every change is audited in the transaction that makes it.
 */
export function createThreadService(deps: {
  db: Db;
  repo: RecordLinksRepo;
  registry: RecordRegistry;
  audit: RecordAudit;
}) {
  const { db, repo, registry, audit } = deps;

  /** Names the records, by type; those the viewer may not see (or that are gone) are absent. */
  async function describeAll(organisationId: string, refs: readonly RecordRef[], viewer: Viewer) {
    const idsByType = new Map<RecordType, string[]>();
    for (const ref of refs) idsByType.set(ref.type, [...(idsByType.get(ref.type) ?? []), ref.id]);
    const named = new Map<string, RecordSummary>();
    await Promise.all(
      [...idsByType].map(async ([type, ids]) => {
        const found = await registry.source(type).describe(organisationId, [...new Set(ids)], viewer);
        for (const [id, summary] of found) named.set(formatRecordRef({ type, id }), summary);
      }),
    );
    return named;
  }

  /** The kind of a link, refusing pairs that are never joined and people who may not join them. */
  function kindFor(viewer: Viewer, from: RecordRef, to: RecordRef): LinkKindName {
    const kind = linkKindOf(from.type, to.type);
    if (!kind || sameRef(from, to)) throw new RuleError('record', 'thread.errors.cannotLink');
    if (!threadPolicy.mayChangeLink(viewer, kind)) throw new ForbiddenError();
    return kind;
  }

  async function bothEnds(organisationId: string, viewer: Viewer, from: RecordRef, to: RecordRef) {
    const named = await describeAll(organisationId, [from, to], viewer);
    const fromRecord = named.get(formatRecordRef(from));
    const toRecord = named.get(formatRecordRef(to));
    return { fromRecord, toRecord };
  }

  async function panel(
    organisationId: string,
    viewer: Viewer,
    anchors: readonly RecordRef[],
  ): Promise<LinkedRecordsPanel> {
    const stored: StoredLink[] = await repo.touching(db, organisationId, anchors);
    const placed = stored.flatMap((link) => {
      const kind = linkKindOf(link.from.type, link.to.type);
      if (!kind) return [];
      const anchorIsSource = anchors.some((anchor) => sameRef(anchor, link.from));
      return [{ link, kind, anchorIsSource, other: anchorIsSource ? link.to : link.from }];
    });
    const named = await describeAll(
      organisationId,
      placed.map((entry) => entry.other),
      viewer,
    );
    const sections = PANEL_SECTIONS.map((section) => ({
      section,
      links: placed.flatMap(({ link, kind, anchorIsSource, other }) => {
        const record = named.get(formatRecordRef(other));
        if (!record || record.closed || sectionOf(kind, anchorIsSource) !== section) return [];
        return [
          {
            kind,
            type: other.type,
            record,
            from: formatRecordRef(link.from),
            to: formatRecordRef(link.to),
            removable: threadPolicy.mayChangeLink(viewer, kind),
          },
        ];
      }),
    })).filter((section) => section.links.length > 0);

    const linked = new Set(placed.map((entry) => formatRecordRef(entry.other)));
    const candidatesByType = new Map<RecordType, Promise<RecordSummary[]>>();
    const candidatesOf = (type: RecordType) => {
      if (!candidatesByType.has(type))
        candidatesByType.set(type, registry.source(type).candidates(organisationId, viewer));
      return candidatesByType.get(type)!;
    };
    const adders: PanelAdder[] = [];
    for (const anchor of anchors)
      for (const linkable of linkablesOf(anchor.type)) {
        if (!threadPolicy.mayChangeLink(viewer, linkable.kind) || !registry.types().includes(linkable.other))
          continue;
        const choices = (await candidatesOf(linkable.other)).filter(
          (choice) =>
            !choice.closed &&
            !linked.has(formatRecordRef({ type: linkable.other, id: choice.id })) &&
            !sameRef(anchor, { type: linkable.other, id: choice.id }),
        );
        adders.push({
          kind: linkable.kind,
          type: linkable.other,
          anchor: formatRecordRef(anchor),
          anchorIsSource: linkable.asSource,
          choices,
        });
      }
    return { sections, adders };
  }

  return {
    panel,

    async link(
      actor: Actor,
      organisationId: string,
      viewer: Viewer,
      from: RecordRef,
      to: RecordRef,
    ): Promise<void> {
      const kind = kindFor(viewer, from, to);
      const { fromRecord, toRecord } = await bothEnds(organisationId, viewer, from, to);
      if (!fromRecord || !toRecord) throw new RuleError('record', 'thread.errors.chooseRecord');
      const closed = [fromRecord, toRecord].find((record) => record.closed);
      if (closed) throw new RuleError('record', 'thread.errors.closed', { title: closed.title });
      await db.transaction().execute(async (trx) => {
        if (!(await repo.add(trx, organisationId, from, to, actor.label))) return;
        await audit(trx, actor, {
          organisationId,
          action: 'record.linked',
          entityType: from.type,
          entityId: from.id,
          summary: `Linked “${recordName(fromRecord)}” to “${recordName(toRecord)}” (${kind})`,
          after: { kind, from: formatRecordRef(from), to: formatRecordRef(to) },
        });
      });
    },

    async unlink(
      actor: Actor,
      organisationId: string,
      viewer: Viewer,
      from: RecordRef,
      to: RecordRef,
    ): Promise<void> {
      const kind = kindFor(viewer, from, to);
      const { fromRecord, toRecord } = await bothEnds(organisationId, viewer, from, to);
      // A link may outlive a record's visibility (withdrawn evidence stays linked), so at least
      // one end must be one this viewer can see; the tenant check is the link's own organisation.
      if (!fromRecord && !toRecord) throw new RuleError('record', 'thread.errors.chooseRecord');
      await db.transaction().execute(async (trx) => {
        if (!(await repo.remove(trx, organisationId, from, to))) return;
        await audit(trx, actor, {
          organisationId,
          action: 'record.unlinked',
          entityType: from.type,
          entityId: from.id,
          summary: `Removed the link from “${fromRecord ? recordName(fromRecord) : formatRecordRef(from)}” to “${toRecord ? recordName(toRecord) : formatRecordRef(to)}” (${kind})`,
          before: { kind, from: formatRecordRef(from), to: formatRecordRef(to) },
        });
      });
    },
  };
}

export type ThreadService = ReturnType<typeof createThreadService>;

/** What a record page needs from the thread: its panel. */
export type LinkedRecordsPanels = Pick<ThreadService, 'panel'>;
