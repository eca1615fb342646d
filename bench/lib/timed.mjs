// The timing protocol every runner shares (design.md §6): `warmup` untimed calls on the first items,
// then one timed call per item, in order, one at a time. Works in Node and in the browser.
export async function timeEach(items, warmup, run) {
  for (let i = 0; i < warmup; i++) await run(items[i % items.length]);
  const latencies = [];
  const outputs = [];
  for (const item of items) {
    const started = performance.now();
    outputs.push(await run(item));
    latencies.push(performance.now() - started);
  }
  return { latencies, outputs };
}
