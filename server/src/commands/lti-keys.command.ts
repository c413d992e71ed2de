import { ConfigError, loadConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { publicJwks, rotateKeys } from "../modules/lti/lti.keys.ts";
import type { Command } from "./command.ts";

const USAGE = "usage: languagecloud lti-keys list | rotate\n";

/**
 * `languagecloud lti-keys rotate`: a new LTI signing key; the previous one stays published in /lti/jwks for a day,
 * so platforms that cached the keyset keep verifying what was signed just before. `list` prints the kids.
 */
export const ltiKeysCommand: Command = async (argv, io) => {
  const action = argv[0];
  if (action !== "list" && action !== "rotate") {
    io.stderr.write(USAGE);
    return 2;
  }
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
    const ctx = { database, config };
    if (action === "rotate") {
      const { kid } = await rotateKeys(ctx);
      io.stdout.write(`New signing key ${kid}; the previous one stays published for 24 hours.\n`);
    }
    for (const key of (await publicJwks(ctx)).keys) io.stdout.write(`${key.kid}\n`);
    return 0;
  } finally {
    await database.close();
  }
};
