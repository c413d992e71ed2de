export * from "./calibrate.ts";
export * from "./wle.ts";
