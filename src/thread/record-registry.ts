import { STAFF, type Role } from '../platform/roles.ts';
import type { RecordType } from './record-types.ts';

/** Who is looking: the person and their role in the organisation. */
export interface Viewer {
  userId: string | null;
  role: Role;
}

/** A record as another record's "Linked records" panel shows it. */
export interface RecordSummary {
  id: string;
  /** The record's own words (an action's text, an evidence title). */
  title: string;
  /** What kind of record it is, as a locale key with values ("Action {reference}"), shown before the title. */
  label?: { key: string; values: Record<string, string> } | undefined;
  /** Where to read it; null when this viewer may know of it but not open it. */
  href: string | null;
  /** A short state shown as a tag ("status.on_track", "thread.tag.reviewOverdue"): a locale key, with its colour. */
  tag?: { key: string; colour: 'red' | 'orange' | 'green' | 'blue' | 'grey' } | undefined;
  /**
   * Why the record is out of use, when it is (a locale key: "thread.closed.withdrawn"): it keeps its links (a restore
   * brings them back), but other records' panels leave it out, it is not offered as a choice,
   * and it takes no new links.
   */
  closed?: string | undefined;
}

/**
 * What a feature tells the golden thread about one record type it owns. `describe` is the
 * tenant and visibility check in one: it returns only records of this organisation that the
 * viewer may see, so an id from elsewhere (or one that no longer exists) is simply absent —
 * and a link to it is refused.
 */
export interface RecordTypeSource {
  type: RecordType;
  describe(
    organisationId: string,
    ids: readonly string[],
    viewer: Viewer,
  ): Promise<Map<string, RecordSummary>>;
  /** The records someone could link to from a panel, in the order a person would look for them. */
  candidates(organisationId: string, viewer: Viewer): Promise<RecordSummary[]>;
}

export interface RecordRegistry {
  source(type: RecordType): RecordTypeSource;
  types(): RecordType[];
}

/**
 * One registration per record type. Adding a record type to the thread is one more source here
 * (plus its link kinds in record-types.ts); nothing else changes.
 */
export function createRecordRegistry(sources: readonly RecordTypeSource[]): RecordRegistry {
  const byType = new Map<RecordType, RecordTypeSource>();
  for (const source of sources) {
    if (byType.has(source.type)) throw new Error(`Record type "${source.type}" is registered twice`);
    byType.set(source.type, source);
  }
  return {
    source(type) {
      const found = byType.get(type);
      if (!found) throw new Error(`No feature registered the record type "${type}"`);
      return found;
    },
    types: () => [...byType.keys()],
  };
}

/**
 * The common case: a record type insiders (not peer assessors) may see, read as one list per
 * organisation. `describe` keeps the ids asked for; `candidates` is the whole list.
 */
export function insidersListSource(
  type: RecordType,
  list: (organisationId: string) => Promise<RecordSummary[]>,
): RecordTypeSource {
  return {
    type,
    async describe(organisationId, ids, viewer) {
      if (!STAFF.includes(viewer.role)) return new Map();
      const wanted = new Set(ids);
      return new Map(
        (await list(organisationId)).filter((one) => wanted.has(one.id)).map((one) => [one.id, one]),
      );
    },
    candidates: async (organisationId, viewer) => (STAFF.includes(viewer.role) ? list(organisationId) : []),
  };
}
