export * from "./calibrate.ts";
export { RaschError } from "./cml.ts";
export * from "./scores.ts";
export * from "./wle.ts";
