import { ConfigError, loadConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import type { Command } from "./command.ts";

/** `languagecloud migrate`: applies pending migrations; exits non-zero when one fails. */
export const migrateCommand: Command = async (_argv, io) => {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const database = openDatabase(config.DATABASE_URL);
  try {
    const applied = await migrateToLatest(database.db);
    io.stdout.write(applied.length ? `Applied: ${applied.join(", ")}\n` : "The database is up to date.\n");
    return 0;
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n`);
    return 1;
  } finally {
    await database.close();
  }
};
