/**
 * Reading an import file (parse + validation of every item) is synchronous CPU work: a 10,000-question GIFT file
 * held the event loop for about 300 ms, and in the embedded setup the import job runs in the API process, so every
 * request waited meanwhile. Files above OFF_THREAD_BYTES are read in a worker thread; smaller ones (almost all, and
 * quicker than starting a thread) in place. The result is the same either way, errors included.
 */
import { Worker } from "node:worker_threads";
import {
  type Exercise,
  FormatError,
  type FormatIssue,
  type ImportFormat,
  type ImportWarning,
  readExerciseReport,
} from "@languagecloud/domain";

export const OFF_THREAD_BYTES = 256 * 1024;

type Report = { exercise: Exercise; warnings: ImportWarning[] };
type Reply = ({ ok: true } & Report) | { ok: false; issues: FormatIssue[] } | { ok: false; message: string };

export async function readImport(
  text: string,
  format: ImportFormat,
  options: { title?: string },
  offThreadBytes = OFF_THREAD_BYTES,
): Promise<Exercise> {
  return (await readImportReport(text, format, options, offThreadBytes)).exercise;
}

/** The exercise and the import's warnings (what the file said that we could not keep). */
export async function readImportReport(
  text: string,
  format: ImportFormat,
  options: { title?: string },
  offThreadBytes = OFF_THREAD_BYTES,
): Promise<Report> {
  if (text.length < offThreadBytes) return readExerciseReport(text, format, options);
  const worker = new Worker(new URL("./read-worker.mjs", import.meta.url), { workerData: { text, format, options } });
  try {
    const reply = await new Promise<Reply>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the import reader thread stopped (exit code ${code})`)));
    });
    if (reply.ok) return { exercise: reply.exercise, warnings: reply.warnings };
    if ("issues" in reply) throw new FormatError(reply.issues);
    throw new Error(`reading the import failed: ${reply.message}`);
  } finally {
    await worker.terminate();
  }
}
