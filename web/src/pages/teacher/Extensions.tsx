import type { AssignmentDto, Page } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { StudentDto } from "../../api/dto.ts";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { Field, Select } from "../../components/Field.tsx";
import { formatDate } from "../../components/format.ts";
import { FormAlert } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";

interface ExtensionDto {
  assignmentId: string;
  userId: string;
  name?: string;
  dueAt: string | null;
  extraAttempts: number;
  updatedAt: string;
}

/** ISO → the value a datetime-local input shows (local time). */
export const toLocalInput = (iso: string | null) => {
  if (!iso) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/**
 * One student's own terms for an assignment (PUT/DELETE /assignments/{id}/extensions/{userId}): a later due date,
 * extra attempts, or both; the class keeps the assignment's own settings.
 */
export function Extensions({ orgId, a }: { orgId: string; a: AssignmentDto }) {
  const qc = useQueryClient();
  const path = `/assignments/${a.id}/extensions`;
  const list = useOrgQuery<Page<ExtensionDto>>(orgId, path);
  const students = useOrgQuery<Page<StudentDto>>(orgId, `/classes/${a.classId}/students`);
  const [f, setF] = useState({ userId: "", dueAt: "", extraAttempts: "0" });
  const [done, setDone] = useState<string | null>(null);
  const nameOf = new Map(itemsOf(students.data).map((s) => [s.id, s.name]));
  const refresh = () => qc.invalidateQueries({ queryKey: ["org", orgId, path] });
  const save = useSubmit(
    () =>
      api<ExtensionDto>(`/orgs/${orgId}${path}/${encodeURIComponent(f.userId)}`, {
        method: "PUT",
        body: {
          ...(f.dueAt ? { dueAt: new Date(f.dueAt).toISOString() } : {}),
          extraAttempts: Number(f.extraAttempts) || 0,
        },
      }),
    (ext) => {
      setDone(`Saved for ${nameOf.get(ext.userId) ?? ext.name ?? "the student"}.`);
      setF({ userId: "", dueAt: "", extraAttempts: "0" });
      refresh();
    },
    { fields: ["dueAt", "extraAttempts"] },
  );
  const [removing, setRemoving] = useState<string | null>(null);
  async function remove(userId: string) {
    setRemoving(userId);
    try {
      await api(`/orgs/${orgId}${path}/${encodeURIComponent(userId)}`, { method: "DELETE" });
      setDone(`Removed for ${nameOf.get(userId) ?? "the student"}.`);
      refresh();
    } finally {
      setRemoving(null);
    }
  }
  const extensions = itemsOf(list.data);
  return (
    <section className="card" aria-labelledby="extensions-title">
      <h2 id="extensions-title">Extensions for one student</h2>
      <p className="muted">
        A later due date or extra attempts for one student; everyone else keeps the assignment's settings (due{" "}
        {formatDate(a.dueAt)}, {a.maxAttempts} {a.maxAttempts === 1 ? "attempt" : "attempts"}).
      </p>
      {extensions.length ? (
        <ul className="plain">
          {extensions.map((e) => (
            <li key={e.userId} className="row">
              <span>
                <strong>{nameOf.get(e.userId) ?? e.name ?? e.userId}</strong>:{" "}
                {[
                  e.dueAt ? `due ${formatDate(e.dueAt)}` : null,
                  e.extraAttempts ? `${e.extraAttempts} extra ${e.extraAttempts === 1 ? "attempt" : "attempts"}` : null,
                ]
                  .filter(Boolean)
                  .join(", ")}
              </span>
              <button
                type="button"
                className="small"
                onClick={() => remove(e.userId)}
                disabled={removing === e.userId}
                aria-label={`Remove the extension of ${nameOf.get(e.userId) ?? e.name ?? "this student"}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p>No extensions yet.</p>
      )}
      <form onSubmit={save.submit} noValidate aria-label="Give an extension">
        <div className="filters">
          <Select label="Student" value={f.userId} onChange={(e) => setF({ ...f, userId: e.target.value })} required>
            <option value="">Choose a student…</option>
            {itemsOf(students.data).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
          <Field
            label="Later due date"
            type="datetime-local"
            value={f.dueAt}
            onChange={(e) => setF({ ...f, dueAt: e.target.value })}
            error={save.fieldErrors.dueAt}
          />
          <Field
            label="Extra attempts"
            type="number"
            min={0}
            max={100}
            value={f.extraAttempts}
            onChange={(e) => setF({ ...f, extraAttempts: e.target.value })}
            error={save.fieldErrors.extraAttempts}
          />
        </div>
        <FormAlert error={save.formError} />
        <button type="submit" className="primary" disabled={save.pending || !f.userId}>
          Give the extension
        </button>
        {done ? <p role="status">{done}</p> : null}
      </form>
    </section>
  );
}
