import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../../api/client.ts";
import { useOrgQuery } from "../../../api/hooks.ts";
import { FormAlert } from "../../../components/states.tsx";
import { useSubmit } from "../../../components/useForm.ts";

/** `GET /classes/{id}/lti-roster` (404 for a class no LMS launch made: then nothing is shown). */
interface RosterStatus {
  platform: string;
  rosterService: boolean;
  syncedAt: string | null;
}
interface RosterResult {
  added: number;
  /** Everyone the course no longer lists (this sync's and earlier ones'). */
  left: number;
  members: number;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * A class that came from an LMS course: "Sync roster" brings the course's members in through the platform's roster
 * service (NRPS) and takes out those who left it; while it runs the button says so, and the result stays in words.
 */
export function LtiRoster({ orgId, classId }: { orgId: string; classId: string }) {
  const qc = useQueryClient();
  const path = `/classes/${classId}/lti-roster`;
  const status = useOrgQuery<RosterStatus>(orgId, path);
  const [result, setResult] = useState<RosterResult | null>(null);
  const sync = useSubmit(
    () => api<RosterResult>(`/orgs/${orgId}${path}/sync`, { method: "POST", body: {} }),
    (r) => {
      setResult(r);
      // The class list, its count and the roster's time all changed.
      qc.invalidateQueries({ queryKey: ["org", orgId] });
    },
  );
  const s = status.data;
  if (!s) return null;
  return (
    <section className="card no-print" aria-labelledby="lti-roster-title">
      <h3 id="lti-roster-title">Course in {s.platform}</h3>
      <p className="hint">
        This class was made from a course in {s.platform}. Syncing brings in the course's students and removes those who
        are no longer in it; their work here is kept.
        {s.syncedAt ? ` Last synced ${new Date(s.syncedAt).toLocaleString()}.` : " Not synced yet."}
      </p>
      {s.rosterService ? (
        <button type="button" className="button" onClick={() => sync.submit()} disabled={sync.pending}>
          {sync.pending ? "Syncing the roster…" : "Sync roster"}
        </button>
      ) : (
        <p>{s.platform} did not offer its roster service for this course, so the roster cannot be synced from here.</p>
      )}
      <p role="status" className="hint">
        {sync.pending
          ? `Asking ${s.platform} for the course's members…`
          : result
            ? `Done: ${plural(result.members, "member", "members")} in the course; ${plural(result.added, "student", "students")} added; ${plural(result.left, "person has", "people have")} left the course (out of this class, their work kept).`
            : ""}
      </p>
      <FormAlert error={sync.formError} />
    </section>
  );
}
