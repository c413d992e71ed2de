import type { Page, Role } from "@languagecloud/domain";
import { ROLES } from "@languagecloud/domain/api/types";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api/client.ts";
import type { ApiKeyCreatedDto, ApiKeyDto } from "../../api/dto.ts";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { Field, Select } from "../../components/Field.tsx";
import { formatDate } from "../../components/format.ts";
import { Empty, FormAlert, QueryState } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";

export default function ApiKeys({ orgId }: { orgId: string }) {
  const qc = useQueryClient();
  const query = useOrgQuery<Page<ApiKeyDto>>(orgId, "/api-keys");
  const [form, setForm] = useState({ name: "", role: "teacher" as Role });
  const [created, setCreated] = useState<ApiKeyCreatedDto | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ["org", orgId, "/api-keys"] });
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () => api<ApiKeyCreatedDto>(`/orgs/${orgId}/api-keys`, { method: "POST", body: form }),
    (k) => {
      setCreated(k);
      setForm({ ...form, name: "" });
      refresh();
    },
  );
  async function revoke(k: ApiKeyDto) {
    if (!window.confirm(`Revoke the key "${k.name}"? Integrations using it stop working.`)) return;
    try {
      await api(`/orgs/${orgId}/api-keys/${k.id}`, { method: "DELETE" });
      refresh();
    } catch (e) {
      window.alert(errorMessage(e));
    }
  }
  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">API keys</h1>
      <p>
        Integrations call the API with <code>Authorization: Bearer &lt;key&gt;</code>. A key acts with the role you give
        it.
      </p>
      {created ? (
        <div className="card" role="status">
          <h2>Your new key "{created.name}"</h2>
          <p>
            <strong>Copy it now: it is shown only this once.</strong>
          </p>
          <p className="secret">{created.secret}</p>
          <div className="row">
            <button type="button" onClick={() => navigator.clipboard?.writeText(created.secret)}>
              Copy key
            </button>
            <button type="button" onClick={() => setCreated(null)}>
              I have copied it
            </button>
          </div>
        </div>
      ) : null}
      <QueryState query={query}>
        {(data) =>
          itemsOf(data).length ? (
            <ul className="plain">
              {itemsOf(data).map((k) => (
                <li key={k.id} className="row spread">
                  <span>
                    <strong>{k.name}</strong> ({k.role}) {k.prefix ? <code>{k.prefix}…</code> : null}
                    <span className="muted">
                      {" "}
                      created {formatDate(k.createdAt)}
                      {k.lastUsedAt ? `, last used ${formatDate(k.lastUsedAt)}` : ""}
                    </span>
                  </span>
                  <button type="button" className="small danger" onClick={() => revoke(k)}>
                    Revoke<span className="visually-hidden"> {k.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No API keys.</Empty>
          )
        }
      </QueryState>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="new-key">
        <h2 id="new-key">New key</h2>
        <Field
          label="Key name"
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          error={fieldErrors.name}
        />
        <Select
          label="Role"
          value={form.role}
          onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
          error={fieldErrors.role}
        >
          {ROLES.filter((r) => r !== "owner").map((r) => (
            <option key={r}>{r}</option>
          ))}
        </Select>
        <FormAlert error={formError} />
        <button type="submit" className="primary" disabled={pending}>
          Create key
        </button>
      </form>
    </section>
  );
}
