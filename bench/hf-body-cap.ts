// `npx tsx bench/hf-body-cap.ts [MB ...]`: what a huge daily-papers answer
// costs the process: a loopback server sends a JSON array of the given size
// (chunked, 50 and 400 MB by default) and the client fetches it with its
// default page cap. Prints the peak RSS while fetching (sampled every 10 ms),
// the RSS after, and how the fetch ended. One fresh process per size, so one
// run's heap does not carry into the next.

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createHfClient } from '../src/sources/huggingface/hf-client.js';

const MB = 1024 * 1024;

async function one(megabytes: number): Promise<void> {
  const item = `{"pad":"${'x'.repeat(65_536 - 12)}"},`;
  const count = Math.floor((megabytes * MB) / item.length);
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('[');
    let sent = 0;
    const next = () => {
      while (sent < count && !res.destroyed) {
        sent++;
        if (!res.write(sent === count ? `${item.slice(0, -1)}]` : item)) return void res.once('drain', next);
      }
      if (!res.destroyed) res.end();
    };
    res.on('close', () => (sent = count));
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  const client = createHfClient({ baseUrl: `http://127.0.0.1:${address.port}`, userAgent: 'paperbot/bench', timeoutMs: 120_000, retries: 0 });
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const start = performance.now();
  let outcome: string;
  try {
    const day = (await client.fetchDay('2026-11-27')) as unknown;
    const items = Array.isArray(day) ? day : (day as { items: unknown[] }).items;
    outcome = `read ${items.length} items`;
  } catch (err) {
    outcome = `refused: ${err instanceof Error ? err.message : String(err)}`;
  }
  const took = performance.now() - start;
  server.closeAllConnections();
  server.close();
  await new Promise((r) => setTimeout(r, 200));
  const after = process.memoryUsage().rss;
  clearInterval(sampler);
  peak = Math.max(peak, after);
  console.log(
    `${String(megabytes).padStart(5)} MB body: RSS ${(before / MB).toFixed(0)} MB before, peak ${(peak / MB).toFixed(0)} MB, ${(after / MB).toFixed(0)} MB after; ${took.toFixed(0)} ms; ${outcome}`,
  );
}

const child = process.env.HF_BODY_CAP_CHILD;
if (child) await one(Number(child));
else {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  for (const size of sizes.length > 0 ? sizes : [50, 400]) {
    spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { stdio: 'inherit', env: { ...process.env, HF_BODY_CAP_CHILD: String(size) } });
  }
}
