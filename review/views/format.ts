// Small display formatters shared by the views.
import { riskBand } from '../risk-bands.ts';
import { html, type SafeHtml } from './html.ts';

export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return '—';
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? '—' : d.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

export function formatRisk(risk: number | null | undefined): string {
  return typeof risk === 'number' ? risk.toFixed(2) : '—';
}

/** The risk badge: band, score and suggested time-frame, always labelled as a signal. */
export function riskBadge(
  level: string | null | undefined,
  urgent: boolean,
  risk: number | null | undefined,
): SafeHtml {
  const band = riskBand(level ?? undefined, urgent);
  const cls = urgent ? 'urgent' : (level ?? 'none');
  return html`<span class="risk risk-${cls}" title="risk signal for human review, not a verdict">${band.label} · ${formatRisk(risk)}</span>`;
}

export function timeFrame(level: string | null | undefined, urgent: boolean): string {
  return riskBand(level ?? undefined, urgent).timeFrame;
}
