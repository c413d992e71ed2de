import type { Page, Role } from "@languagecloud/domain";
import { ROLES } from "@languagecloud/domain/api/types";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { ApiKeyCreatedDto, ApiKeyDto } from "../../api/dto.ts";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { can } from "../../api/session.ts";
import { Field, Select } from "../../components/Field.tsx";
import { formatDate } from "../../components/format.ts";
import { SecretOnce } from "../../components/SecretOnce.tsx";
import { Empty, FormAlert, QueryState } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";

export default function ApiKeys({ orgId, role }: { orgId: string; role: Role }) {
  const qc = useQueryClient();
  const query = useOrgQuery<Page<ApiKeyDto>>(orgId, "/api-keys");
  const [form, setForm] = useState({ name: "", role: "teacher" as Role });
  const [created, setCreated] = useState<ApiKeyCreatedDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ["org", orgId, "/api-keys"] });
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () => api<ApiKeyCreatedDto>(`/orgs/${orgId}/api-keys`, { method: "POST", body: form }),
    (k) => {
      setCreated(k);
      setStatus(null);
      setForm({ ...form, name: "" });
      refresh();
    },
    { fields: ["name", "role"] },
  );
  async function revoke(k: ApiKeyDto) {
    if (!window.confirm(`Revoke the key "${k.name}"? Integrations using it stop working.`)) return;
    setError(null);
    try {
      await api(`/orgs/${orgId}/api-keys/${k.id}`, { method: "DELETE" });
      setStatus(`The key "${k.name}" was revoked.`);
      if (created?.id === k.id) setCreated(null);
      refresh();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">API keys</h1>
      <p>
        Integrations call the API with <code>Authorization: Bearer &lt;key&gt;</code>. A key acts in this organization
        only, with the role you give it.
      </p>
      {created ? (
        <SecretOnce
          title={`Your new key "${created.name}"`}
          label="API key"
          secret={created.secret}
          onDismiss={() => setCreated(null)}
        />
      ) : null}
      <h2 id="keys-list">Keys</h2>
      <FormAlert error={error} />
      <p className="save-state saved" role="status">
        {status}
      </p>
      <QueryState query={query}>
        {(data) =>
          itemsOf(data).length ? (
            <ul className="plain" aria-labelledby="keys-list">
              {itemsOf(data).map((k) => (
                <li key={k.id} className="row spread">
                  <span className="breakable">
                    <strong>{k.name}</strong> ({k.role}) {k.prefix ? <code>{k.prefix}…</code> : null}
                    <span className="muted">
                      {" "}
                      created {formatDate(k.createdAt)}
                      {k.lastUsedAt ? `, last used ${formatDate(k.lastUsedAt)}` : ", never used"}
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
          hint="Say what uses it, e.g. “Moodle sync”."
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          error={fieldErrors.name}
        />
        <Select
          label="Role"
          value={form.role}
          onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
          error={fieldErrors.role}
        >
          {ROLES.filter((r) => r !== "owner" || can(role, "owner")).map((r) => (
            <option key={r}>{r}</option>
          ))}
        </Select>
        <FormAlert error={formError} />
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Creating…" : "Create key"}
        </button>
      </form>
    </section>
  );
}
