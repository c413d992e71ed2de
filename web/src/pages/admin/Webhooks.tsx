import type { Page } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api/client.ts";
import type { WebhookCreatedDto, WebhookDeliveryDto, WebhookDto } from "../../api/dto.ts";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { Checkbox, Field } from "../../components/Field.tsx";
import { formatDate } from "../../components/format.ts";
import { Empty, FormAlert, QueryState } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";

const EVENTS = [
  "attempt.submitted",
  "attempt.graded",
  "assignment.created",
  "student.joined",
  "exercise.published",
  "import.completed",
];

function Deliveries({ orgId, hook }: { orgId: string; hook: WebhookDto }) {
  const qc = useQueryClient();
  const path = `/webhooks/${hook.id}/deliveries`;
  const query = useOrgQuery<Page<WebhookDeliveryDto>>(orgId, path, { refetchInterval: 10_000 });
  const [error, setError] = useState<string | null>(null);
  async function redeliver(d: WebhookDeliveryDto) {
    setError(null);
    try {
      await api(`/orgs/${orgId}/webhook-deliveries/${d.id}/redeliver`, { method: "POST" });
      qc.invalidateQueries({ queryKey: ["org", orgId, path] });
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <details>
      <summary>Delivery log</summary>
      {error ? (
        <p className="form-alert" role="alert">
          {error}
        </p>
      ) : null}
      <QueryState query={query}>
        {(data) =>
          itemsOf(data).length ? (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Event</th>
                    <th scope="col">Status</th>
                    <th scope="col">Response</th>
                    <th scope="col">Action</th>
                  </tr>
                </thead>
                <tbody>
                  {itemsOf(data).map((d) => (
                    <tr key={d.id}>
                      <td>{formatDate(d.createdAt)}</td>
                      <td>{d.event}</td>
                      <td>
                        <span className={`badge ${d.status}`}>{d.status}</span>
                        {d.attempts ? ` (${d.attempts} tries)` : ""}
                      </td>
                      <td>{d.responseStatus ?? d.error ?? "—"}</td>
                      <td>
                        <button type="button" className="small" onClick={() => redeliver(d)}>
                          Redeliver
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>No deliveries yet.</Empty>
          )
        }
      </QueryState>
    </details>
  );
}

export default function Webhooks({ orgId }: { orgId: string }) {
  const qc = useQueryClient();
  const query = useOrgQuery<Page<WebhookDto>>(orgId, "/webhooks");
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(["attempt.submitted"]);
  const [created, setCreated] = useState<WebhookCreatedDto | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ["org", orgId, "/webhooks"] });
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () => api<WebhookCreatedDto>(`/orgs/${orgId}/webhooks`, { method: "POST", body: { url, events } }),
    (w) => {
      setCreated(w);
      setUrl("");
      refresh();
    },
  );
  async function toggle(w: WebhookDto) {
    try {
      await api(`/orgs/${orgId}/webhooks/${w.id}`, { method: "PATCH", body: { active: !w.active } });
      refresh();
    } catch (e) {
      window.alert(errorMessage(e));
    }
  }
  async function remove(w: WebhookDto) {
    if (!window.confirm(`Delete the webhook to ${w.url}?`)) return;
    try {
      await api(`/orgs/${orgId}/webhooks/${w.id}`, { method: "DELETE" });
      refresh();
    } catch (e) {
      window.alert(errorMessage(e));
    }
  }
  return (
    <section aria-labelledby="hooks-title">
      <h1 id="hooks-title">Webhooks</h1>
      {created ? (
        <div className="card" role="status">
          <h2>Signing secret for {created.url}</h2>
          <p>
            <strong>Copy it now: it is shown only this once.</strong> Use it to check the signature of each delivery.
          </p>
          <p className="secret">{created.secret}</p>
          <button type="button" onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </div>
      ) : null}
      <QueryState query={query}>
        {(data) =>
          itemsOf(data).length ? (
            <ul className="plain">
              {itemsOf(data).map((w) => (
                <li key={w.id}>
                  <div className="row spread">
                    <span>
                      <code>{w.url}</code>{" "}
                      <span className={`badge ${w.active ? "published" : "draft"}`}>
                        {w.active ? "active" : "paused"}
                      </span>
                    </span>
                    <span className="row">
                      <button type="button" className="small" onClick={() => toggle(w)}>
                        {w.active ? "Pause" : "Activate"}
                      </button>
                      <button type="button" className="small danger" onClick={() => remove(w)}>
                        Delete
                      </button>
                    </span>
                  </div>
                  <p className="muted">Events: {w.events.join(", ")}</p>
                  <Deliveries orgId={orgId} hook={w} />
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No webhooks. Add one to notify another system when students submit work.</Empty>
          )
        }
      </QueryState>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="new-hook">
        <h2 id="new-hook">New webhook</h2>
        <Field
          label="URL"
          type="url"
          placeholder="https://example.org/hooks/languagecloud"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={fieldErrors.url}
        />
        <fieldset>
          <legend>Events</legend>
          {EVENTS.map((ev) => (
            <Checkbox
              key={ev}
              label={ev}
              checked={events.includes(ev)}
              onChange={(e) => setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))}
            />
          ))}
          {fieldErrors.events ? (
            <p className="field-error" role="alert">
              {fieldErrors.events}
            </p>
          ) : null}
        </fieldset>
        <FormAlert error={formError} />
        <button type="submit" className="primary" disabled={pending}>
          Add webhook
        </button>
      </form>
    </section>
  );
}
