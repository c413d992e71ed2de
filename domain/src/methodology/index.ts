export * from "./version-compare.ts";
