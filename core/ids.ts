// Stable identifiers: the same input always yields the same id, so re-running a step upserts
// instead of duplicating.
import { createHash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A short stable id from parts, e.g. `stableId('ad', site, url)` → `ad_3f2a…` (24 hex chars). */
export function stableId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${sha256Hex(parts.join('\u0000')).slice(0, 24)}`;
}
