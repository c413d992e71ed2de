import type { InvitationDto, MemberDto, Page, Role } from "@languagecloud/domain";
import { ROLES } from "@languagecloud/domain/api/types";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, qs } from "../../api/client.ts";
import { itemsOf, useOrgQuery } from "../../api/hooks.ts";
import { useMe } from "../../api/session.ts";
import { Field, Select } from "../../components/Field.tsx";
import { formatDate } from "../../components/format.ts";
import { Empty, ErrorState, FormAlert, Loading, QueryState } from "../../components/states.tsx";
import { useSubmit } from "../../components/useForm.ts";
import { PersonalData } from "./PersonalData.tsx";

const ROLE_HELP: Record<Role, string> = {
  owner: "everything, including other owners",
  admin: "members, API keys, webhooks, and all teaching",
  teacher: "content, classes, grading and statistics",
  student: "their own classes and work",
};

function invitationState(i: InvitationDto): string {
  if (i.acceptedAt) return `accepted ${formatDate(i.acceptedAt)}`;
  if (Date.parse(i.expiresAt) <= Date.now()) return `expired ${formatDate(i.expiresAt)}`;
  return `pending, expires ${formatDate(i.expiresAt)}`;
}

function Invitations({ orgId, role }: { orgId: string; role: Role }) {
  const qc = useQueryClient();
  const query = useOrgQuery<Page<InvitationDto>>(orgId, "/invitations");
  const [form, setForm] = useState({ email: "", role: "teacher" as Role });
  const [sent, setSent] = useState<string | null>(null);
  const [revokeError, setRevokeError] = useState<unknown>(null);
  async function revoke(i: InvitationDto) {
    if (!window.confirm(`Withdraw the invitation to ${i.email}? Its link will stop working.`)) return;
    setRevokeError(null);
    try {
      await api(`/orgs/${orgId}/invitations/${i.id}`, { method: "DELETE" });
      setSent(`Invitation to ${i.email} withdrawn.`);
      qc.invalidateQueries({ queryKey: ["org", orgId, "/invitations"] });
    } catch (e) {
      setRevokeError(e);
    }
  }
  const { submit, pending, fieldErrors, formError } = useSubmit(
    () => {
      setSent(null);
      return api<InvitationDto>(`/orgs/${orgId}/invitations`, { method: "POST", body: form });
    },
    (inv) => {
      setSent(`Invitation sent to ${inv.email} as ${inv.role}.`);
      setForm({ ...form, email: "" });
      qc.invalidateQueries({ queryKey: ["org", orgId, "/invitations"] });
    },
    { fields: ["email", "role"] },
  );
  return (
    <section aria-labelledby="inv-title">
      <h2 id="inv-title">Invitations</h2>
      <QueryState query={query}>
        {(data) =>
          itemsOf(data).length ? (
            <ul className="plain" aria-labelledby="inv-title">
              {itemsOf(data).map((i) => (
                <li key={i.id} className="breakable">
                  {i.email} as {i.role} · <span className="muted">{invitationState(i)}</span>
                  {!i.acceptedAt && Date.parse(i.expiresAt) > Date.now() ? (
                    <>
                      {" "}
                      <button type="button" className="link-button" onClick={() => revoke(i)}>
                        Withdraw<span className="visually-hidden"> the invitation to {i.email}</span>
                      </button>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No invitations sent.</Empty>
          )
        }
      </QueryState>
      <FormAlert error={revokeError} />
      <form className="card" onSubmit={submit} noValidate aria-labelledby="invite-form">
        <h3 id="invite-form">Invite someone</h3>
        <p className="muted">
          They get an email with a link that is valid for 7 days. Inviting the same address again replaces the pending
          invitation.
        </p>
        <Field
          label="Email"
          type="email"
          autoComplete="off"
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.target.value })}
          error={fieldErrors.email}
        />
        <Select
          label="Role"
          value={form.role}
          onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
          error={fieldErrors.role}
          hint={ROLE_HELP[form.role]}
        >
          {ROLES.filter((r) => r !== "owner" || role === "owner").map((r) => (
            <option key={r}>{r}</option>
          ))}
        </Select>
        <FormAlert error={formError} />
        <button type="submit" className="primary" disabled={pending}>
          {pending ? "Sending…" : "Send invitation"}
        </button>
        <p className="save-state saved" role="status">
          {sent}
        </p>
      </form>
    </section>
  );
}

/**
 * A member's row. The role is chosen in the select and applied with the button next to it, so moving through the
 * options with the keyboard never changes anyone's role on the way.
 */
function MemberRow({
  orgId,
  m,
  self,
  callerRole,
  onChanged,
  onError,
}: {
  orgId: string;
  m: MemberDto;
  self: boolean;
  callerRole: Role;
  onChanged: (message: string) => void;
  onError: (error: unknown) => void;
}) {
  const [next, setNext] = useState<Role>(m.role);
  const [busy, setBusy] = useState(false);
  const locked = self || (m.role === "owner" && callerRole !== "owner");
  const selectId = `role-${m.user.id}`;
  async function apply() {
    setBusy(true);
    try {
      await api(`/orgs/${orgId}/members/${m.user.id}`, { method: "PATCH", body: { role: next } });
      onChanged(`${m.user.name} is now ${next}.`);
    } catch (e) {
      onError(e);
      setNext(m.role);
    } finally {
      setBusy(false);
    }
  }
  async function remove() {
    if (!window.confirm(`Remove ${m.user.name} from the organization?`)) return;
    setBusy(true);
    try {
      await api(`/orgs/${orgId}/members/${m.user.id}`, { method: "DELETE" });
      onChanged(`${m.user.name} was removed.`);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <tr>
      <td className="breakable">{m.user.name}</td>
      <td className="breakable">{m.user.email}</td>
      <td>
        <div className="row nowrap">
          <label className="visually-hidden" htmlFor={selectId}>
            Role of {m.user.name}
          </label>
          <select
            id={selectId}
            value={next}
            disabled={locked || busy}
            onChange={(e) => setNext(e.target.value as Role)}
          >
            {ROLES.filter((r) => r !== "owner" || callerRole === "owner" || m.role === "owner").map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          {next !== m.role ? (
            <button type="button" className="small primary" onClick={apply} disabled={busy}>
              Save<span className="visually-hidden"> the role of {m.user.name}</span>
            </button>
          ) : null}
        </div>
      </td>
      <td>{formatDate(m.joinedAt)}</td>
      <td>
        {self ? (
          <span className="muted">you</span>
        ) : (
          <div className="row">
            <button type="button" className="small danger" onClick={remove} disabled={busy || locked}>
              Remove<span className="visually-hidden"> {m.user.name}</span>
            </button>
            {callerRole === "owner" || callerRole === "admin" ? (
              <PersonalData orgId={orgId} m={m} disabled={busy || locked} onErased={onChanged} onError={onError} />
            ) : null}
          </div>
        )}
      </td>
    </tr>
  );
}

export default function Members({ orgId, role }: { orgId: string; role: Role }) {
  const qc = useQueryClient();
  const me = useMe();
  const [filter, setFilter] = useState<Role | "">("");
  const query = useInfiniteQuery({
    queryKey: ["org", orgId, "/members", filter],
    queryFn: ({ pageParam, signal }) =>
      api<Page<MemberDto>>(`/orgs/${orgId}/members${qs({ role: filter, limit: 100, cursor: pageParam })}`, {
        signal,
      }),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState<string | null>(null);
  const members = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="members-title">
      <h1 id="members-title">Members</h1>
      <p className="muted">
        Everyone in the organization: staff and students. Students join through a class code; invite staff below.
      </p>
      <div className="filters">
        <Select label="Show" value={filter} onChange={(e) => setFilter(e.target.value as Role | "")}>
          <option value="">Everyone</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r === "owner" ? "Owners" : `${r[0]?.toUpperCase()}${r.slice(1)}s`}
            </option>
          ))}
        </Select>
      </div>
      <FormAlert error={error} />
      <p className="save-state saved" role="status">
        {status}
      </p>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} retry={() => query.refetch()} />
      ) : members.length ? (
        <>
          <div className="table-wrap">
            <table aria-labelledby="members-title">
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
                {members.map((m) => (
                  <MemberRow
                    key={`${m.user.id}-${m.role}`}
                    orgId={orgId}
                    m={m}
                    self={m.user.id === me.data?.user.id}
                    callerRole={role}
                    onChanged={(message) => {
                      setError(null);
                      setStatus(message);
                      qc.invalidateQueries({ queryKey: ["org", orgId, "/members"] });
                    }}
                    onError={(e) => {
                      setStatus(null);
                      setError(e);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {query.hasNextPage ? (
            <button type="button" onClick={() => query.fetchNextPage()} disabled={query.isFetchingNextPage}>
              {query.isFetchingNextPage ? "Loading…" : "Show more members"}
            </button>
          ) : null}
        </>
      ) : (
        <Empty>No members with this role.</Empty>
      )}
      <Invitations orgId={orgId} role={role} />
    </section>
  );
}
