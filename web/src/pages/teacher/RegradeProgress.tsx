import type { RegradeDto } from "@languagecloud/domain";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useOrgQuery } from "../../api/hooks.ts";

/**
 * A regrade job's progress, polled until it ends, then what it did in words: how many attempts were marked again
 * and how many students' scores changed (those students are told by the server: mail and webhook).
 */
export function RegradeProgress({
  orgId,
  assignmentId,
  regradeId,
  onFinished,
}: {
  orgId: string;
  assignmentId: string;
  regradeId: string;
  onFinished?: () => void;
}) {
  const qc = useQueryClient();
  const [stop, setStop] = useState(false);
  const job = useOrgQuery<RegradeDto>(orgId, `/assignments/${assignmentId}/regrades/${regradeId}`, {
    refetchInterval: stop ? false : 500,
  });
  const j = job.data;
  // A failed run is retried by the job system: keep watching it.
  const finished = j?.status === "succeeded";
  if (finished && !stop) setStop(true);
  useEffect(() => {
    // Scores, statistics, the grid and the dashboard all moved: refetch what the page shows.
    if (!finished) return;
    qc.invalidateQueries({ queryKey: ["org", orgId] });
    onFinished?.();
  }, [finished, qc, orgId, onFinished]);
  if (!j) return <p aria-live="polite">Starting the regrade…</p>;
  return (
    <div aria-live="polite" className="regrade-progress">
      <progress max={1} value={j.progress} aria-label="Regrade progress" />{" "}
      {j.status === "succeeded" ? (
        <span>
          Done: {j.done} attempt(s) regraded with version {j.version}, {j.changed} score(s) changed.{" "}
          {j.changed ? "Those students are told (email and their results page)." : "Nobody's score changed."}
        </span>
      ) : j.status === "failed" ? (
        <span>The regrade stopped: {j.error ?? "unknown error"}. It will be retried.</span>
      ) : (
        <span>
          Regrading… {j.done} of {j.total}
        </span>
      )}
    </div>
  );
}
