/** The offline commands, loaded lazily so that `languagecloud serve` does not pay for them. */
import { registerCommand } from "./registry.ts";

registerCommand(
  "stats",
  "item analysis of a CSV of scores (statistics.md)",
  async () => (await import("./stats.command.ts")).statsCommand,
);
registerCommand(
  "rasch",
  "Rasch calibration of a CSV of scores: item difficulties and abilities on one scale (methodology.md §3)",
  async () => (await import("./rasch.command.ts")).raschCommand,
);
registerCommand(
  "grade",
  "grade a response (or a JSONL batch) against an item",
  async () => (await import("./grade.command.ts")).gradeCommand,
);
registerCommand(
  "convert",
  "convert exercises between GIFT, Aiken, CSV and JSON",
  async () => (await import("./convert.command.ts")).convertCommand,
);
registerCommand(
  "worker",
  "run the job consumers and schedules (BullMQ with REDIS_URL)",
  async () => (await import("../worker.ts")).workerCommand,
  { noArguments: true },
);
registerCommand(
  "backup",
  "write an organization's archive: --org ID --out FILE [--passphrase-env VAR]",
  async () => (await import("./backup.command.ts")).backupCommand,
);
registerCommand(
  "restore",
  "restore an organization's archive: FILE [--new-org] [--passphrase-env VAR]",
  async () => (await import("./backup.command.ts")).restoreCommand,
);
registerCommand(
  "lti-keys",
  "the LTI tool's signing keys: list | rotate (the old key stays published for a day)",
  async () => (await import("./lti-keys.command.ts")).ltiKeysCommand,
);
