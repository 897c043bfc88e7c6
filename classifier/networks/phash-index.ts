// Finding perceptually equal images without comparing all pairs: multi-index hashing. A 64-bit
// pHash is split into BANDS bands of 16 bits; two hashes within Hamming distance d agree, by the
// pigeonhole principle, to within r bits on at least one band when d < BANDS × (r + 1). So each
// band value and its neighbours within r bits are looked up, and only those candidates compared.

export const PHASH_BANDS = 4;
const BAND_BITS = 16;
/**
 * Hamming distance at or below which two images are the same picture for linking. Stricter than
 * the classifier's near-duplicate default: a wrong image link merges two networks. Re-encoded and
 * resized copies of one text image measured 0–4 bits apart; different one-line text images of
 * the same layout came as close as 6.
 */
export const DEFAULT_LINK_PHASH_THRESHOLD = 4;

/** A 16-hex-digit pHash as two unsigned 32-bit halves, or undefined when malformed. */
export function parsePhash(hex: string): [number, number] | undefined {
  if (!/^[0-9a-f]{16}$/i.test(hex)) return undefined;
  return [Number.parseInt(hex.slice(0, 8), 16) >>> 0, Number.parseInt(hex.slice(8), 16) >>> 0];
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function hamming64(aHi: number, aLo: number, bHi: number, bLo: number): number {
  return popcount32((aHi ^ bHi) >>> 0) + popcount32((aLo ^ bLo) >>> 0);
}

function bandValue(hi: number, lo: number, band: number): number {
  switch (band) {
    case 0:
      return hi >>> 16;
    case 1:
      return hi & 0xffff;
    case 2:
      return lo >>> 16;
    default:
      return lo & 0xffff;
  }
}

/** Growable index of pHashes by band value. Entries are dense integers (the caller's image ids). */
export class PhashIndex {
  readonly threshold: number;
  private readonly radius: number;
  /**
   * Buckets as linked lists in typed arrays: `heads[band << 16 | value]` is the latest image in
   * that bucket (-1 for none), `next[id * PHASH_BANDS + band]` the one before it. No per-bucket
   * objects: a million images cost 16 bytes each plus 1 MB of heads.
   */
  private readonly heads = new Int32Array(PHASH_BANDS << BAND_BITS).fill(-1);
  private next = new Int32Array(PHASH_BANDS * 1024);
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  private stamp = new Uint32Array(1024);
  private count = 0;
  private query = 0;

  constructor(threshold = DEFAULT_LINK_PHASH_THRESHOLD) {
    if (threshold < 0 || threshold >= PHASH_BANDS * 2) {
      throw new RangeError(`pHash threshold must be 0..${PHASH_BANDS * 2 - 1}`);
    }
    this.threshold = threshold;
    this.radius = Math.ceil((threshold + 1) / PHASH_BANDS) - 1;
  }

  get size(): number {
    return this.count;
  }

  halves(id: number): [number, number] {
    return [this.hi[id]!, this.lo[id]!];
  }

  /** Ids already indexed within the threshold of (hi, lo), with their distances. */
  near(hi: number, lo: number): Array<{ id: number; distance: number }> {
    const found: Array<{ id: number; distance: number }> = [];
    const q = ++this.query;
    for (let band = 0; band < PHASH_BANDS; band++) {
      const value = bandValue(hi, lo, band);
      this.probe(band, value, q, hi, lo, found);
      if (this.radius >= 1) {
        for (let bit = 0; bit < BAND_BITS; bit++) this.probe(band, value ^ (1 << bit), q, hi, lo, found);
      }
    }
    return found;
  }

  private probe(
    band: number,
    value: number,
    q: number,
    hi: number,
    lo: number,
    found: Array<{ id: number; distance: number }>,
  ): void {
    for (
      let id = this.heads[(band << BAND_BITS) | value]!;
      id >= 0;
      id = this.next[id * PHASH_BANDS + band]!
    ) {
      if (this.stamp[id] === q) continue;
      this.stamp[id] = q;
      const distance = hamming64(hi, lo, this.hi[id]!, this.lo[id]!);
      if (distance <= this.threshold) found.push({ id, distance });
    }
  }

  /** Indexes the next image; returns its id. */
  add(hi: number, lo: number): number {
    const id = this.count++;
    if (id >= this.hi.length) this.grow();
    this.hi[id] = hi;
    this.lo[id] = lo;
    for (let band = 0; band < PHASH_BANDS; band++) {
      const head = (band << BAND_BITS) | bandValue(hi, lo, band);
      this.next[id * PHASH_BANDS + band] = this.heads[head]!;
      this.heads[head] = id;
    }
    return id;
  }

  private grow(): void {
    const cap = this.hi.length * 2;
    const widen = <T extends Uint32Array | Int32Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.hi = widen(this.hi, cap);
    this.lo = widen(this.lo, cap);
    this.stamp = widen(this.stamp, cap);
    this.next = widen(this.next, cap * PHASH_BANDS);
  }
}
