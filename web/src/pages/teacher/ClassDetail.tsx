import type { ClassDto } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api/client.ts";
import { useOrgQuery } from "../../api/hooks.ts";
import { QrCode } from "../../components/QrCode.tsx";
import { QueryState } from "../../components/states.tsx";
import { navigate, useLocation } from "../../router.tsx";
import { Assignments } from "./class/Assignments.tsx";
import { Dashboard } from "./class/Dashboard.tsx";
import { Patterns } from "./class/Patterns.tsx";
import { Reteach } from "./class/Reteach.tsx";
import { Students } from "./class/Students.tsx";

const VIEWS = [
  { id: "dashboard", label: "Dashboard" },
  { id: "assignments", label: "Assignments" },
  { id: "students", label: "Students" },
  { id: "patterns", label: "Error patterns" },
  { id: "reteach", label: "What to reteach" },
] as const;
type View = (typeof VIEWS)[number]["id"];

function JoinCode({ orgId, cls }: { orgId: string; cls: ClassDto }) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function rotate() {
    if (!window.confirm("Make a new join code? The old one will stop working.")) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/orgs/${orgId}/classes/${cls.id}/join-code`, { method: "POST" });
      await qc.invalidateQueries({ queryKey: ["org", orgId] });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  const link = `${window.location.origin}/join?code=${encodeURIComponent(cls.joinCode)}`;
  const [copied, setCopied] = useState("");
  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopied("Link copied.");
    } catch {
      setCopied("Could not copy: select the link and copy it.");
    }
  }
  return (
    <div className="card">
      <p>
        Join code: <span className="join-code">{cls.joinCode}</span>
      </p>
      <div className="join-link">
        <QrCode value={link} label={`QR code of the class link, ${link}`} />
        <p className="muted">
          Students join at <code>{link}</code>, or by pointing a phone's camera at the code.
        </p>
      </div>
      <div className="row">
        <button type="button" onClick={copy}>
          Copy the class link
        </button>
        <button type="button" onClick={rotate} disabled={busy}>
          {busy ? "Rotating…" : "Rotate join code"}
        </button>
        <a className="button" href={`/api/v1/orgs/${orgId}/classes/${cls.id}/gradebook.csv`} download>
          Download gradebook (CSV)
        </a>
      </div>
      <p role="status" className="hint">
        {copied}
      </p>
      {error ? (
        <p className="form-alert" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export default function ClassDetail({ orgId, classId }: { orgId: string; classId: string }) {
  const query = useOrgQuery<ClassDto>(orgId, `/classes/${classId}`);
  // The view is in the address (?view=students): the back button and shared links land on the same tab.
  const { path, search } = useLocation();
  const asked = search.get("view");
  const view: View = VIEWS.some((v) => v.id === asked) ? (asked as View) : "dashboard";
  const hrefOf = (id: View) => (id === "dashboard" ? path : `${path}?view=${id}`);
  return (
    <QueryState query={query}>
      {(cls) => (
        <section aria-labelledby="class-title">
          <h1 id="class-title">{cls.name}</h1>
          {cls.description ? <p>{cls.description}</p> : null}
          <JoinCode orgId={orgId} cls={cls} />
          <nav aria-label="Class views" className="tabs">
            {VIEWS.map((v) => (
              <a
                key={v.id}
                href={hrefOf(v.id)}
                aria-current={view === v.id ? "page" : undefined}
                className={`button${view === v.id ? " primary" : ""}`}
                onClick={(e) => {
                  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                  e.preventDefault();
                  navigate(hrefOf(v.id), { keepScroll: true });
                }}
              >
                {v.label}
              </a>
            ))}
          </nav>
          {view === "dashboard" ? <Dashboard orgId={orgId} classId={classId} /> : null}
          {view === "assignments" ? <Assignments orgId={orgId} classId={classId} /> : null}
          {view === "students" ? <Students orgId={orgId} classId={classId} /> : null}
          {view === "patterns" ? (
            <Patterns orgId={orgId} path={`/classes/${classId}/patterns`} classId={classId} />
          ) : null}
          {view === "reteach" ? <Reteach orgId={orgId} classId={classId} /> : null}
        </section>
      )}
    </QueryState>
  );
}
