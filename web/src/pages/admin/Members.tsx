import type { InvitationDto, MemberDto, Page, Role } from "@languagecloud/domain";
import { ROLES } from "@languagecloud/domain/api/types";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api/client.ts";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { useMe } from "../../api/session.ts";
import { Field, Select } from "../../components/Field.tsx";
import { formatDate } from "../../components/format.ts";
import { Empty, FormAlert, QueryState } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";

function Invitations({ orgId, role }: { orgId: string; role: Role }) {
  const qc = useQueryClient();
  const query = useOrgQuery<Page<InvitationDto>>(orgId, "/invitations");
  const [form, setForm] = useState({ email: "", role: "teacher" as Role });
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () => api(`/orgs/${orgId}/invitations`, { method: "POST", body: form }),
    () => {
      setForm({ ...form, email: "" });
      qc.invalidateQueries({ queryKey: ["org", orgId, "/invitations"] });
    },
  );
  return (
    <section aria-labelledby="inv-title">
      <h2 id="inv-title">Invitations</h2>
      <QueryState query={query}>
        {(data) =>
          itemsOf(data).length ? (
            <ul className="plain">
              {itemsOf(data).map((i) => (
                <li key={i.id}>
                  {i.email} as {i.role} ·{" "}
                  {i.acceptedAt ? `accepted ${formatDate(i.acceptedAt)}` : `expires ${formatDate(i.expiresAt)}`}
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No invitations sent.</Empty>
          )
        }
      </QueryState>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="invite-form">
        <h3 id="invite-form">Invite someone</h3>
        <Field
          label="Email"
          type="email"
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.target.value })}
          error={fieldErrors.email}
        />
        <Select
          label="Role"
          value={form.role}
          onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
          error={fieldErrors.role}
        >
          {ROLES.filter((r) => r !== "owner" || role === "owner").map((r) => (
            <option key={r}>{r}</option>
          ))}
        </Select>
        <FormAlert error={formError} />
        <button type="submit" className="primary" disabled={pending}>
          Send invitation
        </button>
      </form>
    </section>
  );
}

export default function Members({ orgId, role }: { orgId: string; role: Role }) {
  const qc = useQueryClient();
  const me = useMe();
  const query = useOrgQuery<Page<MemberDto>>(orgId, "/members");
  const [error, setError] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ["org", orgId, "/members"] });
  async function changeRole(m: MemberDto, next: Role) {
    setError(null);
    try {
      await api(`/orgs/${orgId}/members/${m.user.id}`, { method: "PATCH", body: { role: next } });
      refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  async function remove(m: MemberDto) {
    if (!window.confirm(`Remove ${m.user.name} from the organization?`)) return;
    setError(null);
    try {
      await api(`/orgs/${orgId}/members/${m.user.id}`, { method: "DELETE" });
      refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <section aria-labelledby="members-title">
      <h1 id="members-title">Members</h1>
      {error ? (
        <p className="form-alert" role="alert">
          {error}
        </p>
      ) : null}
      <QueryState query={query}>
        {(data) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Joined</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {itemsOf(data).map((m) => {
                  const self = m.user.id === me.data?.user.id;
                  return (
                    <tr key={m.user.id}>
                      <td>{m.user.name}</td>
                      <td>{m.user.email}</td>
                      <td>
                        <label className="visually-hidden" htmlFor={`role-${m.user.id}`}>
                          Role of {m.user.name}
                        </label>
                        <select
                          id={`role-${m.user.id}`}
                          value={m.role}
                          disabled={self || (m.role === "owner" && role !== "owner")}
                          onChange={(e) => changeRole(m, e.target.value as Role)}
                        >
                          {ROLES.filter((r) => r !== "owner" || role === "owner" || m.role === "owner").map((r) => (
                            <option key={r}>{r}</option>
                          ))}
                        </select>
                      </td>
                      <td>{formatDate(m.joinedAt)}</td>
                      <td>
                        {self ? (
                          <span className="muted">you</span>
                        ) : (
                          <button type="button" className="small danger" onClick={() => remove(m)}>
                            Remove<span className="visually-hidden"> {m.user.name}</span>
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
      <Invitations orgId={orgId} role={role} />
    </section>
  );
}
