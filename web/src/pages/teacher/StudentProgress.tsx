import type { ProgressDto } from "../../api/dto.ts";
import { useOrgQuery } from "../../api/hooks.ts";
import { ProgressCharts } from "../../components/ProgressCharts.tsx";
import { ScaleSection } from "../../components/ScaleSection.tsx";
import { QueryState } from "../../components/states.tsx";
import { Link, useLocation } from "../../router.tsx";

export default function StudentProgress({ orgId, userId }: { orgId: string; userId: string }) {
  const query = useOrgQuery<ProgressDto>(orgId, `/students/${userId}/progress`);
  // The class the teacher came from (the Students tab links here with it), for the way back.
  const classId = useLocation().search.get("classId");
  const name = query.data?.student?.name;
  return (
    <section aria-labelledby="progress-title">
      {classId ? (
        <p>
          <Link to={`/o/${orgId}/classes/${encodeURIComponent(classId)}`}>Back to the class</Link>
        </p>
      ) : null}
      <h1 id="progress-title" className="breakable">
        {name ? `Progress of ${name}` : "Student progress"}
      </h1>
      <QueryState query={query}>
        {(data) => (
          <>
            <ProgressCharts data={data} />
            <ScaleSection data={data} />
          </>
        )}
      </QueryState>
    </section>
  );
}
