// Inline SVG charts for the self-contained report: no script, no CDN, prints cleanly.
import { escapeHtml } from '../../core/html.ts';

export interface BarItem {
  label: string;
  value: number;
  /** Optional second value drawn on top (e.g. high-risk part of all ads). */
  highlight?: number;
}

const BAR_HEIGHT = 18;
const GAP = 6;
const LABEL_WIDTH = 190;
const CHART_WIDTH = 640;

/** Horizontal bar chart; `highlight` draws a darker part inside the bar. */
export function barChart(
  title: string,
  items: BarItem[],
  options: { unit?: string; max?: number } = {},
): string {
  if (items.length === 0) return `<p class="empty">${escapeHtml(title)}: no data.</p>`;
  const max = options.max ?? Math.max(1, ...items.map((i) => i.value));
  const plot = CHART_WIDTH - LABEL_WIDTH - 70;
  const height = items.length * (BAR_HEIGHT + GAP) + GAP;
  const rows = items.map((item, index) => {
    const y = GAP + index * (BAR_HEIGHT + GAP);
    const w = Math.max(0, (item.value / max) * plot);
    const hw = item.highlight === undefined ? 0 : Math.max(0, (item.highlight / max) * plot);
    const label = item.label.length > 28 ? `${item.label.slice(0, 27)}…` : item.label;
    return [
      `<text x="${LABEL_WIDTH - 6}" y="${y + 13}" text-anchor="end">${escapeHtml(label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${w.toFixed(1)}" height="${BAR_HEIGHT}" class="bar"/>`,
      hw > 0
        ? `<rect x="${LABEL_WIDTH}" y="${y}" width="${hw.toFixed(1)}" height="${BAR_HEIGHT}" class="bar-hi"/>`
        : '',
      `<text x="${(LABEL_WIDTH + w + 4).toFixed(1)}" y="${y + 13}">${escapeHtml(formatValue(item.value, options.unit))}${
        item.highlight === undefined ? '' : ` (${escapeHtml(formatValue(item.highlight, options.unit))})`
      }</text>`,
    ].join('');
  });
  return `<figure><svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${CHART_WIDTH} ${height}" width="${CHART_WIDTH}" height="${height}">${rows.join('')}</svg><figcaption>${escapeHtml(title)}</figcaption></figure>`;
}

/** Vertical histogram of values in equal-width bins (e.g. risk 0..1 in ten bins). */
export function histogram(title: string, bins: Array<{ label: string; value: number }>): string {
  if (bins.every((b) => b.value === 0)) return `<p class="empty">${escapeHtml(title)}: no data.</p>`;
  const width = CHART_WIDTH;
  const height = 200;
  const max = Math.max(1, ...bins.map((b) => b.value));
  const bw = (width - 40) / bins.length;
  const bars = bins.map((b, i) => {
    const h = (b.value / max) * (height - 50);
    const x = 30 + i * bw;
    return `<rect x="${x.toFixed(1)}" y="${(height - 30 - h).toFixed(1)}" width="${(bw - 4).toFixed(1)}" height="${h.toFixed(1)}" class="bar"/><text x="${(x + bw / 2 - 2).toFixed(1)}" y="${height - 15}" text-anchor="middle" class="small">${escapeHtml(b.label)}</text><text x="${(x + bw / 2 - 2).toFixed(1)}" y="${(height - 34 - h).toFixed(1)}" text-anchor="middle" class="small">${b.value}</text>`;
  });
  return `<figure><svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${bars.join('')}</svg><figcaption>${escapeHtml(title)}</figcaption></figure>`;
}

function formatValue(value: number, unit?: string): string {
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return unit ? `${text}${unit}` : text;
}
