/**
 * The organization's learning record store (xAPI): where statements go, its key and secret (kept sealed, never
 * shown again), the actor form, and a button that sends one statement and says what the LRS answered.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError, api } from "../../api/client.ts";
import { useOrgQuery } from "../../api/hooks.ts";
import { Checkbox, Field, Select } from "../../components/Field.tsx";
import { FormAlert } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";

interface XapiSettingsDto {
  endpoint: string;
  key: string;
  enabled: boolean;
  actor: "account" | "mbox";
  hasSecret: boolean;
  pending: number;
  failed: number;
}

export default function Xapi({ orgId }: { orgId: string }) {
  const qc = useQueryClient();
  const query = useOrgQuery<XapiSettingsDto>(orgId, "/xapi");
  const missing = query.error instanceof ApiError && query.error.status === 404;
  const [form, setForm] = useState({
    endpoint: "",
    key: "",
    secret: "",
    enabled: true,
    actor: "account" as "account" | "mbox",
  });
  const [test, setTest] = useState<{ ok: boolean; message: string } | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (query.data)
      setForm((f) => ({
        ...f,
        endpoint: query.data.endpoint,
        key: query.data.key,
        enabled: query.data.enabled,
        actor: query.data.actor,
      }));
  }, [query.data]);
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () =>
      api<XapiSettingsDto>(`/orgs/${orgId}/xapi`, {
        method: "PUT",
        body: { ...form, secret: form.secret || undefined },
      }),
    () => {
      setSaved(true);
      setForm((f) => ({ ...f, secret: "" }));
      void qc.invalidateQueries({ queryKey: ["org", orgId, "/xapi"] });
    },
    { fields: ["endpoint", "key", "secret", "actor"] },
  );
  async function runTest() {
    setTest(null);
    try {
      setTest(await api<{ ok: boolean; message: string }>(`/orgs/${orgId}/xapi/test`, { method: "POST", body: {} }));
    } catch (e) {
      setTest({ ok: false, message: (e as Error).message });
    }
  }
  return (
    <section aria-labelledby="xapi-title">
      <h1 id="xapi-title">Learning records (xAPI)</h1>
      <p>
        Send every answer, finished attempt and teacher's grade to your learning record store (LRS). Students appear
        under a code that only Language Cloud can link to them, unless you choose their email addresses.
      </p>
      {query.data ? (
        <p>
          {query.data.pending} statements waiting to be sent, {query.data.failed} that the LRS refused.
        </p>
      ) : null}
      {query.isPending ? <p>Loading…</p> : null}
      {query.isError && !missing ? <FormAlert error={query.error} /> : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          void submit();
        }}
      >
        <Field
          label="LRS endpoint"
          type="url"
          hint="The address of the xAPI endpoint, e.g. https://lrs.example.org/xapi"
          value={form.endpoint}
          onChange={(e) => setForm({ ...form, endpoint: e.target.value })}
          error={fieldErrors.endpoint}
          required
        />
        <Field
          label="Key"
          value={form.key}
          onChange={(e) => setForm({ ...form, key: e.target.value })}
          error={fieldErrors.key}
          required
        />
        <Field
          label="Secret"
          type="password"
          autoComplete="new-password"
          hint={query.data?.hasSecret ? "Stored. Leave empty to keep it." : "Shown only while you type it."}
          value={form.secret}
          onChange={(e) => setForm({ ...form, secret: e.target.value })}
          error={fieldErrors.secret}
          required={!query.data?.hasSecret}
        />
        <Select
          label="Who the statements name"
          value={form.actor}
          onChange={(e) => setForm({ ...form, actor: e.target.value as "account" | "mbox" })}
        >
          <option value="account">A pseudonymous code per student (recommended)</option>
          <option value="mbox">The student's email address</option>
        </Select>
        <Checkbox
          label="Send statements"
          checked={form.enabled}
          onChange={(e) => setForm({ ...form, enabled: e.target.checked })}
        />
        <FormAlert error={formError} />
        <button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </button>
        {saved ? <p role="status">Saved.</p> : null}
      </form>
      <h2>Test the connection</h2>
      <button type="button" onClick={() => void runTest()} disabled={!query.data}>
        Send a test statement
      </button>
      {test ? (
        <p role="status" className={test.ok ? "ok" : "form-alert"}>
          {test.message}
        </p>
      ) : null}
    </section>
  );
}
