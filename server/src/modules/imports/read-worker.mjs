// The thread that reads a large import file (imports.read.ts). Plain JavaScript so that Node can start it as it is;
// tsx then compiles the TypeScript it imports, as server/bin/languagecloud.js does for the main thread.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { readExerciseReport, FormatError } = await import("@languagecloud/domain");
const { text, format, options } = workerData;
try {
  parentPort.postMessage({ ok: true, ...readExerciseReport(text, format, options) });
} catch (err) {
  parentPort.postMessage(
    err instanceof FormatError
      ? { ok: false, issues: err.errors }
      : { ok: false, message: err instanceof Error ? err.message : String(err) },
  );
}
