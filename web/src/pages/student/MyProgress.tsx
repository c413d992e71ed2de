import type { ProgressDto } from "../../api/dto.ts";
import { useOrgQuery } from "../../api/hooks.ts";
import { useMe } from "../../api/session.ts";
import { ProgressCharts } from "../../components/ProgressCharts.tsx";
import { ScaleSection } from "../../components/ScaleSection.tsx";
import { Loading, QueryState } from "../../components/states.tsx";

export default function MyProgress({ orgId }: { orgId: string }) {
  const me = useMe();
  const userId = me.data?.user.id;
  const query = useOrgQuery<ProgressDto>(orgId, `/students/${userId}/progress`, { enabled: !!userId });
  return (
    <section aria-labelledby="progress-title">
      <h1 id="progress-title">My progress</h1>
      {userId ? (
        <QueryState query={query}>
          {(data) => (
            <>
              <ProgressCharts data={data} />
              <ScaleSection data={data} />
            </>
          )}
        </QueryState>
      ) : (
        <Loading />
      )}
    </section>
  );
}
