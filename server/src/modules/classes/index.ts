/**
 * The routes of the student loop (classes, assignments, attempts, grading, gradebook), registered together from
 * modules/registry.ts with one line.
 */
import { classRoutes } from "./classes.routes.ts";

export const classesModuleRoutes = [classRoutes];
