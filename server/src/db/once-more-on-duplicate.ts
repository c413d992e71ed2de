import { isUniqueViolation } from "./dialect.ts";

/**
 * Runs a provisioning transaction again, once, when it lost a race for a unique key: the roster sync that a
 * teacher's launch queues, or a second launch of the same person, may create the same LTI user, course or link
 * between our read and our insert (lti.launch.service.ts, lti.roster.ts). The retry's fresh transaction reads
 * theirs and uses it (the duplicate used to answer the launch 503).
 */
export async function onceMoreOnDuplicate<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return run();
  }
}
