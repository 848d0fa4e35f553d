/** One measured figure, as written to bench/results/<suite>.json. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

/**
 * A benchmark suite. Figures that depend on the machine's speed are reported as ratios against a
 * baseline measured in the same run, because this machine is shared and noisy.
 */
export interface BenchSuite {
  name: string;
  run(): Promise<BenchFigure[]>;
}
