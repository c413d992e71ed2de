import type { Page } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../../api/client.ts";
import type { StudentDto } from "../../../api/dto.ts";
import { itemsOf, useOrgQuery } from "../../../api/hooks.ts";
import { Field, TextArea } from "../../../components/Field.tsx";
import { Empty, FormAlert, QueryState } from "../../../components/states.tsx";
import { useSubmit } from "../../../components/useForm.ts";
import { Link } from "../../../router.tsx";
import { type LoginCard, LoginCards } from "./LoginCards.tsx";
import { LtiRoster } from "./LtiRoster.tsx";

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
  const [names, setNames] = useState("");
  const [cards, setCards] = useState<LoginCard[] | null>(null);
  const accounts = useSubmit(
    () =>
      api<{ items: LoginCard[] }>(`/orgs/${orgId}${path}/accounts`, {
        method: "POST",
        body: {
          names: names
            .split("\n")
            .map((n) => n.trim())
            .filter(Boolean),
        },
      }),
    (r) => {
      setNames("");
      setCards(r.items);
      refresh();
    },
    { fields: ["names"] },
  );
  async function resetPassword(s: StudentDto) {
    if (!window.confirm(`Give ${s.name} a new password? The old one stops working.`)) return;
    try {
      setCards([await api<LoginCard>(`/orgs/${orgId}${path}/${s.id}/password`, { method: "POST" })]);
    } catch (e) {
      window.alert(errorMessage(e));
    }
  }
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
      <LtiRoster orgId={orgId} classId={classId} />
      <QueryState query={query}>
        {(data) =>
          itemsOf(data).length ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email or username</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {itemsOf(data).map((s) => (
                    <tr key={s.id}>
                      <td>{s.name}</td>
                      <td>{s.username ?? s.email}</td>
                      <td className="row">
                        <Link to={`/o/${orgId}/students/${s.id}/progress?classId=${encodeURIComponent(classId)}`}>
                          Progress<span className="visually-hidden"> of {s.name}</span>
                        </Link>
                        {s.username ? (
                          <button type="button" className="small" onClick={() => resetPassword(s)}>
                            New password<span className="visually-hidden"> for {s.name}</span>
                          </button>
                        ) : null}
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
      {cards ? <LoginCards cards={cards} onDone={() => setCards(null)} /> : null}
      <form className="card no-print" onSubmit={accounts.submit} noValidate aria-labelledby="add-accounts">
        <h3 id="add-accounts">Students without email</h3>
        <p className="hint">For young learners: each gets a username and a password to print on a login card.</p>
        <TextArea
          label="Names, one per line"
          rows={4}
          value={names}
          onChange={(e) => setNames(e.target.value)}
          error={
            accounts.fieldErrors.names ??
            Object.entries(accounts.fieldErrors).find(([k]) => k.startsWith("names."))?.[1]
          }
        />
        <FormAlert error={accounts.formError} />
        <button type="submit" disabled={accounts.pending}>
          {accounts.pending ? "Creating…" : "Create accounts and login cards"}
        </button>
      </form>
      <form className="card no-print" onSubmit={submit} noValidate aria-labelledby="add-student">
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
