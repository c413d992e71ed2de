/** Imports run as jobs: the `import.requested` event written with the import row starts `runImport`. */
import { subscribe } from "../../jobs/subscribers.ts";
import * as repo from "./imports.repository.ts";
import { failImport, runImport } from "./imports.runner.ts";

subscribe("import.requested", "imports.run", async (ctx, event) => {
  const importId = String(event.payload.importId);
  try {
    // Idempotent: a redelivered event finds the import finished and does nothing.
    await runImport(ctx, importId);
  } catch (err) {
    // A bug, not bad input: record it so the teacher is not left waiting on "running" for ever.
    ctx.logger.error({ err, importId }, "import crashed");
    const row = await repo.findImportToRun(ctx.database.db, importId);
    if (row) await failImport(ctx, row, [{ line: 1, message: "the import failed on our side; it has been logged" }]);
  }
});
