export * from "./accumulator.ts";
export * from "./analysis.ts";
export * from "./csv.ts";
export * from "./distribution.ts";
export * from "./guess.ts";
export { ZERO_TOLERANCE } from "./moments.ts";
export * from "./patterns.ts";
export * from "./select.ts";
export * from "./types.ts";
