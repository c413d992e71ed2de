/** Teaching experiments (migration 0013_experiments). */

export interface ExperimentsTable {
  id: string;
  organization_id: string;
  name: string;
  question: string;
  unit: "student" | "class";
  status: "draft" | "running" | "closed";
  /** Random at creation; the deal is a function of it, so the same seed always gives the same deal. */
  seed: string;
  /** JSON array of class ids. */
  class_ids: string;
  outcome_exercise_id: string;
  /** Null = the latest published version at start. */
  outcome_version: number | null;
  pretest_assignment_id: string | null;
  opens_at: string | null;
  due_at: string | null;
  outcome_opens_at: string | null;
  outcome_due_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  closed_at: string | null;
}

export interface ExperimentVariantsTable {
  id: string;
  experiment_id: string;
  organization_id: string;
  /** 0 = the control, that every other variant is compared against. */
  position: number;
  name: string;
  exercise_id: string;
  version: number | null;
}

export interface ExperimentAssignmentsTable {
  assignment_id: string;
  experiment_id: string;
  organization_id: string;
  class_id: string;
  /** Null for the outcome assignment. */
  variant_id: string | null;
}

export interface ExperimentParticipantsTable {
  experiment_id: string;
  user_id: string;
  organization_id: string;
  class_id: string;
  variant_id: string;
  /** Place in the class's deal (late joiners continue it). */
  position: number;
  late: number;
  dealt_at: string;
}

/** The key of the export's participant pseudonyms (HMAC of the user id), sealed like webhook secrets. */
export interface ExperimentSecretsTable {
  organization_id: string;
  secret_encrypted: string;
  created_at: string;
}

export interface ExperimentsTables {
  experiments: ExperimentsTable;
  experiment_variants: ExperimentVariantsTable;
  experiment_assignments: ExperimentAssignmentsTable;
  experiment_participants: ExperimentParticipantsTable;
  experiment_secrets: ExperimentSecretsTable;
}
