/** The assignments service's caller, from a request that passed the access plugin (routes of several modules use it). */
import type { FastifyRequest } from "fastify";
import { membershipOf } from "../../plugins/access.ts";
import type { Caller } from "./assignments.service.ts";

export function assignmentCallerOf(req: FastifyRequest): Caller {
  const m = membershipOf(req);
  return { organizationId: m.organizationId, role: m.role, userId: req.principal?.userId ?? null };
}
