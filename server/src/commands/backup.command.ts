/**
 * `languagecloud backup --org ID --out FILE [--passphrase-env VAR]` and `languagecloud restore FILE [--new-org]
 * [--passphrase-env VAR]` (operations.md, "Backup and restore of an organization"). Progress goes to standard
 * error; restore prints `{"organizationId": …, "counts": {…}}` as its last line on standard output.
 */
import { constants, createWriteStream } from "node:fs";
import { access, rename, rm } from "node:fs/promises";
import { parseArgs } from "node:util";
import { type Config, ConfigError, loadConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { createStorage } from "../infra/storage/create-storage.ts";
import { BackupError } from "../modules/backup/archive.ts";
import { writeBackup } from "../modules/backup/backup.service.ts";
import { restoreBackup } from "../modules/backup/restore.service.ts";
import type { Command, CommandIO } from "./command.ts";

const BACKUP_USAGE = "usage: languagecloud backup --org ID --out FILE [--passphrase-env VAR]\n";
const RESTORE_USAGE = "usage: languagecloud restore FILE [--new-org] [--passphrase-env VAR]\n";

function passphraseFrom(variable: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (variable === undefined) return undefined;
  const value = env[variable];
  if (!value) throw new BackupError(`the environment variable ${variable} (--passphrase-env) is not set or empty`);
  return value;
}

function config(io: CommandIO): Config | null {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`${err.message}\n`);
      return null;
    }
    throw err;
  }
}

type Options = NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>["options"]>;

function parse(argv: string[], options: Options, usage: string, io: CommandIO) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n${usage}`);
    return null;
  }
}

export const backupCommand: Command = async (argv, io) => {
  const args = parse(
    argv,
    {
      org: { type: "string" },
      out: { type: "string" },
      "passphrase-env": { type: "string" },
      help: { type: "boolean" },
    },
    BACKUP_USAGE,
    io,
  );
  if (!args) return 2;
  if (args.values.help) {
    io.stdout.write(BACKUP_USAGE);
    return 0;
  }
  const org = args.values.org as string | undefined;
  const out = args.values.out as string | undefined;
  if (!org || !out || args.positionals.length) {
    io.stderr.write(BACKUP_USAGE);
    return 2;
  }
  const cfg = config(io);
  if (!cfg) return 1;
  const database = openDatabase(cfg.DATABASE_URL, { poolSize: 2 });
  const storage = createStorage(cfg);
  // Written beside the target and renamed at the end: a failed backup leaves no file that looks like one.
  const partial = `${out}.partial`;
  try {
    const passphrase = passphraseFrom(args.values["passphrase-env"] as string | undefined, process.env);
    const manifest = await writeBackup({
      db: database.db,
      storage,
      orgId: org,
      out: createWriteStream(partial),
      passphrase,
      progress: (line) => io.stderr.write(`${line}\n`),
    });
    await rename(partial, out);
    io.stdout.write(`${JSON.stringify({ organizationId: org, file: out, counts: manifest.counts })}\n`);
    return 0;
  } catch (err) {
    await rm(partial, { force: true });
    if (err instanceof BackupError) {
      io.stderr.write(`backup refused: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await storage.close();
    await database.close();
  }
};

export const restoreCommand: Command = async (argv, io) => {
  const args = parse(
    argv,
    { "new-org": { type: "boolean" }, "passphrase-env": { type: "string" }, help: { type: "boolean" } },
    RESTORE_USAGE,
    io,
  );
  if (!args) return 2;
  if (args.values.help) {
    io.stdout.write(RESTORE_USAGE);
    return 0;
  }
  const [file, ...extra] = args.positionals;
  if (!file || extra.length) {
    io.stderr.write(RESTORE_USAGE);
    return 2;
  }
  // A file that cannot be read is refused before the database is even opened (and migrated).
  try {
    await access(file, constants.R_OK);
  } catch {
    io.stderr.write(`restore refused: cannot read ${file}\n`);
    return 1;
  }
  const cfg = config(io);
  if (!cfg) return 1;
  const database = openDatabase(cfg.DATABASE_URL, { poolSize: 2 });
  const storage = createStorage(cfg);
  try {
    const passphrase = passphraseFrom(args.values["passphrase-env"] as string | undefined, process.env);
    await migrateToLatest(database.db);
    const result = await restoreBackup({
      db: database.db,
      storage,
      file,
      passphrase,
      newOrg: !!args.values["new-org"],
      progress: (line) => io.stderr.write(`${line}\n`),
    });
    io.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof BackupError) {
      io.stderr.write(`restore refused: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await storage.close();
    await database.close();
  }
};
