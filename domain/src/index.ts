export * from "./api/types.ts";
export * from "./content/responses.ts";
export * from "./content/schema.ts";
export * from "./content/student-view.ts";
export * from "./formats/index.ts";
export * from "./grading/index.ts";
export * from "./statistics/index.ts";
