/**
 * Map colours readable by people with the common colour-vision deficiencies, from published
 * schemes rather than hand-picked ones:
 * - `sequential` ("how much"): viridis (van der Walt and Smith, matplotlib), which keeps its order
 *   in lightness, so it reads in greyscale and for deuteranopia, protanopia and tritanopia alike.
 *   Light yellow is the least, dark purple the most.
 * - `diverging` ("either side of a middle"): ColorBrewer's PuOr (Cynthia Brewer), marked
 *   colour-blind safe by ColorBrewer: orange below, purple above, near-white in the middle.
 * Areas with no figure are never a colour: they are hatched, so they cannot be mistaken for a class.
 */
export type PaletteId = 'sequential' | 'diverging';

export const PALETTE_IDS: readonly PaletteId[] = ['sequential', 'diverging'];

export function isPaletteId(value: unknown): value is PaletteId {
  return typeof value === 'string' && (PALETTE_IDS as readonly string[]).includes(value);
}

const VIRIDIS: Record<number, string[]> = {
  1: ['#21918c'],
  2: ['#fde725', '#31688e'],
  3: ['#fde725', '#21918c', '#440154'],
  4: ['#fde725', '#35b779', '#31688e', '#440154'],
  5: ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154'],
  6: ['#fde725', '#7ad151', '#22a884', '#2a788e', '#414487', '#440154'],
  7: ['#fde725', '#90d743', '#35b779', '#21918c', '#31688e', '#443983', '#440154'],
};

const PURPLE_ORANGE: Record<number, string[]> = {
  1: ['#f7f7f7'],
  2: ['#e66101', '#5e3c99'],
  3: ['#f1a340', '#f7f7f7', '#998ec3'],
  4: ['#e66101', '#fdb863', '#b2abd2', '#5e3c99'],
  5: ['#e66101', '#fdb863', '#f7f7f7', '#b2abd2', '#5e3c99'],
  6: ['#b35806', '#f1a340', '#fee0b6', '#d8daeb', '#998ec3', '#542788'],
  7: ['#b35806', '#f1a340', '#fee0b6', '#f7f7f7', '#d8daeb', '#998ec3', '#542788'],
};

export const MAX_CLASSES = 7;
export const MIN_CLASSES = 2;

/** The colours for `count` classes (1–7), lowest first. */
export function paletteColours(palette: PaletteId, count: number): string[] {
  const size = Math.max(1, Math.min(MAX_CLASSES, Math.floor(count)));
  return (palette === 'diverging' ? PURPLE_ORANGE : VIRIDIS)[size]!;
}
