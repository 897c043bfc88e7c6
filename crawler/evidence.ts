// Evidence for every page that yielded ads: capture time, SHA-256 of the body, response headers,
// a gzip snapshot with a WARC response record (warcio), a screenshot when the page was rendered;
// and the ads' images, downloaded within size limits for the classifier to hash and OCR.
import { gzipSync } from 'node:zlib';
import { WARCRecord, WARCSerializer } from 'warcio';
import { sha256Hex } from '../core/ids.ts';
import type { AdImage, EvidenceRef, PageRepository } from '../storage/index.ts';

/** Images downloaded per ad. */
export const MAX_IMAGES_PER_AD = 4;
/** Size limit of one ad image. */
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
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

/** A gzip-compressed WARC/1.1 response record of the capture. */
export async function warcRecord(capture: CapturedResponse): Promise<Uint8Array> {
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
  return WARCSerializer.serialize(record, { gzip: true });
}

/** Stores the snapshot (once per body hash) and returns the reference kept on pages and ads. */
export async function captureEvidence(
  capture: CapturedResponse,
  pages: PageRepository,
): Promise<EvidenceRef> {
  const sha256 = sha256Hex(capture.body);
  await pages.saveSnapshot({
    _id: sha256,
    contentType: capture.contentType,
    encoding: 'gzip',
    body: gzipSync(capture.body),
    size: capture.body.length,
    warc: await warcRecord(capture),
    ...(capture.screenshot ? { screenshot: capture.screenshot } : {}),
  });
  return {
    sha256,
    capturedAt: capture.fetchedAt,
    snapshot: sha256,
    url: capture.url,
    status: capture.status,
    headers: evidenceHeaders(capture.headers),
    screenshot: capture.screenshot !== undefined,
  };
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
