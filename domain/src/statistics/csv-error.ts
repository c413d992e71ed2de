/** A problem in a scores CSV, with the line it is on (1-based, as an editor shows it). */
export class StatsCsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "StatsCsvError";
  }
}
