import type { ProgressDto } from "../../api/dto.ts";
import { useOrgQuery } from "../../api/hooks.ts";
import { ProgressCharts } from "../../components/ProgressCharts.tsx";
import { QueryState } from "../../components/states.tsx";

export default function StudentProgress({ orgId, userId }: { orgId: string; userId: string }) {
  const query = useOrgQuery<ProgressDto>(orgId, `/students/${userId}/progress`);
  return (
    <section aria-labelledby="progress-title">
      <h1 id="progress-title">Student progress</h1>
      <QueryState query={query}>{(data) => <ProgressCharts data={data} />}</QueryState>
    </section>
  );
}
