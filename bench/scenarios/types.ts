/** One row of bench/results/latest.json. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  p50_ms?: number | null;
  p99_ms?: number | null;
  /** The baseline's value, measured right before the scenario in the same run. */
  baseline?: number | null;
  ratio?: number | null;
  notes?: string;
}

export interface BenchOptions {
  quick: boolean;
  db: "sqlite" | "postgres" | "mysql";
}

export type Scenario = (opts: BenchOptions) => Promise<BenchResult[]>;
