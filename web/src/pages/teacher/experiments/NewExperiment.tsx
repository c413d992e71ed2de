/**
 * A new experiment in steps (methodology.md §2): the question, the variants (two versions of one exercise or two
 * exercises), the classes, the post-test (and a pre-test), the dates, then a check before it is saved as a draft.
 * Each step is checked before the next; a problem the server finds sends the teacher back to its step.
 */
import type { AssignmentDto, ClassDto, ExerciseSummaryDto, ExerciseVersionDto, Page } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { api } from "../../../api/client.ts";
import type { ExperimentDto } from "../../../api/dto.ts";
import { itemsOf, useOrgQuery } from "../../../api/hooks.ts";
import { Checkbox, Field, Select, TextArea } from "../../../components/Field.tsx";
import { formatDate } from "../../../components/format.ts";
import { FormAlert, QueryState } from "../../../components/states.tsx";
import { useSubmit } from "../../../components/useForm.ts";
import { Link, navigate } from "../../../router.tsx";

interface VariantForm {
  /** Stable across removals, for React's list keys. */
  key: number;
  name: string;
  exerciseId: string;
  version: string;
}

interface Form {
  name: string;
  question: string;
  variants: VariantForm[];
  classIds: string[];
  unit: "student" | "class";
  outcomeExerciseId: string;
  outcomeVersion: string;
  pretestAssignmentId: string;
  opensAt: string;
  dueAt: string;
  outcomeOpensAt: string;
  outcomeDueAt: string;
}

const STEPS = ["The question", "The variants", "The classes", "The post-test", "The dates", "Check and save"] as const;

/** Which step shows a field the server named (`variants.1.exerciseId` → the variants). */
const STEP_OF_FIELD: [RegExp, number][] = [
  [/^(name|question)/, 0],
  [/^variants/, 1],
  [/^(classIds|unit)/, 2],
  [/^(outcome|pretest)/, 3],
  [/^(opensAt|dueAt|outcomeOpensAt|outcomeDueAt)/, 4],
];

let variantKeys = 0;
const newVariant = (): VariantForm => ({ key: ++variantKeys, name: "", exerciseId: "", version: "" });

const blankForm = (): Form => ({
  name: "",
  question: "",
  variants: [newVariant(), newVariant()],
  classIds: [],
  unit: "student",
  outcomeExerciseId: "",
  outcomeVersion: "",
  pretestAssignmentId: "",
  opensAt: "",
  dueAt: "",
  outcomeOpensAt: "",
  outcomeDueAt: "",
});

/** Every field a step shows: a problem there is told at the field (after going back to its step), not twice. */
const SHOWN_FIELDS = [
  "name",
  "question",
  "variants",
  "classIds",
  "unit",
  "outcome",
  "pretest",
  "opensAt",
  "dueAt",
  "outcomeOpensAt",
  "outcomeDueAt",
];

const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** What the teacher must fix before leaving a step, by field. */
function problemsOf(step: number, f: Form): Record<string, string> {
  const out: Record<string, string> = {};
  if (step === 0 && !f.name.trim()) out.name = "Give the experiment a name.";
  if (step === 1)
    f.variants.forEach((v, i) => {
      if (!v.name.trim()) out[`variants.${i}.name`] = "Name this variant.";
      if (!v.exerciseId) out[`variants.${i}.exerciseId`] = "Choose an exercise.";
    });
  if (step === 1) {
    const seen = new Set<string>();
    f.variants.forEach((v, i) => {
      const key = `${v.exerciseId}@${v.version}`;
      if (v.exerciseId && seen.has(key))
        out[`variants.${i}.version`] = "This is the same exercise and version as another variant.";
      seen.add(key);
    });
  }
  if (step === 2 && !f.classIds.length) out.classIds = "Choose at least one class.";
  if (step === 2 && f.unit === "class" && f.classIds.length < f.variants.length)
    out.classIds = `Giving whole classes a variant needs at least ${f.variants.length} classes.`;
  if (step === 3 && !f.outcomeExerciseId) out["outcome.exerciseId"] = "Choose the post-test.";
  if (step === 4 && f.opensAt && f.dueAt && f.dueAt <= f.opensAt) out.dueAt = "The due date must be after the opening.";
  if (step === 4 && f.outcomeOpensAt && f.outcomeDueAt && f.outcomeDueAt <= f.outcomeOpensAt)
    out.outcomeDueAt = "The due date must be after the opening.";
  return out;
}

function VersionSelect({
  orgId,
  exerciseId,
  value,
  onChange,
  label,
  error,
}: {
  orgId: string;
  exerciseId: string;
  value: string;
  onChange: (v: string) => void;
  label: string;
  error?: string | undefined;
}) {
  const versions = useOrgQuery<Page<ExerciseVersionDto>>(orgId, `/exercises/${exerciseId}/versions?limit=200`, {
    enabled: !!exerciseId,
  });
  const numbers = itemsOf(versions.data)
    .map((v) => v.version)
    .sort((a, b) => b - a);
  return (
    <Select label={label} value={value} onChange={(e) => onChange(e.target.value)} error={error}>
      <option value="">The latest version when it starts</option>
      {numbers.map((n) => (
        <option key={n} value={String(n)}>
          Version {n}
        </option>
      ))}
    </Select>
  );
}

function ExerciseSelect({
  label,
  value,
  onChange,
  exercises,
  error,
  hint,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  exercises: ExerciseSummaryDto[];
  error?: string | undefined;
  hint?: string;
}) {
  return (
    <Select label={label} value={value} onChange={(e) => onChange(e.target.value)} error={error} hint={hint}>
      <option value="">Choose a published exercise…</option>
      {exercises.map((x) => (
        <option key={x.id} value={x.id}>
          {x.title}
          {x.level ? ` (${x.level})` : ""}
        </option>
      ))}
    </Select>
  );
}

/** An ISO date-time as a datetime-local field's value (local time, to the minute). */
function toLocal(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A draft back in the form, for editing it in the same steps. */
function formOf(e: ExperimentDto): Form {
  return {
    name: e.name,
    question: e.question,
    variants: e.variants.map((v) => ({
      ...newVariant(),
      name: v.name,
      exerciseId: v.exerciseId,
      version: v.version === null ? "" : String(v.version),
    })),
    classIds: e.classIds,
    unit: e.unit,
    outcomeExerciseId: e.outcome.exerciseId,
    outcomeVersion: e.outcome.version === null ? "" : String(e.outcome.version),
    pretestAssignmentId: e.pretest?.assignmentId ?? "",
    opensAt: toLocal(e.opensAt),
    dueAt: toLocal(e.dueAt),
    outcomeOpensAt: toLocal(e.outcomeOpensAt),
    outcomeDueAt: toLocal(e.outcomeDueAt),
  };
}

/** `experiments/new`, and `experiments/{id}/edit` for a draft (the same steps, saved with PATCH). */
export default function NewExperiment({ orgId, experimentId }: { orgId: string; experimentId?: string }) {
  const draft = useOrgQuery<ExperimentDto>(orgId, `/experiments/${experimentId}`, { enabled: !!experimentId });
  if (!experimentId) return <ExperimentSteps orgId={orgId} />;
  return (
    <QueryState query={draft}>
      {(e) =>
        e.status === "draft" ? (
          <ExperimentSteps orgId={orgId} draft={e} />
        ) : (
          <p>
            This experiment has started, so its setup can no longer change.{" "}
            <Link to={`/o/${orgId}/experiments/${e.id}`}>Back to the experiment</Link>
          </p>
        )
      }
    </QueryState>
  );
}

function ExperimentSteps({ orgId, draft }: { orgId: string; draft?: ExperimentDto }) {
  const qc = useQueryClient();
  const exercisesQ = useOrgQuery<Page<ExerciseSummaryDto>>(orgId, "/exercises?status=published&limit=100");
  const classesQ = useOrgQuery<Page<ClassDto>>(orgId, "/classes");
  const assignmentsQ = useOrgQuery<Page<AssignmentDto>>(orgId, "/assignments?limit=100");
  const exercises = itemsOf(exercisesQ.data);
  const classes = itemsOf(classesQ.data);
  const [step, setStep] = useState(0);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [f, setF] = useState<Form>(() => (draft ? formOf(draft) : blankForm()));
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = useRef(step);
  // The step's heading takes the focus when the step changes, so a keyboard or screen reader user starts there.
  useEffect(() => {
    if (shown.current !== step) heading.current?.focus();
    shown.current = step;
  }, [step]);

  const { submit, pending, fieldErrors, formError } = useSubmit(
    () =>
      api<ExperimentDto>(`/orgs/${orgId}/experiments${draft ? `/${draft.id}` : ""}`, {
        method: draft ? "PATCH" : "POST",
        body: {
          name: f.name.trim(),
          question: f.question.trim(),
          classIds: f.classIds,
          unit: f.unit,
          variants: f.variants.map((v) => ({
            name: v.name.trim(),
            exerciseId: v.exerciseId,
            ...(v.version ? { version: Number(v.version) } : {}),
          })),
          outcome: {
            exerciseId: f.outcomeExerciseId,
            ...(f.outcomeVersion ? { version: Number(f.outcomeVersion) } : {}),
          },
          pretest: f.pretestAssignmentId ? { assignmentId: f.pretestAssignmentId } : null,
          // null clears a date of a draft; a new experiment simply leaves it out.
          opensAt: toIso(f.opensAt) ?? (draft ? null : undefined),
          dueAt: toIso(f.dueAt) ?? (draft ? null : undefined),
          outcomeOpensAt: toIso(f.outcomeOpensAt) ?? (draft ? null : undefined),
          outcomeDueAt: toIso(f.outcomeDueAt) ?? (draft ? null : undefined),
        },
      }),
    (e) => {
      qc.invalidateQueries({ queryKey: ["org", orgId] });
      navigate(`/o/${orgId}/experiments/${e.id}`);
    },
    { fields: SHOWN_FIELDS },
  );
  // A problem the server found at a field: go back to the step that shows it.
  useEffect(() => {
    const first = Object.keys(fieldErrors)[0];
    const at = first ? STEP_OF_FIELD.find(([re]) => re.test(first)) : undefined;
    if (at) setStep(at[1]);
  }, [fieldErrors]);

  const err = (field: string) => problems[field] ?? fieldErrors[field];
  const setVariant = (i: number, patch: Partial<VariantForm>) =>
    setF({ ...f, variants: f.variants.map((v, k) => (k === i ? { ...v, ...patch } : v)) });
  const titleOf = (id: string) => exercises.find((x) => x.id === id)?.title ?? "—";
  const pretestOptions = itemsOf(assignmentsQ.data).filter((a) => f.classIds.includes(a.classId));

  function next(e: React.FormEvent) {
    e.preventDefault();
    const found = problemsOf(step, f);
    setProblems(found);
    if (Object.keys(found).length) return;
    if (step < STEPS.length - 1) setStep(step + 1);
    else submit();
  }

  return (
    <section aria-labelledby="new-experiment-title">
      <h1 id="new-experiment-title">{draft ? `Edit: ${draft.name}` : "New experiment"}</h1>
      <p>
        <Link to={`/o/${orgId}/experiments`}>All experiments</Link>
      </p>
      <ol className="steps">
        {STEPS.map((s, i) => (
          <li key={s} aria-current={i === step ? "step" : undefined} className={i < step ? "done" : undefined}>
            {s}
          </li>
        ))}
      </ol>
      <form className="card" onSubmit={next} noValidate aria-labelledby="step-title">
        <h2 id="step-title" ref={heading} tabIndex={-1}>
          Step {step + 1} of {STEPS.length}: {STEPS[step]}
        </h2>
        {step === 0 ? (
          <>
            <Field
              label="Name"
              required
              value={f.name}
              onChange={(e) => setF({ ...f, name: e.target.value })}
              error={err("name")}
              hint="A short name for your list, e.g. “Past simple: examples or rules first?”"
            />
            <TextArea
              label="The question, in your words"
              value={f.question}
              onChange={(e) => setF({ ...f, question: e.target.value })}
              error={err("question")}
              hint="What do you want to find out? e.g. “Is the examples-first version better than the rule-first one?”"
            />
          </>
        ) : null}
        {step === 1 ? (
          <>
            <p className="hint">
              Two versions of one exercise, or two different exercises. The first variant is the one the others are
              compared with (usually the way you teach it now).
            </p>
            {f.variants.map((v, i) => (
              <fieldset key={v.key}>
                <legend>
                  Variant {i + 1}
                  {i === 0 ? " (compared against)" : ""}
                </legend>
                <Field
                  label={`Name of variant ${i + 1}`}
                  value={v.name}
                  onChange={(e) => setVariant(i, { name: e.target.value })}
                  error={err(`variants.${i}.name`)}
                />
                <ExerciseSelect
                  label={`Exercise of variant ${i + 1}`}
                  value={v.exerciseId}
                  onChange={(id) => setVariant(i, { exerciseId: id, version: "" })}
                  exercises={exercises}
                  error={err(`variants.${i}.exerciseId`)}
                />
                {v.exerciseId ? (
                  <VersionSelect
                    orgId={orgId}
                    label={`Version of variant ${i + 1}`}
                    exerciseId={v.exerciseId}
                    value={v.version}
                    onChange={(version) => setVariant(i, { version })}
                    error={err(`variants.${i}.version`)}
                  />
                ) : null}
                {f.variants.length > 2 ? (
                  <button type="button" onClick={() => setF({ ...f, variants: f.variants.filter((_, k) => k !== i) })}>
                    Remove variant {i + 1}
                  </button>
                ) : null}
              </fieldset>
            ))}
            {f.variants.length < 4 ? (
              <button type="button" onClick={() => setF({ ...f, variants: [...f.variants, newVariant()] })}>
                Add a variant
              </button>
            ) : null}
          </>
        ) : null}
        {step === 2 ? (
          <>
            <fieldset aria-describedby={err("classIds") ? "classes-error" : undefined}>
              <legend>Classes taking part</legend>
              {classes.length ? null : <p className="hint">Create a class first.</p>}
              {classes.map((c) => (
                <Checkbox
                  key={c.id}
                  label={`${c.name} (${c.studentCount} students)`}
                  checked={f.classIds.includes(c.id)}
                  onChange={(e) =>
                    setF({
                      ...f,
                      classIds: e.target.checked ? [...f.classIds, c.id] : f.classIds.filter((x) => x !== c.id),
                      pretestAssignmentId: "",
                    })
                  }
                />
              ))}
              {err("classIds") ? (
                <span className="field-error" id="classes-error" role="alert">
                  {err("classIds")}
                </span>
              ) : null}
            </fieldset>
            <fieldset>
              <legend>Who gets which variant</legend>
              <div className="field checkbox">
                <input
                  type="radio"
                  id="unit-student"
                  name="unit"
                  checked={f.unit === "student"}
                  onChange={() => setF({ ...f, unit: "student" })}
                />
                <label htmlFor="unit-student">Students at random, evenly within each class (recommended)</label>
              </div>
              <div className="field checkbox">
                <input
                  type="radio"
                  id="unit-class"
                  name="unit"
                  checked={f.unit === "class"}
                  onChange={() => setF({ ...f, unit: "class" })}
                />
                <label htmlFor="unit-class">Whole classes: each class gets one variant</label>
              </div>
              <p className="hint">
                With whole classes, a difference between the variants cannot be told apart from a difference between the
                classes unless each variant has several classes.
              </p>
            </fieldset>
          </>
        ) : null}
        {step === 3 ? (
          <>
            <p className="hint">
              Every student does the same post-test after their variant; its first attempt is what is compared.
            </p>
            <ExerciseSelect
              label="Post-test exercise"
              value={f.outcomeExerciseId}
              onChange={(id) => setF({ ...f, outcomeExerciseId: id, outcomeVersion: "" })}
              exercises={exercises}
              error={err("outcome.exerciseId")}
            />
            {f.outcomeExerciseId ? (
              <VersionSelect
                orgId={orgId}
                label="Version of the post-test"
                exerciseId={f.outcomeExerciseId}
                value={f.outcomeVersion}
                onChange={(outcomeVersion) => setF({ ...f, outcomeVersion })}
                error={err("outcome.version")}
              />
            ) : null}
            <Select
              label="Pre-test (optional)"
              value={f.pretestAssignmentId}
              onChange={(e) => setF({ ...f, pretestAssignmentId: e.target.value })}
              error={err("pretest.assignmentId")}
              hint="An assignment the students did before. The results then also show the difference allowing for where each student started."
            >
              <option value="">No pre-test</option>
              {pretestOptions.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title} ({classes.find((c) => c.id === a.classId)?.name ?? "a class"})
                </option>
              ))}
            </Select>
          </>
        ) : null}
        {step === 4 ? (
          <>
            <p className="hint">All optional: without dates, the assignments are open from the start.</p>
            <div className="filters">
              <Field
                label="Variants open at"
                type="datetime-local"
                value={f.opensAt}
                onChange={(e) => setF({ ...f, opensAt: e.target.value })}
                error={err("opensAt")}
              />
              <Field
                label="Variants due at"
                type="datetime-local"
                value={f.dueAt}
                onChange={(e) => setF({ ...f, dueAt: e.target.value })}
                error={err("dueAt")}
              />
              <Field
                label="Post-test opens at"
                type="datetime-local"
                value={f.outcomeOpensAt}
                onChange={(e) => setF({ ...f, outcomeOpensAt: e.target.value })}
                error={err("outcomeOpensAt")}
              />
              <Field
                label="Post-test due at"
                type="datetime-local"
                value={f.outcomeDueAt}
                onChange={(e) => setF({ ...f, outcomeDueAt: e.target.value })}
                error={err("outcomeDueAt")}
              />
            </div>
          </>
        ) : null}
        {step === 5 ? (
          <dl className="setup">
            <dt>Name</dt>
            <dd>{f.name}</dd>
            {f.question ? (
              <>
                <dt>The question</dt>
                <dd>{f.question}</dd>
              </>
            ) : null}
            <dt>Variants</dt>
            <dd>
              <ol>
                {f.variants.map((v) => (
                  <li key={v.key}>
                    {v.name}: {titleOf(v.exerciseId)}, {v.version ? `version ${v.version}` : "latest version"}
                  </li>
                ))}
              </ol>
            </dd>
            <dt>Classes</dt>
            <dd>
              {f.classIds.map((id) => classes.find((c) => c.id === id)?.name ?? "—").join(", ")} —{" "}
              {f.unit === "student" ? "students dealt within each class" : "whole classes"}
            </dd>
            <dt>Post-test</dt>
            <dd>
              {titleOf(f.outcomeExerciseId)}
              {f.pretestAssignmentId ? "; with a pre-test" : "; no pre-test"}
            </dd>
            <dt>Dates</dt>
            <dd>
              Variants {formatDate(toIso(f.opensAt))} to {formatDate(toIso(f.dueAt))}; post-test{" "}
              {formatDate(toIso(f.outcomeOpensAt))} to {formatDate(toIso(f.outcomeDueAt))}
            </dd>
          </dl>
        ) : null}
        {step === 5 ? (
          <p className="hint">It is saved as a draft: nothing reaches the students until you start it.</p>
        ) : null}
        <FormAlert error={formError} />
        <div className="row">
          {step > 0 ? (
            <button type="button" onClick={() => setStep(step - 1)}>
              Back
            </button>
          ) : null}
          <button type="submit" className="primary" disabled={pending}>
            {step < STEPS.length - 1 ? "Next" : "Save the experiment"}
          </button>
        </div>
      </form>
    </section>
  );
}
