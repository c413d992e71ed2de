export * from "./experiment-deal.ts";
export * from "./experiment-results.ts";
export * from "./version-compare.ts";
