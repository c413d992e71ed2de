/** A command of `languagecloud`: takes its own argv (after the command name) and returns the exit code. */
export interface CommandIO {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export type Command = (argv: string[], io: CommandIO) => Promise<number>;

/** Reads a whole file, or standard input when the path is "-". */
export async function readInput(path: string, io: CommandIO): Promise<string> {
  if (path !== "-") {
    const { readFile } = await import("node:fs/promises");
    return readFile(path, "utf8");
  }
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString("utf8");
}
