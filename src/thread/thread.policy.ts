import type { Viewer } from './record-registry.ts';
import { LINK_KINDS, type LinkKindName } from './record-types.ts';

/**
 * Who may add or remove a link, by its kind: the leads join actions to objectives, criteria and
 * groups (that is planning); anyone who adds evidence may say what it supports or shows. Asked
 * by the panel (whether to show its forms) and by the thread service (what to refuse). Pure.
 */
export const threadPolicy = {
  mayChangeLink(viewer: Viewer, kind: LinkKindName): boolean {
    return (LINK_KINDS[kind].changedBy as readonly string[]).includes(viewer.role);
  },
};
