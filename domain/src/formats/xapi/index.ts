export * from "./interactions.ts";
export * from "./statements.ts";
