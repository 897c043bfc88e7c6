// Evidence for every page that yielded ads: capture time, SHA-256 of the body, response headers,
// a gzip snapshot with a WARC response record (warcio), a screenshot when the page was rendered;
// and the ads' images, downloaded within size limits for the classifier to hash and OCR.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { WARCRecord, WARCSerializer } from 'warcio';
import { sha256Hex } from '../core/ids.ts';
import type { AdImage, EvidenceRef, PageRepository, SnapshotDoc } from '../storage/index.ts';

/** Images downloaded per ad. */
export const MAX_IMAGES_PER_AD = 4;
/** Size limit of one ad image. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/**
 * zlib level of snapshots and WARC records: the fastest, as every ad page is compressed twice on
 * the crawl's hot path; level 6 (the default) saves about a tenth of the bytes for half again the CPU.
 */
const EVIDENCE_GZIP_LEVEL = 1;
/** Headers never stored as evidence: they carry our or the site's session secrets. */
const SECRET_HEADERS = new Set(['set-cookie', 'cookie', 'authorization']);

export interface CapturedResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  contentType: string;
  body: Buffer;
  fetchedAt: Date;
  screenshot?: Buffer;
}

export function evidenceHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([key]) => !SECRET_HEADERS.has(key.toLowerCase())),
  );
}

/**
 * A gzip-compressed WARC/1.1 response record of the capture. Its digests are computed here with
 * node:crypto (the payload's is the body hash the capture already has) and given to warcio, which
 * then skips its own hashing: the same digest headers, without a WebAssembly hasher per record.
 */
export async function warcRecord(capture: CapturedResponse, payloadSha256?: string): Promise<Uint8Array> {
  const record = WARCRecord.create(
    {
      url: capture.url,
      date: capture.fetchedAt.toISOString(),
      type: 'response',
      warcVersion: 'WARC/1.1',
      statusline: `HTTP/1.1 ${capture.status}`,
      httpHeaders: evidenceHeaders(capture.headers),
    },
    (async function* () {
      yield new Uint8Array(capture.body);
    })(),
  );
  // The block is the HTTP header block (as warcio writes it) followed by the payload.
  const headerBlock = Buffer.from(`${record.httpHeaders!.toString()}\r\n`, 'utf8');
  const block = createHash('sha256').update(headerBlock).update(capture.body).digest('hex');
  const payload = payloadSha256 ?? sha256Hex(capture.body);
  record.warcHeaders.headers.set('WARC-Payload-Digest', `sha256:${payload}`);
  record.warcHeaders.headers.set('WARC-Block-Digest', `sha256:${block}`);
  // Serialised plain, then compressed in one synchronous call: the same gzip member warcio would
  // write, without a compression stream per page.
  return gzipSync(await WARCSerializer.serialize(record, { gzip: false }), { level: EVIDENCE_GZIP_LEVEL });
}

/**
 * The evidence of a capture: the reference kept on pages and ads, and the snapshot to store (once
 * per body hash) before them; the run loop writes snapshots a batch of pages at a time.
 */
export async function captureEvidence(
  capture: CapturedResponse,
): Promise<{ ref: EvidenceRef; snapshot: SnapshotDoc }> {
  const sha256 = sha256Hex(capture.body);
  const snapshot: SnapshotDoc = {
    _id: sha256,
    contentType: capture.contentType,
    encoding: 'gzip',
    body: gzipSync(capture.body, { level: EVIDENCE_GZIP_LEVEL }),
    size: capture.body.length,
    warc: await warcRecord(capture, sha256),
    ...(capture.screenshot ? { screenshot: capture.screenshot } : {}),
  };
  const ref: EvidenceRef = {
    sha256,
    capturedAt: capture.fetchedAt,
    snapshot: sha256,
    url: capture.url,
    status: capture.status,
    headers: evidenceHeaders(capture.headers),
    screenshot: capture.screenshot !== undefined,
  };
  return { ref, snapshot };
}

export interface ImageDownloadOptions {
  /** Fetches an image politely (robots, guard, host clock); returns undefined when refused. */
  fetchImage: (url: string) => Promise<{ body: Buffer; contentType: string; truncated: boolean } | undefined>;
  pages: PageRepository;
  keepImages: boolean;
}

/**
 * Downloads an ad's images (at most MAX_IMAGES_PER_AD, each within MAX_IMAGE_BYTES, image types
 * only) into `image_blobs` for the classifier, and returns their references for the ad.
 */
export async function downloadAdImages(
  urls: string[],
  adId: string,
  options: ImageDownloadOptions,
): Promise<AdImage[]> {
  const images: AdImage[] = [];
  for (const url of urls.slice(0, MAX_IMAGES_PER_AD)) {
    let result: Awaited<ReturnType<ImageDownloadOptions['fetchImage']>>;
    try {
      result = await options.fetchImage(url);
    } catch {
      continue;
    }
    if (!result || result.truncated || !/^image\//i.test(result.contentType)) continue;
    const sha256 = sha256Hex(result.body);
    await options.pages.saveImage({
      _id: sha256,
      url,
      contentType: result.contentType.split(';')[0]!.trim(),
      size: result.body.length,
      bytes: result.body,
      adIds: [adId],
      fetchedAt: new Date(),
      processed: false,
      keep: options.keepImages,
    });
    images.push({ url, sha256 });
  }
  return images;
}
