import { escapeXml as escape } from '../../platform/xml-text.ts';
/**
 * A horizontal bar chart as plain SVG, drawn on the server so it needs no JavaScript and prints.
 * Each bar is a share (0–1) with, optionally, a marker for the comparator's share. The chart is
 * an image with a title; its numbers are always also given in a table and a sentence beside it,
 * so the SVG hides itself from screen readers (aria-hidden) rather than repeat them badly.
 * Colours are the GOV.UK blue and black, which keep their contrast for colour-blind readers; the
 * comparator is a line, not a colour, so nothing depends on telling colours apart.
 */
export interface BarChartInput {
  bars: { label: string; value: number | null; comparator: number | null }[];
  valueName: string;
  comparatorName: string | null;
  /** The words shown where a figure is hidden by disclosure control. */
  hiddenText: string;
}

const WIDTH = 640;
const BAR_AREA = 460;
const ROW = 44;

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

export function barChart(input: BarChartInput): string {
  const max = Math.max(0.0001, ...input.bars.flatMap((bar) => [bar.value ?? 0, bar.comparator ?? 0]));
  const scale = (value: number) => (value / max) * BAR_AREA;
  const legendHeight = input.comparatorName ? 28 : 0;
  const height = legendHeight + input.bars.length * ROW + 8;
  const rows = input.bars
    .map((bar, index) => {
      const y = legendHeight + index * ROW;
      const label = `<text x="0" y="${y + 14}" class="app-chart__label">${escape(bar.label)}</text>`;
      const value =
        bar.value === null
          ? `<text x="0" y="${y + 34}" class="app-chart__value">${escape(input.hiddenText)}</text>`
          : `<rect x="0" y="${y + 20}" width="${scale(bar.value).toFixed(1)}" height="16" fill="#1d70b8"></rect>` +
            `<text x="${(scale(bar.value) + 6).toFixed(1)}" y="${y + 33}" class="app-chart__value">${percent(bar.value)}</text>`;
      const marker =
        bar.comparator === null
          ? ''
          : `<line x1="${scale(bar.comparator).toFixed(1)}" x2="${scale(bar.comparator).toFixed(1)}" y1="${y + 17}" y2="${y + 39}" stroke="#0b0c0c" stroke-width="3"></line>`;
      return label + value + marker;
    })
    .join('');
  const legend = input.comparatorName
    ? `<rect x="0" y="4" width="16" height="12" fill="#1d70b8"></rect><text x="22" y="15" class="app-chart__label">${escape(input.valueName)}</text>` +
      `<line x1="${WIDTH / 2}" x2="${WIDTH / 2}" y1="2" y2="18" stroke="#0b0c0c" stroke-width="3"></line><text x="${WIDTH / 2 + 8}" y="15" class="app-chart__label">${escape(input.comparatorName)}</text>`
    : '';
  return `<svg class="app-chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">${legend}${rows}</svg>`;
}
