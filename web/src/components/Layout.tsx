import type { MeDto, Role } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { api } from "../api/client.ts";
import { can, meKey } from "../api/session.ts";
import { Link, navigate } from "../router.tsx";

function navFor(orgId: string, role: Role): { to: string; label: string }[] {
  const base = `/o/${orgId}`;
  if (role === "student") {
    return [
      { to: `${base}/my`, label: "My assignments" },
      { to: `${base}/my/progress`, label: "My progress" },
      { to: `${base}/my/practice`, label: "Practice" },
    ];
  }
  const links = [
    { to: `${base}/library`, label: "Library" },
    { to: `${base}/imports`, label: "Import" },
    { to: `${base}/media`, label: "Media" },
    { to: `${base}/classes`, label: "Classes" },
    { to: `${base}/experiments`, label: "Experiments" },
  ];
  if (can(role, "admin")) {
    links.push(
      { to: `${base}/admin/members`, label: "Members" },
      { to: `${base}/admin/api-keys`, label: "API keys" },
      { to: `${base}/admin/webhooks`, label: "Webhooks" },
      { to: `${base}/admin/lti`, label: "LMS (LTI)" },
      { to: `${base}/admin/xapi`, label: "xAPI" },
      { to: `${base}/admin/backup`, label: "Backup" },
    );
  }
  return links;
}

export function Layout({ me, orgId, children }: { me: MeDto | null; orgId?: string | undefined; children: ReactNode }) {
  const qc = useQueryClient();
  const membership = me?.memberships.find((m) => m.organization.id === orgId);
  async function logout() {
    try {
      await api("/auth/logout", { method: "POST", allowUnauthorized: true });
    } finally {
      qc.setQueryData(meKey, null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== "me" });
      navigate("/login");
    }
  }
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="bar">
          <Link to="/" className="brand">
            Language Cloud
          </Link>
          {me ? (
            <div className="account">
              {me.memberships.length > 1 ? (
                <label className="org-switch">
                  <span className="visually-hidden">Organization</span>
                  <select
                    value={orgId ?? ""}
                    onChange={(e) => {
                      const m = me.memberships.find((x) => x.organization.id === e.target.value);
                      if (m) navigate(`/o/${m.organization.id}/${m.role === "student" ? "my" : "library"}`);
                    }}
                  >
                    {me.memberships.map((m) => (
                      <option key={m.organization.id} value={m.organization.id}>
                        {m.organization.name} ({m.role})
                      </option>
                    ))}
                  </select>
                </label>
              ) : membership ? (
                <span className="org-name">{membership.organization.name}</span>
              ) : null}
              <button type="button" className="link-button" onClick={logout}>
                Log out
              </button>
            </div>
          ) : null}
        </div>
        {me && membership && orgId ? (
          <nav aria-label="Main">
            <ul>
              {navFor(orgId, membership.role).map((l) => (
                <li key={l.to}>
                  <Link to={l.to}>{l.label}</Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>Language Cloud</p>
      </footer>
    </>
  );
}
