/**
 * Is this instance fit to serve: which store and bus it uses and whether both answer. `/healthz`
 * asks afresh (a load balancer takes an instance out on 503); the write gate uses the last answer,
 * refreshed every second, plus the connections' own state, so a write never waits on a probe.
 */

/** A dependency the instance cannot work without: a name and a probe that throws when it is unreachable. */
export interface Probe {
  name: string;
  /** Throws (or rejects) when unreachable. */
  check(): Promise<void>;
  /** Cheap, synchronous: false as soon as the connection is known to be down. */
  up?(): boolean;
}

export interface Health {
  /** What `/healthz` names: `store: "postgres" | "lowdb"`, `bus: "redis" | "memory"`. */
  readonly store: string;
  readonly bus: string;
  /** Probes everything now. */
  check(): Promise<{ ok: boolean; problems: string[] }>;
  /** The last known state (no I/O). */
  ok(): boolean;
  /** The problems behind the last `ok() === false`. */
  problems(): string[];
  stop(): void;
}

/** The embedded default: nothing external to lose. */
export const embeddedHealth = (): Health => ({ store: 'lowdb', bus: 'memory', check: async () => ({ ok: true, problems: [] }), ok: () => true, problems: () => [], stop() {} });

/** Health of an instance that depends on `probes`; re-probes every `everyMs`. */
export function probeHealth(names: { store: string; bus: string }, probes: Probe[], everyMs = 1000): Health {
  let last: string[] = [];
  const check = async (): Promise<{ ok: boolean; problems: string[] }> => {
    const results = await Promise.allSettled(probes.map((p) => p.check()));
    last = results.flatMap((r, i) => (r.status === 'rejected' ? [`${probes[i]!.name}: ${(r.reason as Error)?.message ?? r.reason}`] : []));
    // A connection known to be down (LISTEN, subscriber) counts too: /healthz and the write gate agree.
    const problems = [...new Set([...last, ...down()])];
    return { ok: problems.length === 0, problems };
  };
  const down = (): string[] => probes.filter((p) => p.up && !p.up()).map((p) => `${p.name}: 连接已断开`);
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  void check();
  return {
    ...names,
    check,
    ok: () => last.length === 0 && down().length === 0,
    problems: () => [...new Set([...last, ...down()])],
    stop: () => clearInterval(timer),
  };
}
