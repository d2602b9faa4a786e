import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CommandMetrics, CommandOutcome } from '../commands/answer.js';
import type { PostMetrics, PostOutcome } from '../posts/daily-job.js';

// Prometheus metrics (prom-client), on a registry of their own so tests and
// several bots in one process never share counters. The core records through
// the small CommandMetrics and PostMetrics interfaces, so it never imports
// prom-client; this module implements them and serves GET /metrics.
//
//   paperbot_commands_total{kind,outcome}         answers by command and outcome
//   paperbot_answer_duration_seconds{kind}        answer latency (histogram)
//   paperbot_daily_posts_total{outcome}           daily posts sent, failed, retried
//   paperbot_papers_ingested_total{source}        papers added to the library
//   paperbot_source_fetch_errors_total{source}    failed reads of a paper source
//   paperbot_library_papers                       papers in the library
//   paperbot_newest_paper_age_seconds             age of the newest digest day (+Inf when empty)
//   nodejs_eventloop_lag_seconds (and _p50, _p99, ...), process_*, nodejs_*: prom-client's defaults

/** Where papers come from, as the `source` label: the digest folder, or a live source. */
export type PaperSource = 'digest' | (string & {});

/** The bot's metrics: recorders for the core, and the handler for GET /metrics. */
export interface Metrics extends CommandMetrics, PostMetrics {
  readonly registry: Registry;
  /** Counts papers a source added to the library. */
  recordIngested(source: PaperSource, papers: number): void;
  /** Counts a failed read of a source (an unreadable digest folder, a failed API call). */
  recordFetchError(source: PaperSource): void;
  /** Serves the metrics in Prometheus' text format; mount it at GET /metrics. */
  readonly handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/** What the gauges read when Prometheus scrapes; all optional. */
export interface MetricsOptions {
  /** Papers in the library now. */
  librarySize?: () => number;
  /** When the newest paper appeared (a digest's day at 00:00 UTC); undefined for an empty library. */
  newestPaperAt?: () => Date | undefined;
  now?: () => number;
  /** prom-client's default process metrics, event-loop lag among them (default true). */
  defaultMetrics?: boolean;
}

// Answers take about 1 ms on the sample and up to ~50 ms on 50k papers (README,
// Performance); the buckets reach past Slack's and Discord's 3 s deadline.
const ANSWER_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Creates the metrics on a fresh registry. */
export function createMetrics(opts: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const now = opts.now ?? Date.now;
  // The event loop delay histogram samples every 100 ms, not prom-client's 10 ms: that timer woke an idle
  // bot 100 times a second (0.35 s of CPU a minute); a delay worth alerting on lasts far longer than 100 ms.
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });

  const commands = new Counter({ name: 'paperbot_commands_total', help: 'Commands answered, by command kind and outcome.', labelNames: ['kind', 'outcome'] as const, registers });
  const latency = new Histogram({
    name: 'paperbot_answer_duration_seconds',
    help: 'Time to answer a command, from text or button to reply value.',
    labelNames: ['kind'] as const,
    buckets: ANSWER_BUCKETS,
    registers,
  });
  const posts = new Counter({ name: 'paperbot_daily_posts_total', help: 'Daily posts by outcome: sent, failed, or retried (an attempt after a failure).', labelNames: ['outcome'] as const, registers });
  const ingested = new Counter({ name: 'paperbot_papers_ingested_total', help: 'Papers added to the library, by source.', labelNames: ['source'] as const, registers });
  const fetchErrors = new Counter({ name: 'paperbot_source_fetch_errors_total', help: 'Failed reads of a paper source, by source.', labelNames: ['source'] as const, registers });
  new Gauge({
    name: 'paperbot_library_papers',
    help: 'Papers in the library.',
    registers,
    collect() {
      if (opts.librarySize) this.set(opts.librarySize());
    },
  });
  new Gauge({
    name: 'paperbot_newest_paper_age_seconds',
    help: 'Seconds since the newest paper appeared (its digest day at 00:00 UTC); +Inf while the library is empty.',
    registers,
    collect() {
      if (!opts.newestPaperAt) return;
      const at = opts.newestPaperAt();
      this.set(at === undefined ? Infinity : Math.max(0, (now() - at.getTime()) / 1000));
    },
  });
  // Zero samples for the outcomes that matter, so a dashboard sees "0 failed" rather than no series.
  for (const outcome of ['sent', 'failed', 'retried'] as const) posts.inc({ outcome }, 0);

  return {
    registry,
    recordCommand: (kind: string, outcome: CommandOutcome, seconds: number) => {
      commands.inc({ kind, outcome });
      latency.observe({ kind }, seconds);
    },
    recordPost: (outcome: PostOutcome) => posts.inc({ outcome }),
    recordIngested: (source, papers) => {
      if (papers > 0) ingested.inc({ source }, papers);
    },
    recordFetchError: (source) => fetchErrors.inc({ source }),
    handler: (req, res) => void serve(registry, req, res),
  };
}

async function serve(registry: Registry, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Only GET /metrics is served here.\n');
    return;
  }
  try {
    const body = await registry.metrics();
    res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body);
  } catch (err) {
    // A failing collect() must not take the metrics endpoint (or the process) down.
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`metrics failed: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}
