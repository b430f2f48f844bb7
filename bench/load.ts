/** A closed-loop load generator: `concurrency` clients, each sending its next request as soon as the last is answered. */

export interface LoadResult {
  latenciesMs: number[];
  wallMs: number;
  failures: number;
}

export async function runClosedLoop(
  total: number,
  concurrency: number,
  request: (index: number) => Promise<Response>,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  async function client() {
    while (next < total) {
      const index = next++;
      const t0 = performance.now();
      try {
        const response = await request(index);
        await response.arrayBuffer(); // the whole body counts
        if (!response.ok) failures++;
      } catch {
        failures++;
      }
      latenciesMs.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
  return { latenciesMs, wallMs: performance.now() - started, failures };
}
