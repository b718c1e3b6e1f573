/**
 * One scrape: the database gauges refreshed, then the whole registry in
 * Prometheus' text format (prom-client writes it). A database that does not
 * answer leaves those gauges at their last values and says so in
 * `mailhelper_metrics_database_up`; the process metrics are still served.
 */
import { Gauge } from "prom-client";
import type { Config } from "../config.ts";
import type { Sql } from "../db/connection.ts";
import type { Logger } from "../log.ts";
import { refreshDatabaseGauges } from "./database.ts";
import { METRICS_PREFIX, registry, startDefaultMetrics } from "./registry.ts";

const databaseUp = new Gauge({
  name: `${METRICS_PREFIX}metrics_database_up`,
  help: "1 when the last scrape could read the queue and connection gauges from PostgreSQL, 0 when it could not.",
  registers: [registry],
});

export interface Scrape {
  contentType: string;
  body: string;
}

export async function scrapeMetrics(services: { sql: Sql; config: Config; log: Logger }): Promise<Scrape> {
  startDefaultMetrics();
  try {
    await refreshDatabaseGauges(services.sql, services.config);
    databaseUp.set(1);
  } catch (error) {
    databaseUp.set(0);
    services.log.warn("metrics: could not read the database gauges", { code: (error as { code?: string }).code });
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}
