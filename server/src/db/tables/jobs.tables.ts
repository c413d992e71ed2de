/**
 * Tables of the job machinery (migration 0004_jobs): leases that elect one instance for a schedule slot or a relay
 * pass, and the (handler, event) pairs already handled so that an event delivered twice is handled once.
 */

/** A named lease: whoever holds an unexpired row owns the work it names. Expired rows are taken over in place. */
export interface JobLocksTable {
  name: string;
  holder: string;
  /** ISO timestamp; the lease is free once it is in the past. */
  expires_at: string;
  acquired_at: string;
}

/** One row per event a subscriber has handled; the primary key (handler, event_id) is what makes it once only. */
export interface ProcessedEventsTable {
  handler: string;
  event_id: string;
  processed_at: string;
}

export interface JobsTables {
  job_locks: JobLocksTable;
  processed_events: ProcessedEventsTable;
}
