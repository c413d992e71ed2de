import type { Page } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../../api/client.ts";
import type { StudentDto } from "../../../api/dto.ts";
import { itemsOf, useOrgQuery } from "../../../api/hooks.ts";
import { Field } from "../../../components/Field.tsx";
import { Empty, FormAlert, QueryState } from "../../../components/states.tsx";
import { useSubmit } from "../../../components/useForm.ts";
import { Link } from "../../../router.tsx";

export function Students({ orgId, classId }: { orgId: string; classId: string }) {
  const qc = useQueryClient();
  const path = `/classes/${classId}/students`;
  const query = useOrgQuery<Page<StudentDto>>(orgId, path);
  const [form, setForm] = useState({ name: "", email: "" });
  const refresh = () => qc.invalidateQueries({ queryKey: ["org", orgId] });
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () => api(`/orgs/${orgId}${path}`, { method: "POST", body: form }),
    () => {
      setForm({ name: "", email: "" });
      refresh();
    },
  );
  async function remove(s: StudentDto) {
    if (!window.confirm(`Remove ${s.name} from this class?`)) return;
    try {
      await api(`/orgs/${orgId}${path}/${s.id}`, { method: "DELETE" });
      refresh();
    } catch (e) {
      window.alert(errorMessage(e));
    }
  }
  return (
    <section aria-labelledby="students-title">
      <h2 id="students-title">Students</h2>
      <QueryState query={query}>
        {(data) =>
          itemsOf(data).length ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {itemsOf(data).map((s) => (
                    <tr key={s.id}>
                      <td>{s.name}</td>
                      <td>{s.email}</td>
                      <td className="row">
                        <Link to={`/o/${orgId}/students/${s.id}/progress?classId=${encodeURIComponent(classId)}`}>
                          Progress<span className="visually-hidden"> of {s.name}</span>
                        </Link>
                        <button type="button" className="small danger" onClick={() => remove(s)}>
                          Remove<span className="visually-hidden"> {s.name}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>No students yet. Give them the join code, or add them below.</Empty>
          )
        }
      </QueryState>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="add-student">
        <h3 id="add-student">Add a student</h3>
        <Field
          label="Student name"
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          error={fieldErrors.name}
        />
        <Field
          label="Student email"
          type="email"
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.target.value })}
          error={fieldErrors.email}
        />
        <FormAlert error={formError} />
        <button type="submit" disabled={pending}>
          Add student
        </button>
      </form>
    </section>
  );
}
