export * from "./content/schema.ts";
export * from "./content/responses.ts";
