/** The offline commands, loaded lazily so that `languagecloud serve` does not pay for them. */
import { registerCommand } from "../cli.ts";
