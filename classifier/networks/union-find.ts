// Disjoint sets over dense integer ids (path halving + union by size): near-constant time per
// operation, two Int32Arrays of memory, grown as ads arrive.

export class UnionFind {
  private parent = new Int32Array(1024);
  private size = new Int32Array(1024);
  private count = 0;

  get length(): number {
    return this.count;
  }

  /** Adds singletons up to `n` elements. */
  grow(n: number): void {
    if (n > this.parent.length) {
      let cap = this.parent.length;
      while (cap < n) cap *= 2;
      const parent = new Int32Array(cap);
      parent.set(this.parent.subarray(0, this.count));
      const size = new Int32Array(cap);
      size.set(this.size.subarray(0, this.count));
      this.parent = parent;
      this.size = size;
    }
    for (let i = this.count; i < n; i++) {
      this.parent[i] = i;
      this.size[i] = 1;
    }
    this.count = Math.max(this.count, n);
  }

  /** Forgets every union (keeps the elements). */
  reset(): void {
    for (let i = 0; i < this.count; i++) {
      this.parent[i] = i;
      this.size[i] = 1;
    }
  }

  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]!]!;
      x = p[x]!;
    }
    return x;
  }

  /** Joins the sets of a and b; returns the new root. */
  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if (this.size[ra]! < this.size[rb]!) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra]! += this.size[rb]!;
    return ra;
  }

  setSize(x: number): number {
    return this.size[this.find(x)]!;
  }
}
