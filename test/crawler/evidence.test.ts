// Evidence records: the WARC record's digests, computed by the crawler, must be exactly the ones
// warcio computes itself (a case package's reader checks them), and the record must round-trip.
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WARCParser, WARCRecord, WARCSerializer } from 'warcio';
import { captureEvidence, evidenceHeaders, warcRecord } from '../../crawler/evidence.ts';

const capture = {
  url: 'http://127.0.0.1:8080/ad/7',
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8', 'set-cookie': 'sid=secret', server: 'mini' },
  contentType: 'text/html; charset=utf-8',
  body: Buffer.from('<!doctype html><html><body><h1>Ad 7</h1><p>Synthetic ad — ünïcode</p></body></html>'),
  fetchedAt: new Date('2026-01-02T03:04:05Z'),
};

const digestsOf = (warc: Uint8Array) => {
  const text = Buffer.from(warc).toString('utf8');
  return {
    block: /WARC-Block-Digest: (\S+)/.exec(text)?.[1],
    payload: /WARC-Payload-Digest: (\S+)/.exec(text)?.[1],
    length: /Content-Length: (\d+)/.exec(text)?.[1],
  };
};

describe('evidence', () => {
  it('writes the digests warcio would compute, and a record warcio reads back', async () => {
    const ours = gunzipSync(await warcRecord(capture));
    const reference = WARCRecord.create(
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
    const theirs = await WARCSerializer.serialize(reference, { gzip: false });
    expect(digestsOf(ours)).toEqual(digestsOf(theirs));
    expect(digestsOf(ours).payload).toMatch(/^sha256:[0-9a-f]{64}$/);
    const parsed = await new WARCParser([ours]).parse();
    expect(parsed?.warcTargetURI).toBe(capture.url);
    expect(Buffer.from((await parsed!.readFully(false)) as Uint8Array).toString('utf8')).toBe(
      capture.body.toString('utf8'),
    );
    // Session secrets are not evidence.
    expect(Buffer.from(ours).toString('utf8')).not.toContain('sid=secret');
  });

  it('references the snapshot by the body hash the WARC record carries', async () => {
    const { ref, snapshot } = await captureEvidence(capture);
    expect(snapshot._id).toBe(ref.sha256);
    expect(gunzipSync(Buffer.from(snapshot.body as Uint8Array)).equals(capture.body)).toBe(true);
    expect(digestsOf(gunzipSync(Buffer.from(snapshot.warc as Uint8Array))).payload).toBe(
      `sha256:${ref.sha256}`,
    );
  });
});
