/**
 * Builds a user's export archive (src/export/). Payload: the export id
 * only; the owner is read from the row, the archive key from the row,
 * encrypted under the owner's data key (and erased once used).
 */
import * as v from "valibot";
import { DataKeyUnavailableError, dataKeyForBackgroundWork } from "../src/auth/data-key-access.ts";
import { buildExport } from "../src/export/build-export.ts";
import { exportOwner, markExportFailed, markExportReady, recordExportProgress, takeExportKey } from "../src/export/store.ts";
import type { SecretKey } from "../src/crypto/secret-key.ts";
import { defineTask } from "../src/jobs/define-task.ts";

const Payload = v.object({ exportId: v.pipe(v.string(), v.uuid()) });

/** As queued by requestExport: after the last attempt the export is marked failed. */
const MAX_ATTEMPTS = 3;

declare global {
  namespace GraphileWorker {
    interface Tasks {
      build_export: v.InferInput<typeof Payload>;
    }
  }
}

export default defineTask(Payload, async ({ exportId }, { sql, config, keyring, log, attempt }) => {
  const owner = await exportOwner(sql, exportId);
  if (!owner || (owner.status !== "queued" && owner.status !== "running")) return log.info("export gone or done", { exportId });
  let dataKey: SecretKey;
  try {
    dataKey = await dataKeyForBackgroundWork(sql, keyring, config, owner.userId);
  } catch (error) {
    if (!(error instanceof DataKeyUnavailableError)) throw error;
    await markExportFailed(sql, exportId, "data_key_unavailable");
    return log.info("export failed: data key unavailable", { exportId });
  }
  const key = await takeExportKey(sql, dataKey, owner.userId, exportId);
  if (!key) {
    await markExportFailed(sql, exportId, "key_missing");
    return log.warn("export has no key", { exportId });
  }
  try {
    const { counts, sizeBytes } = await buildExport(sql, config, dataKey, owner.userId, exportId, key, { progress: (done) => recordExportProgress(sql, exportId, done) });
    await markExportReady(sql, exportId, counts, sizeBytes);
    log.info("export ready", { exportId, sizeBytes, ...counts });
  } catch (error) {
    if (attempt >= MAX_ATTEMPTS) await markExportFailed(sql, exportId, "failed");
    throw error;
  } finally {
    key.key.fill(0);
  }
});
