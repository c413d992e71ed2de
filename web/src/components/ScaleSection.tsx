import type { ProgressDto } from "../api/dto.ts";
import { ScaleChart } from "./ScaleChart.tsx";

/** The progress pages' "On the calibrated scale" section, beside the score shares. */
export function ScaleSection({ data }: { data: ProgressDto }) {
  return (
    <section aria-labelledby="scale-title">
      <h2 id="scale-title">On the calibrated scale</h2>
      <ScaleChart points={data.scale ?? []} />
    </section>
  );
}
