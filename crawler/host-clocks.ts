// Worker-local pacing of the hosts whose clock this worker leased (storage/hosts.ts, `clock`):
// requests to a held host start spaced by its interval and at most `concurrency` at once, with no
// store round trip per request. Held clocks are renewed and written back together on a timer, and
// released when their host goes idle here or another worker waits for it.
//
// Why per-host limits still hold across workers: only the lease holder starts requests to a host,
// it counts them itself, and it starts none whose interval would reach past its lease. So a worker
// that takes the clock over — after a release, or after a killed worker's lease lapsed — starts
// at least one interval after the last request of the previous holder (the clock it reads was
// written back on release, and a lapsed lease ends no earlier than that interval).
import type { ClockClaim, HostRepository } from '../storage/index.ts';
import { HostBusyError } from './errors.ts';

/** How long a claim or renewal holds a host's clock (a killed worker's hosts are free after it). */
export const CLOCK_LEASE_MS = 5_000;
/** How often held clocks are renewed and written back, and waiting workers noticed. */
export const CLOCK_RENEW_MS = 500;
/** A held host with nothing in flight or waiting here for this long is released. */
export const CLOCK_IDLE_RELEASE_MS = 1_000;
/** How long a refused worker's request for the clock stands (it renews it while it keeps asking). */
export const CLOCK_WANT_MS = 3_000;
/** A holder hands a wanted clock over only after holding it this long (no thrashing). */
export const CLOCK_MIN_TENURE_MS = 500;
/** Retry hint for a request refused because this worker is handing the host over. */
const HANDOVER_WAIT_MS = 2 * CLOCK_RENEW_MS;
/** Retry hint when every local request slot of a host stayed taken for the whole wait. */
const SLOT_WAIT_MS = 50;

/** One host as this worker sees it. */
class HostClock {
  /** The lease this worker holds (ms since epoch), and since when it has held the clock. */
  held: { until: number; since: number } | undefined;
  /** Lease length for this host: long enough for at least two intervals. */
  leaseMs = CLOCK_LEASE_MS;
  /** Earliest start of the next request (the last start plus the interval, or a back-off). */
  nextStart = 0;
  inFlight = 0;
  /** acquire() calls under way (waiting, claiming or sleeping): the clock may not be forgotten. */
  acquiring = 0;
  waiters: Array<() => void> = [];
  /** Another worker waits for the host: start nothing new, release once idle. */
  yielding = false;
  lastUsed = 0;
  /** The host refused us last (429/503): report the next success. */
  refusing = false;
  claiming: Promise<ClockClaim> | undefined;
  /** A release on its way to the store: no claim may overtake it. */
  releasing: Promise<void> | undefined;
}

export interface HostPermit {
  /** When the request was allowed to start (ms since epoch): its place on the host's clock. */
  startAt: number;
  /** True when the host had refused us just before: report success with `recovered`. */
  wasRefusing: boolean;
  release(): void;
}

export interface HostClocksOptions {
  owner: string;
  /** Requests in flight per host at once. */
  concurrency: number;
  /** Called with errors of the background renewal (they are retried on the next tick). */
  onError?: (error: unknown) => void;
}

export class HostClocks {
  private readonly clocks = new Map<string, HostClock>();
  private readonly timer: NodeJS.Timeout;
  private ticking: Promise<void> | undefined;

  constructor(
    private readonly hosts: HostRepository,
    private readonly options: HostClocksOptions,
  ) {
    this.timer = setInterval(() => void this.tick(), CLOCK_RENEW_MS);
    this.timer.unref();
  }

  /**
   * Waits for the right to start one request to `host` now, or throws HostBusyError when that
   * would take longer than `maxWaitMs` (or the host is parked, or held by another worker longer).
   */
  async acquire(url: string, host: string, intervalMs: number, maxWaitMs: number): Promise<HostPermit> {
    const clock = this.clockOf(host);
    clock.acquiring++;
    try {
      return await this.acquireOn(clock, url, host, intervalMs, maxWaitMs);
    } finally {
      clock.acquiring--;
    }
  }

  private async acquireOn(
    clock: HostClock,
    url: string,
    host: string,
    intervalMs: number,
    maxWaitMs: number,
  ): Promise<HostPermit> {
    const deadline = Date.now() + maxWaitMs;
    clock.leaseMs = Math.max(CLOCK_LEASE_MS, 2 * intervalMs + CLOCK_RENEW_MS);
    for (;;) {
      const now = Date.now();
      if (clock.held && clock.yielding) throw new HostBusyError(url, HANDOVER_WAIT_MS, false);
      if (clock.held && clock.held.until > now) {
        if (clock.inFlight >= this.options.concurrency) {
          if (!(await this.waitForSlot(clock, deadline - now)))
            throw new HostBusyError(url, SLOT_WAIT_MS, false);
          continue;
        }
        const start = Math.max(now, clock.nextStart);
        if (start - now > deadline - now) throw new HostBusyError(url, start - now, false);
        if (start + intervalMs > clock.held.until) {
          // The lease would end before this request's interval: renew it first (a claim accepts
          // the owner's own lease).
          const renewed = await this.claim(host, clock);
          if (!renewed.ok) throw new HostBusyError(url, renewed.waitMs, renewed.parked);
          if (start + intervalMs > clock.held.until) throw new HostBusyError(url, start - now, false);
          continue;
        }
        clock.nextStart = start + intervalMs;
        clock.inFlight++;
        clock.lastUsed = start;
        if (start > now) await sleep(start - now);
        let released = false;
        return {
          startAt: start,
          wasRefusing: clock.refusing,
          release: () => {
            if (released) return;
            released = true;
            this.finished(host, clock);
          },
        };
      }
      const claim = await this.claim(host, clock);
      if (claim.ok) continue;
      if (claim.parked || Date.now() + claim.waitMs > deadline) {
        throw new HostBusyError(url, claim.waitMs, claim.parked);
      }
      await sleep(claim.waitMs);
    }
  }

  /** A 429/503 (or parking): no request of this worker starts on the host before `until`. */
  pushBack(host: string, until: number): void {
    const clock = this.clockOf(host);
    clock.nextStart = Math.max(clock.nextStart, until);
    clock.refusing = true;
  }

  /** The host answered again after refusals. */
  recovered(host: string): void {
    this.clockOf(host).refusing = false;
  }

  /** Writes every held clock back and releases it (a stopping worker). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.ticking?.catch(() => {});
    const items = [];
    for (const [host, clock] of this.clocks) {
      if (!clock.held) continue;
      clock.held = undefined;
      items.push({ host, nextAllowedAt: new Date(clock.nextStart) });
    }
    await this.hosts.writeBackClocks(this.options.owner, items);
  }

  /** Hosts whose clock this worker holds (for tests and progress). */
  heldHosts(): string[] {
    return [...this.clocks].filter(([, c]) => c.held).map(([host]) => host);
  }

  private clockOf(host: string): HostClock {
    let clock = this.clocks.get(host);
    if (!clock) {
      clock = new HostClock();
      this.clocks.set(host, clock);
    }
    return clock;
  }

  /** One claim per host at a time; concurrent callers share it. */
  private async claim(host: string, clock: HostClock): Promise<ClockClaim> {
    await clock.releasing;
    clock.claiming ??= this.hosts
      .claimClock(host, this.options.owner, {
        leaseMs: clock.leaseMs,
        wantMs: CLOCK_WANT_MS,
        retryMs: HANDOVER_WAIT_MS,
      })
      .then((result) => {
        if (result.ok) {
          clock.held = { until: result.until.getTime(), since: clock.held?.since ?? Date.now() };
          clock.yielding = false;
          clock.nextStart = Math.max(clock.nextStart, result.nextAllowedAt.getTime());
          if (result.refusals > 0) clock.refusing = true;
        }
        return result;
      })
      .finally(() => {
        clock.claiming = undefined;
      });
    return clock.claiming;
  }

  private waitForSlot(clock: HostClock, ms: number): Promise<boolean> {
    if (ms <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        const index = clock.waiters.indexOf(wake);
        if (index >= 0) clock.waiters.splice(index, 1);
        resolve(false);
      }, ms);
      clock.waiters.push(wake);
    });
  }

  private finished(host: string, clock: HostClock): void {
    clock.inFlight--;
    clock.lastUsed = Date.now();
    clock.waiters.shift()?.();
    if (clock.yielding && clock.inFlight === 0 && clock.waiters.length === 0) void this.handOver(host, clock);
  }

  /** Releases a host another worker waits for, as soon as nothing of ours is in flight there. */
  private async handOver(host: string, clock: HostClock): Promise<void> {
    if (!clock.held || clock.releasing) return;
    clock.held = undefined;
    clock.yielding = false;
    const release = this.hosts
      .writeBackClocks(this.options.owner, [{ host, nextAllowedAt: new Date(clock.nextStart) }])
      .then(
        () => {},
        (error) => this.options.onError?.(error),
      );
    clock.releasing = release.finally(() => {
      clock.releasing = undefined;
    });
    await clock.releasing;
  }

  /** Renews busy clocks, releases idle ones, and notices workers waiting for ours: one round trip. */
  private tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    const now = Date.now();
    const renewals: Array<{ host: string; clock: HostClock; until: number }> = [];
    const items = [];
    const released: HostClock[] = [];
    for (const [host, clock] of this.clocks) {
      const idle = clock.inFlight === 0 && clock.waiters.length === 0;
      if (!clock.held) {
        // Nothing of this host left here: forget it (its clock is in the store), so a crawl of
        // many hosts keeps only the busy ones in memory.
        const settled = !clock.claiming && !clock.releasing && !clock.refusing && clock.nextStart < now;
        if (idle && settled && clock.acquiring === 0) this.clocks.delete(host);
        continue;
      }
      if (clock.releasing) continue;
      if (idle && (clock.yielding || now - clock.lastUsed >= CLOCK_IDLE_RELEASE_MS)) {
        clock.held = undefined;
        clock.yielding = false;
        released.push(clock);
        items.push({ host, nextAllowedAt: new Date(clock.nextStart) });
      } else {
        const until = now + clock.leaseMs;
        renewals.push({ host, clock, until });
        items.push({ host, nextAllowedAt: new Date(clock.nextStart), until: new Date(until) });
      }
    }
    if (items.length === 0) return Promise.resolve();
    const write = this.hosts.writeBackClocks(this.options.owner, items, new Date(now));
    const releasing = write.then(
      () => {},
      () => {},
    );
    for (const clock of released) {
      clock.releasing = releasing.finally(() => {
        clock.releasing = undefined;
      });
    }
    this.ticking = write
      .then((held) => {
        for (const { host, clock, until } of renewals) {
          const state = held.get(host);
          if (!state) {
            // Lost (our lease lapsed and another worker took it): stop starting requests here.
            clock.held = undefined;
            continue;
          }
          if (clock.held) clock.held.until = Math.max(clock.held.until, until);
          if (state.wanted && clock.held && now - clock.held.since >= CLOCK_MIN_TENURE_MS) {
            clock.yielding = true;
            for (const wake of clock.waiters.splice(0)) wake();
            if (clock.inFlight === 0) void this.handOver(host, clock);
          }
        }
      })
      .catch((error) => this.options.onError?.(error))
      .finally(() => {
        this.ticking = undefined;
      });
    return this.ticking;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
