// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it } from "vitest";
import { ScaleChart } from "./ScaleChart.tsx";

afterEach(cleanup);

describe("ScaleChart", () => {
  const points = [
    { skill: "grammar", at: "2026-01-05T10:00:00.000Z", ability: -0.5, se: 0.8 },
    { skill: "grammar", at: "2026-01-12T10:00:00.000Z", ability: 0.7, se: 0.5 },
    { skill: "vocabulary", at: "2026-01-12T10:00:00.000Z", ability: 1.2, se: 1 },
  ];

  it("shows each estimate with its 95 % interval, explained, with no serious axe violations", async () => {
    const { container } = render(
      <main>
        <ScaleChart points={points} />
      </main>,
    );
    // 0.7 ± 1.96 × 0.5
    expect(screen.getByRole("row", { name: /grammar .* 0\.70 -0\.28 to 1\.68/ })).toBeTruthy();
    expect(screen.getByRole("img").getAttribute("aria-label")).toBe(
      "Ability on the calibrated scale. Latest: grammar 0.70 ± 0.98, vocabulary 1.20 ± 1.96",
    );
    expect(container.textContent).toMatch(/95 % interval/);
    const result = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
  });

  it("says why there is no scale yet", () => {
    render(<ScaleChart points={[]} />);
    expect(screen.getByText(/needs the class's calibration/)).toBeTruthy();
  });
});
