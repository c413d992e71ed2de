/**
 * LMS registration (LTI 1.3): the values to paste into Moodle or Canvas, the platforms registered with theirs,
 * and the recent launches and score deliveries with their errors.
 */
import type { Page } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { Field } from "../../components/Field.tsx";
import { formatDate } from "../../components/format.ts";
import { Empty, FormAlert, QueryState } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";

interface ToolUrls {
  loginUrl: string;
  launchUrl: string;
  jwksUrl: string;
  deepLinkingUrl: string;
  redirectUris: string[];
}
interface PlatformDto {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  authLoginUrl: string;
  authTokenUrl: string;
  jwksUrl: string;
  tool: ToolUrls;
}
interface ActivityDto {
  launches: { id: string; messageType: string | null; ok: boolean; error: string | null; createdAt: string }[];
  scores: {
    id: string;
    userId: string;
    scoreGiven: number | null;
    scoreMaximum: number | null;
    gradingProgress: string | null;
    status: string;
    attempts: number;
    lastError: string | null;
    createdAt: string;
  }[];
}

function CopyValue({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-value">
      <dt>{label}</dt>
      <dd>
        <code>{value}</code>{" "}
        <button
          type="button"
          aria-label={`Copy ${label}`}
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </dd>
    </div>
  );
}

function ToolValues({ tool }: { tool: ToolUrls }) {
  return (
    <dl>
      <CopyValue label="Initiate login URL (OIDC login)" value={tool.loginUrl} />
      <CopyValue label="Tool URL / target link URI" value={tool.launchUrl} />
      <CopyValue label="Redirection URI(s)" value={tool.redirectUris.join("\n")} />
      <CopyValue label="Deep linking URL (content selection)" value={tool.deepLinkingUrl} />
      <CopyValue label="Public keyset URL (JWKS)" value={tool.jwksUrl} />
    </dl>
  );
}

const EMPTY = {
  name: "",
  issuer: "",
  clientId: "",
  deploymentIds: "",
  authLoginUrl: "",
  authTokenUrl: "",
  jwksUrl: "",
};

/** The form's fields, in the order an LMS's registration page shows them. */
const FIELDS: { key: keyof typeof EMPTY; label: string; hint?: string; type?: "url" }[] = [
  { key: "name", label: "Name" },
  { key: "issuer", label: "Issuer (platform ID)" },
  { key: "clientId", label: "Client ID" },
  { key: "deploymentIds", label: "Deployment IDs", hint: "Several separated by commas." },
  { key: "authLoginUrl", label: "Authentication request URL", type: "url" },
  { key: "authTokenUrl", label: "Access token URL", type: "url" },
  { key: "jwksUrl", label: "Public keyset URL", type: "url" },
];

/** One of the activity tables: a header row of column names, one row per record, or what to say when empty. */
function ActivityTable<T extends { id: string }>({
  rows,
  empty,
  columns,
}: {
  rows: T[];
  empty: string;
  columns: [heading: string, cell: (row: T) => React.ReactNode][];
}) {
  if (rows.length === 0) return <Empty>{empty}</Empty>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {columns.map(([heading]) => (
              <th key={heading} scope="col">
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              {columns.map(([heading, cell]) => (
                <td key={heading}>{cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function LtiPlatforms({ orgId }: { orgId: string }) {
  const qc = useQueryClient();
  const query = useOrgQuery<Page<PlatformDto>>(orgId, "/lti/platforms");
  const activity = useOrgQuery<ActivityDto>(orgId, "/lti/activity");
  const [form, setForm] = useState(EMPTY);
  const [created, setCreated] = useState<PlatformDto | null>(null);
  const [regLink, setRegLink] = useState<string | null>(null);
  const [linkError, setLinkError] = useState<unknown>(null);
  async function makeLink() {
    setLinkError(null);
    try {
      setRegLink(
        (await api<{ url: string }>(`/orgs/${orgId}/lti/registration-links`, { method: "POST", body: {} })).url,
      );
    } catch (e) {
      setLinkError(e);
    }
  }
  const set = (k: keyof typeof EMPTY) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [k]: e.target.value });
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () =>
      api<PlatformDto>(`/orgs/${orgId}/lti/platforms`, {
        method: "POST",
        body: {
          ...form,
          deploymentIds: form.deploymentIds
            .split(/[\s,]+/)
            .map((d) => d.trim())
            .filter(Boolean),
        },
      }),
    (p) => {
      setCreated(p);
      setForm(EMPTY);
      void qc.invalidateQueries({ queryKey: ["org", orgId, "/lti/platforms"] });
    },
    { fields: Object.keys(EMPTY) },
  );
  return (
    <section aria-labelledby="lti-title">
      <h1 id="lti-title">LMS (LTI 1.3)</h1>
      <p>
        Register your Moodle, Canvas or other LMS so teachers add exercises from inside a course, students do them in
        the course page, and grades go to the LMS gradebook. First create a tool in your LMS with the values below, then
        enter what the LMS shows you.
      </p>
      <QueryState query={query}>
        {(data) => {
          const first = itemsOf(data)[0];
          return first ? (
            <>
              <h2>Values to paste into your LMS</h2>
              <ToolValues tool={first.tool} />
            </>
          ) : (
            <p>The values to paste into your LMS appear here once a platform is registered.</p>
          );
        }}
      </QueryState>
      {created ? (
        <div role="status">
          <h2>{created.name} is registered</h2>
          <ToolValues tool={created.tool} />
        </div>
      ) : null}
      <h2>Register automatically (Dynamic Registration)</h2>
      <p>
        Moodle 4.1+ and other LMSs can register Language Cloud themselves: make a link, paste it as the tool URL in the
        LMS's "Register tool" page. The link works for 24 hours.
      </p>
      <button type="button" onClick={() => void makeLink()}>
        Make a registration link
      </button>
      {regLink ? (
        <dl>
          <CopyValue label="Registration link" value={regLink} />
        </dl>
      ) : null}
      <FormAlert error={linkError} />
      <h2>Register a platform by hand</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {FIELDS.map((f) => (
          <Field
            key={f.key}
            label={f.label}
            hint={f.hint}
            type={f.type}
            value={form[f.key]}
            onChange={set(f.key)}
            error={fieldErrors[f.key]}
            required
          />
        ))}
        <FormAlert error={formError} />
        <button type="submit" disabled={pending}>
          {pending ? "Registering…" : "Register"}
        </button>
      </form>
      <h2>Registered platforms</h2>
      <QueryState query={query}>
        {(data) =>
          itemsOf(data).length === 0 ? (
            <Empty>No platform yet.</Empty>
          ) : (
            <ul className="plain-list">
              {itemsOf(data).map((p) => (
                <li key={p.id}>
                  <strong>{p.name}</strong> — issuer <code>{p.issuer}</code>, client <code>{p.clientId}</code>,
                  deployments {p.deploymentIds.join(", ")}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <h2>Recent launches</h2>
      <p>The last 50 times someone opened Language Cloud from the LMS, with the reason when it was refused.</p>
      <QueryState query={activity}>
        {(a) => (
          <ActivityTable
            rows={a.launches}
            empty="No launch yet."
            columns={[
              ["When", (l) => formatDate(l.createdAt)],
              ["Kind", (l) => (l.messageType === "LtiDeepLinkingRequest" ? "Adding exercises" : "Opening an activity")],
              ["Outcome", (l) => (l.ok ? "Opened" : `Refused: ${l.error}`)],
            ]}
          />
        )}
      </QueryState>
      <h2>Score deliveries</h2>
      <p>
        Grades sent to the LMS gradebook. "Waiting for grading" means an essay still needs its teacher; failed ones show
        what the LMS answered.
      </p>
      <QueryState query={activity}>
        {(a) => (
          <ActivityTable
            rows={a.scores}
            empty="No score sent yet."
            columns={[
              ["When", (sc) => formatDate(sc.createdAt)],
              ["LMS user", (sc) => sc.userId],
              [
                "Score",
                (sc) =>
                  `${sc.scoreGiven ?? "–"} / ${sc.scoreMaximum ?? "–"}${sc.gradingProgress === "PendingManual" ? " (waiting for grading)" : ""}`,
              ],
              ["Status", (sc) => `${sc.status}${sc.lastError ? ` — ${sc.lastError}` : ""} (${sc.attempts} tries)`],
            ]}
          />
        )}
      </QueryState>
    </section>
  );
}
