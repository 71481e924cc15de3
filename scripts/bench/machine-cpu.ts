/**
 * The machine's CPU while the bench runs: /proc/stat read once a second. With the local cluster
 * every component (API server, etcd, kubelets, containerd, the pods) and the suite's workers share
 * this machine's cores, so when they are busy nearly all of the scenario phase, the phase is
 * CPU-bound: more workers cannot shorten it, only less work per scenario can. The bench prints the
 * busy share and the core-seconds per scenario, the number to bring down.
 *
 * Everything on the machine counts, not only the run: a bench beside other work says so itself
 * (the share is high before the first scenario too).
 */
import { existsSync, readFileSync } from 'node:fs';

export interface CpuSample {
  atMs: number;
  /** Jiffies not idle (user, nice, system, irq, softirq, steal) summed over all cores. */
  busy: number;
  /** All jiffies summed over all cores. */
  total: number;
}

export interface CpuUse {
  cores: number;
  /** Busy core-seconds between the two samples nearest the window's ends. */
  busyCoreS: number;
  /** Busy share of all cores over the window (0..1). */
  share: number;
  /** The window the samples actually cover. */
  fromMs: number;
  toMs: number;
}

/** One /proc/stat reading (pure: the text is given); undefined when the text has no `cpu` line. */
export function parseProcStat(text: string, atMs: number): (CpuSample & { cores: number }) | undefined {
  const lines = text.split('\n');
  const all = lines.find((l) => /^cpu\s/.test(l));
  if (!all) return undefined;
  const v = all.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  return { atMs, busy: total - idle, total, cores: lines.filter((l) => /^cpu\d+\s/.test(l)).length || 1 };
}

/** The CPU use over [fromMs, toMs] from samples taken around it (pure, for tests). */
export function cpuDuring(samples: CpuSample[], cores: number, fromMs: number, toMs: number): CpuUse | undefined {
  if (samples.length < 2 || toMs <= fromMs) return undefined;
  // The last sample at or before the window's start, and the first at or after its end.
  const before = samples.filter((s) => s.atMs <= fromMs).at(-1) ?? samples[0]!;
  const after = samples.find((s) => s.atMs >= toMs) ?? samples.at(-1)!;
  const total = after.total - before.total;
  if (total <= 0 || after.atMs <= before.atMs) return undefined;
  const share = (after.busy - before.busy) / total;
  const coveredS = (after.atMs - before.atMs) / 1000;
  return { cores, share, busyCoreS: share * cores * coveredS, fromMs: before.atMs, toMs: after.atMs };
}

/** Samples /proc/stat every `everyMs` until stopped; nothing on a machine without it. */
export class CpuSampler {
  readonly samples: CpuSample[] = [];
  cores = 1;
  private timer?: NodeJS.Timeout;

  constructor(private readonly path = '/proc/stat') {}

  start(everyMs = 1000): this {
    if (!existsSync(this.path)) return this;
    this.take();
    this.timer = setInterval(() => this.take(), everyMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.samples.length > 0) this.take();
  }

  private take(): void {
    try {
      const s = parseProcStat(readFileSync(this.path, 'utf8'), Date.now());
      if (!s) return;
      this.cores = s.cores;
      this.samples.push({ atMs: s.atMs, busy: s.busy, total: s.total });
    } catch {
      // A reading that fails is left out; the rest still measure.
    }
  }
}
