/**
 * For tests: runs a command (or the whole `languagecloud` entry) in-process with standard input given as a string
 * and standard output and error captured as strings, so a test reads what an operator would see on the terminal.
 */
import { PassThrough, Readable } from "node:stream";
import type { CommandIO } from "./command.ts";

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCommand(
  command: (argv: string[], io: CommandIO) => Promise<number>,
  argv: string[],
  stdin: string | NodeJS.ReadableStream = "",
): Promise<CommandRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c) => (out += String(c)));
  stderr.on("data", (c) => (err += String(c)));
  const input = typeof stdin === "string" ? Readable.from([Buffer.from(stdin)]) : stdin;
  const code = await command(argv, { stdin: input, stdout, stderr });
  return { code, stdout: out, stderr: err };
}
