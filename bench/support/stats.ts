/** The value below which `fraction` of the samples lie (nearest rank: always a measured sample). */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((left, right) => left - right);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 0.5);

export const round = (value: number, digits = 0): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** What a search bench measures of one request: items read, returned, queries and GetItems, time. */
export interface ReadSample {
  read: number;
  returned: number;
  queries: number;
  gets: number;
  ms: number;
}

/** Medians and tails of read samples; a ratio is '—' when no request returned anything (all refused). */
export function readSummary(samples: readonly ReadSample[]) {
  const ratios = samples.filter((sample) => sample.returned > 0).map((sample) => sample.read / sample.returned);
  const ms = samples.map((sample) => sample.ms);
  return {
    n: samples.length,
    returnedP50: median(samples.map((sample) => sample.returned)),
    readP50: median(samples.map((sample) => sample.read)),
    ratioP50: ratios.length ? round(median(ratios), 1) : '—',
    ratioP95: ratios.length ? round(percentile(ratios, 0.95), 1) : '—',
    queriesMax: Math.max(...samples.map((sample) => sample.queries)),
    getsP50: median(samples.map((sample) => sample.gets)),
    msP50: round(median(ms), 1),
    msP99: round(percentile(ms, 0.99), 1),
  };
}

/** Runs `work` on every item, `width` at a time (a bench's load). */
export async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
