import type { ExperimentRow, VariantRow } from "./experiments.repository.ts";

export interface ExperimentDto {
  id: string;
  name: string;
  question: string;
  status: ExperimentRow["status"];
  unit: ExperimentRow["unit"];
  classIds: string[];
  variants: { id: string; name: string; exerciseId: string; version: number | null }[];
  outcome: { exerciseId: string; version: number | null };
  pretest: { assignmentId: string } | null;
  opensAt: string | null;
  dueAt: string | null;
  outcomeOpensAt: string | null;
  outcomeDueAt: string | null;
  createdAt: string;
  startedAt: string | null;
  closedAt: string | null;
}

export function presentExperiment(e: ExperimentRow, variants: readonly VariantRow[]): ExperimentDto {
  return {
    id: e.id,
    name: e.name,
    question: e.question,
    status: e.status,
    unit: e.unit,
    classIds: JSON.parse(e.class_ids) as string[],
    variants: variants.map((v) => ({
      id: v.id,
      name: v.name,
      exerciseId: v.exercise_id,
      version: v.version === null ? null : Number(v.version),
    })),
    outcome: {
      exerciseId: e.outcome_exercise_id,
      version: e.outcome_version === null ? null : Number(e.outcome_version),
    },
    pretest: e.pretest_assignment_id ? { assignmentId: e.pretest_assignment_id } : null,
    opensAt: e.opens_at,
    dueAt: e.due_at,
    outcomeOpensAt: e.outcome_opens_at,
    outcomeDueAt: e.outcome_due_at,
    createdAt: e.created_at,
    startedAt: e.started_at,
    closedAt: e.closed_at,
  };
}
