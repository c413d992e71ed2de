import type { Page } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { WebhookCreatedDto, WebhookDeliveryDto, WebhookDto } from "../../api/dto.ts";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { Checkbox, Field } from "../../components/Field.tsx";
import { formatDate } from "../../components/format.ts";
import { SecretOnce } from "../../components/SecretOnce.tsx";
import { Empty, FormAlert, QueryState } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";

/** The events an endpoint can subscribe to (server/src/modules/webhooks/webhooks.schema.ts). */
const EVENTS = [
  { type: "attempt.submitted", help: "a student submits work" },
  { type: "attempt.graded", help: "a teacher finishes grading an attempt" },
  { type: "assignment.created", help: "a class gets a new assignment" },
  { type: "student.joined", help: "a student joins a class" },
  { type: "exercise.published", help: "an exercise is published" },
  { type: "import.completed", help: "an import created an exercise" },
];

const tries = (n: number) => `${n} ${n === 1 ? "try" : "tries"}`;

function deliveryState(d: WebhookDeliveryDto): string {
  if (d.status === "pending" && (d.attempts ?? 0) > 0) {
    return d.nextAttemptAt ? `retrying ${formatDate(d.nextAttemptAt)}` : "retrying";
  }
  return d.status;
}

/** What the endpoint answered: the status code, and the error when it says more than that code. */
function deliveryResponse(d: WebhookDeliveryDto): string {
  const status = d.responseStatus ? `HTTP ${d.responseStatus}` : "";
  const error = d.error && !(d.responseStatus && d.error.includes(String(d.responseStatus))) ? d.error : "";
  return [status, error].filter(Boolean).join(" · ") || "—";
}

function Deliveries({ orgId, hook }: { orgId: string; hook: WebhookDto }) {
  const qc = useQueryClient();
  const path = `/webhooks/${hook.id}/deliveries`;
  // Fetched while the log is open only, and refreshed every 10 s then.
  const [open, setOpen] = useState(false);
  const query = useOrgQuery<Page<WebhookDeliveryDto>>(orgId, path, { enabled: open, refetchInterval: 10_000 });
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  async function redeliver(d: WebhookDeliveryDto) {
    setError(null);
    setStatus(null);
    try {
      const again = await api<WebhookDeliveryDto>(`/orgs/${orgId}/webhook-deliveries/${d.id}/redeliver`, {
        method: "POST",
      });
      setStatus(
        again.status === "succeeded"
          ? `Redelivered ${d.event}: the endpoint answered ${again.responseStatus ?? "OK"}.`
          : `Redelivered ${d.event}: ${again.error ?? `the endpoint answered ${again.responseStatus ?? "nothing"}`}.`,
      );
      qc.invalidateQueries({ queryKey: ["org", orgId, path] });
    } catch (e) {
      setError(e);
    }
  }
  const tableId = `deliveries-${hook.id}`;
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Delivery log<span className="visually-hidden"> of {hook.url}</span>
      </summary>
      <FormAlert error={error} />
      <p className="save-state saved" role="status">
        {status}
      </p>
      {open ? (
        <QueryState query={query}>
          {(data) =>
            itemsOf(data).length ? (
              <div className="table-wrap">
                <table id={tableId} aria-label={`Deliveries to ${hook.url}`}>
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
                          <span className={`badge ${d.status}`}>{deliveryState(d)}</span>
                          {d.attempts ? ` (${tries(d.attempts)})` : ""}
                        </td>
                        <td className="breakable">{deliveryResponse(d)}</td>
                        <td>
                          <button type="button" className="small" onClick={() => redeliver(d)}>
                            Redeliver
                            <span className="visually-hidden">
                              {" "}
                              {d.event} of {formatDate(d.createdAt)}
                            </span>
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <Empty>No deliveries yet: they appear here when one of the chosen events happens.</Empty>
            )
          }
        </QueryState>
      ) : null}
    </details>
  );
}

export default function Webhooks({ orgId }: { orgId: string }) {
  const qc = useQueryClient();
  const query = useOrgQuery<Page<WebhookDto>>(orgId, "/webhooks");
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(["attempt.submitted"]);
  const [created, setCreated] = useState<WebhookCreatedDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ["org", orgId, "/webhooks"] });
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () => api<WebhookCreatedDto>(`/orgs/${orgId}/webhooks`, { method: "POST", body: { url, events } }),
    (w) => {
      setCreated(w);
      setStatus(null);
      setUrl("");
      refresh();
    },
    { fields: ["url", "events"] },
  );
  async function toggle(w: WebhookDto) {
    setError(null);
    try {
      await api(`/orgs/${orgId}/webhooks/${w.id}`, { method: "PATCH", body: { active: !w.active } });
      setStatus(`${w.url} is ${w.active ? "paused" : "active again"}.`);
      refresh();
    } catch (e) {
      setError(e);
    }
  }
  async function rotate(w: WebhookDto) {
    if (!window.confirm(`Make a new signing secret for ${w.url}? The current one keeps working for 24 hours.`)) return;
    setError(null);
    try {
      const rotated = await api<WebhookCreatedDto>(`/orgs/${orgId}/webhooks/${w.id}/rotate-secret`, { method: "POST" });
      setCreated(rotated);
      setStatus(null);
      refresh();
    } catch (e) {
      setError(e);
    }
  }
  async function remove(w: WebhookDto) {
    if (!window.confirm(`Delete the webhook to ${w.url}?`)) return;
    setError(null);
    try {
      await api(`/orgs/${orgId}/webhooks/${w.id}`, { method: "DELETE" });
      setStatus(`The webhook to ${w.url} was deleted.`);
      if (created?.id === w.id) setCreated(null);
      refresh();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <section aria-labelledby="hooks-title">
      <h1 id="hooks-title">Webhooks</h1>
      <p>
        A webhook posts a signed JSON message to another system when something happens here. Failed deliveries are
        retried for three days.
      </p>
      {created ? (
        <SecretOnce
          title={`Signing secret for ${created.url}`}
          label="Signing secret"
          secret={created.secret}
          onDismiss={() => setCreated(null)}
        >
          Use it to check the signature of each delivery.
          {created.previousSecretValidUntil
            ? ` The previous secret also signs until ${formatDate(created.previousSecretValidUntil)}: switch your receiver to this one before then.`
            : ""}
        </SecretOnce>
      ) : null}
      <h2 id="hooks-list">Endpoints</h2>
      <FormAlert error={error} />
      <p className="save-state saved" role="status">
        {status}
      </p>
      <QueryState query={query}>
        {(data) =>
          itemsOf(data).length ? (
            <ul className="plain" aria-labelledby="hooks-list">
              {itemsOf(data).map((w) => (
                <li key={w.id}>
                  <div className="row spread">
                    <span className="breakable">
                      <code>{w.url}</code>{" "}
                      <span className={`badge ${w.active ? "published" : "draft"}`}>
                        {w.active ? "active" : "paused"}
                      </span>
                    </span>
                    <span className="row">
                      <button type="button" className="small" onClick={() => toggle(w)}>
                        {w.active ? "Pause" : "Activate"}
                        <span className="visually-hidden"> {w.url}</span>
                      </button>
                      <button type="button" className="small" onClick={() => rotate(w)}>
                        New secret<span className="visually-hidden"> for {w.url}</span>
                      </button>
                      <button type="button" className="small danger" onClick={() => remove(w)}>
                        Delete<span className="visually-hidden"> {w.url}</span>
                      </button>
                    </span>
                  </div>
                  <p className="muted">Events: {w.events.join(", ")}</p>
                  {w.previousSecretValidUntil ? (
                    <p className="muted">
                      Signed with the previous secret too until {formatDate(w.previousSecretValidUntil)}.
                    </p>
                  ) : null}
                  {w.disabledAt ? (
                    <p className="form-alert">
                      Switched off {formatDate(w.disabledAt)}
                      {w.disabledReason ? `: ${w.disabledReason}` : ""}. Fix the endpoint, then activate it.
                    </p>
                  ) : w.failingSince ? (
                    <p className="form-alert">Every delivery has failed since {formatDate(w.failingSince)}.</p>
                  ) : null}
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
          inputMode="url"
          placeholder="https://example.org/hooks/languagecloud"
          hint="A public http or https address."
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={fieldErrors.url}
        />
        <fieldset aria-describedby={fieldErrors.events ? "hook-events-error" : undefined}>
          <legend>Events</legend>
          {EVENTS.map((ev) => (
            <Checkbox
              key={ev.type}
              label={
                <>
                  {ev.type} <span className="muted">({ev.help})</span>
                </>
              }
              checked={events.includes(ev.type)}
              onChange={(e) => setEvents(e.target.checked ? [...events, ev.type] : events.filter((x) => x !== ev.type))}
            />
          ))}
          {fieldErrors.events ? (
            <p className="field-error" id="hook-events-error" role="alert">
              {fieldErrors.events}
            </p>
          ) : null}
        </fieldset>
        <FormAlert error={formError} />
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Adding…" : "Add webhook"}
        </button>
      </form>
    </section>
  );
}
