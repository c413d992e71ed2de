import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { formatDate } from "../../components/format.ts";
import { Empty, FormAlert, QueryState } from "../../components/states.tsx";

export interface BackupDto {
  id: string;
  status: "queued" | "running" | "succeeded" | "failed";
  progress: number;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string | null;
  bytes: number | null;
  error: string | null;
  downloadUrl: string | null;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Admins download an archive of the whole organization: made by a job, shown with its progress, kept 24 hours. */
export default function Backups({ orgId }: { orgId: string }) {
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const list = useQuery({
    queryKey: ["org", orgId, "/backups"],
    queryFn: ({ signal }) => api<{ items: BackupDto[] }>(`/orgs/${orgId}/backups`, { signal }),
    // While one is being made, ask again every second for its progress.
    refetchInterval: (q) =>
      q.state.data?.items.some((b) => b.status === "queued" || b.status === "running") ? 1000 : false,
  });
  async function start() {
    setBusy(true);
    setError(null);
    try {
      await api(`/orgs/${orgId}/backups`, { method: "POST", body: {} });
      await qc.invalidateQueries({ queryKey: ["org", orgId, "/backups"] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const running = list.data?.items.some((b) => b.status === "queued" || b.status === "running") ?? false;
  return (
    <section aria-labelledby="backups-title">
      <h1 id="backups-title">Backup</h1>
      <p className="muted">
        One file with everything of this organization: members (with their passwords, so they can log in after a
        restore), classes, exercises, assignments, every student's attempts and answers, statistics and uploaded files.
        Login sessions, API keys, invitations and webhook secrets are never included. Your provider can restore it on
        any Language Cloud installation with <code>languagecloud restore</code>. The download link works for 24 hours.
      </p>
      <button type="button" className="primary" onClick={start} disabled={busy || running}>
        {running ? "A backup is being made…" : "Make a backup"}
      </button>
      <FormAlert error={error} />
      <QueryState query={list}>
        {(data) =>
          data.items.length ? (
            <ul className="plain" aria-label="Recent backups">
              {data.items.map((b) => (
                <li key={b.id} className="card">
                  <p>
                    Requested {formatDate(b.createdAt)}
                    {b.bytes !== null ? ` · ${megabytes(b.bytes)}` : ""}
                  </p>
                  {b.status === "queued" || b.status === "running" ? (
                    <>
                      <label htmlFor={`progress-${b.id}`}>
                        {b.status === "queued" ? "Waiting to start" : "Writing"}
                      </label>{" "}
                      <progress id={`progress-${b.id}`} max={1} value={b.progress}>
                        {Math.round(b.progress * 100)} %
                      </progress>
                    </>
                  ) : b.status === "failed" ? (
                    <p role="alert">{b.error ?? "The backup failed."}</p>
                  ) : b.downloadUrl ? (
                    <p>
                      <a className="button" href={b.downloadUrl} download>
                        Download the backup
                      </a>{" "}
                      <span className="muted">link expires {formatDate(b.expiresAt as string)}</span>
                    </p>
                  ) : (
                    <p className="muted">Expired: make a new backup to download one.</p>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No backup made yet.</Empty>
          )
        }
      </QueryState>
    </section>
  );
}
