import type { ClassDto, Page } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { Field } from "../../components/Field.tsx";
import { Empty, FormAlert, QueryState } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";
import { Link } from "../../router.tsx";

export default function Classes({ orgId }: { orgId: string }) {
  const qc = useQueryClient();
  const query = useOrgQuery<Page<ClassDto>>(orgId, "/classes");
  const [form, setForm] = useState({ name: "", description: "" });
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () =>
      api<ClassDto>(`/orgs/${orgId}/classes`, {
        method: "POST",
        body: form.description ? form : { name: form.name },
      }),
    () => {
      setForm({ name: "", description: "" });
      qc.invalidateQueries({ queryKey: ["org", orgId, "/classes"] });
    },
  );
  return (
    <section aria-labelledby="classes-title">
      <h1 id="classes-title">Classes</h1>
      <QueryState query={query}>
        {(data) =>
          itemsOf(data).length ? (
            <ul className="grid plain">
              {itemsOf(data).map((c) => (
                <li key={c.id} className="card">
                  <h2>
                    <Link to={`/o/${orgId}/classes/${c.id}`}>{c.name}</Link>
                  </h2>
                  {c.description ? <p>{c.description}</p> : null}
                  <p>
                    Join code: <span className="join-code">{c.joinCode}</span>
                  </p>
                  <p className="muted">{c.studentCount} students</p>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No classes yet. Create one and give its join code to your students.</Empty>
          )
        }
      </QueryState>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="new-class">
        <h2 id="new-class">New class</h2>
        <Field
          label="Class name"
          required
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          error={fieldErrors.name}
        />
        <Field
          label="Description (optional)"
          value={form.description}
          onChange={(e) => setForm({ ...form, description: e.target.value })}
          error={fieldErrors.description}
        />
        <FormAlert error={formError} />
        <button type="submit" className="primary" disabled={pending}>
          Create class
        </button>
      </form>
    </section>
  );
}
