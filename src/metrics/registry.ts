/**
 * The process's Prometheus instruments, on a registry of our own (never
 * prom-client's global one, which libraries may write to). Counters and
 * histograms are updated where things happen (HTTP middleware, job events,
 * sync, IDLE, LLM providers, analysis); the database gauges are read at
 * scrape time (database.ts).
 *
 * Labels are bounded sets only: route patterns, task names, status codes,
 * provider kinds, account security modes, failure reasons. Never a user id,
 * an address, a subject, a host or a message id: each of those would make
 * one series per value, and they are private.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export const METRICS_PREFIX = "mailhelper_";

export const registry = new Registry();

/** Seconds: from a static file to a slow list page or sync. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900];

export const httpRequests = new Counter({
  name: `${METRICS_PREFIX}http_requests_total`,
  help: "HTTP requests answered, by method, route pattern (unmatched: no route) and status code.",
  labelNames: ["method", "route", "status"] as const,
  registers: [registry],
});

export const httpRequestDuration = new Histogram({
  name: `${METRICS_PREFIX}http_request_duration_seconds`,
  help: "Time from the request reaching the app to its response being ready, by method and route pattern.",
  labelNames: ["method", "route"] as const,
  buckets: REQUEST_BUCKETS,
  registers: [registry],
});

export const jobsCompleted = new Counter({
  name: `${METRICS_PREFIX}jobs_total`,
  help: "Jobs this process ran to the end of an attempt, by task and outcome (success, failure).",
  labelNames: ["task", "outcome"] as const,
  registers: [registry],
});

export const jobDuration = new Histogram({
  name: `${METRICS_PREFIX}job_duration_seconds`,
  help: "Run time of a job attempt in this process, by task and outcome.",
  labelNames: ["task", "outcome"] as const,
  buckets: JOB_BUCKETS,
  registers: [registry],
});

export const jobsFailedPermanently = new Counter({
  name: `${METRICS_PREFIX}jobs_failed_permanently_total`,
  help: "Jobs that used their last attempt in this process, by task.",
  labelNames: ["task"] as const,
  registers: [registry],
});

export const jobQueueDepth = new Gauge({
  name: `${METRICS_PREFIX}job_queue_depth`,
  help: "Jobs in the queue (all processes), by task and state: ready, scheduled (run_at later), running, failed (no attempts left). Read at scrape time.",
  labelNames: ["task", "state"] as const,
  registers: [registry],
});

export const syncMessagesStored = new Counter({
  name: `${METRICS_PREFIX}sync_messages_stored_total`,
  help: "New messages stored by account syncs in this process, by account kind (the IMAP security mode: tls, starttls, none).",
  labelNames: ["kind"] as const,
  registers: [registry],
});

export const syncErrors = new Counter({
  name: `${METRICS_PREFIX}sync_errors_total`,
  help: "Account syncs that failed in this process, by account kind and reason (auth, timeout, tls, …; internal for database and program errors).",
  labelNames: ["kind", "reason"] as const,
  registers: [registry],
});

export const idleConnections = new Gauge({
  name: `${METRICS_PREFIX}imap_idle_connections`,
  help: "IMAP connections this process holds in IDLE on an INBOX.",
  registers: [registry],
});

export const llmCalls = new Counter({
  name: `${METRICS_PREFIX}llm_calls_total`,
  help: "Requests to LLM providers from this process, by provider kind and operation (chat, embed, list_models); failures are counted apart.",
  labelNames: ["provider", "operation"] as const,
  registers: [registry],
});

export const llmFailures = new Counter({
  name: `${METRICS_PREFIX}llm_failures_total`,
  help: "Failed LLM provider requests from this process, by provider kind, operation and reason.",
  labelNames: ["provider", "operation", "reason"] as const,
  registers: [registry],
});

export const llmTokens = new Counter({
  name: `${METRICS_PREFIX}llm_tokens_total`,
  help: "Tokens the providers reported for chat requests, by provider kind and type (prompt, completion).",
  labelNames: ["provider", "type"] as const,
  registers: [registry],
});

export const analyses = new Counter({
  name: `${METRICS_PREFIX}analyses_total`,
  help: "Analyses stored by this process, by provider kind (local or the LLM's) and traffic light (red, yellow, green).",
  labelNames: ["provider", "traffic_light"] as const,
  registers: [registry],
});

export const analysisVerdicts = new Counter({
  name: `${METRICS_PREFIX}analysis_verdicts_total`,
  help: "Stored analyses that judged a message spam, newsletter or phishing, by verdict.",
  labelNames: ["verdict"] as const,
  registers: [registry],
});

export const dbConnections = new Gauge({
  name: `${METRICS_PREFIX}db_connections`,
  help: "Server connections of the app's role to its database (every process and pool, graphile-worker's too), by state. Read at scrape time from pg_stat_activity.",
  labelNames: ["state"] as const,
  registers: [registry],
});

export const dbPoolMax = new Gauge({
  name: `${METRICS_PREFIX}db_pool_max_connections`,
  help: "DB_POOL_MAX: the most connections this process's own pool opens.",
  registers: [registry],
});

let defaultsStarted = false;

/**
 * Process memory, CPU, file descriptors, event loop lag and GC (prom-client's
 * defaults), started only once metrics are served: the event loop monitor
 * and GC observer cost nothing measurable, but nothing at all when off.
 */
export function startDefaultMetrics(): void {
  if (defaultsStarted) return;
  defaultsStarted = true;
  collectDefaultMetrics({ register: registry, prefix: METRICS_PREFIX });
}
