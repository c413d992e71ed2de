/**
 * The routes of the student loop (classes, assignments, attempts, grading, gradebook), registered together from
 * modules/registry.ts with one line.
 */
import { assignmentRoutes } from "../assignments/assignments.routes.ts";
import { attemptRoutes } from "../attempts/attempts.routes.ts";
import { gradebookRoutes } from "../gradebook/gradebook.routes.ts";
import { classRoutes } from "./classes.routes.ts";

export const classesModuleRoutes = [classRoutes, assignmentRoutes, attemptRoutes, gradebookRoutes];
