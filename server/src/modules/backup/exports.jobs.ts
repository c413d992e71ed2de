/** The admin's backup download: the `backup.requested` event written with the request runs the export. */
import { subscribe } from "../../jobs/subscribers.ts";
import { runBackupExport } from "./exports.service.ts";

subscribe("backup.requested", "backups.run", async (ctx, event) => {
  await runBackupExport(ctx, String(event.payload.backupId));
});
