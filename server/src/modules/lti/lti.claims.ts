/** Claim names of LTI 1.3 and its Advantage services, and the role mapping of interop.md. */
export const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
export const DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
export const DL_SETTINGS = `${DL}deep_linking_settings`;
export const AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint";
export const NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice";
export const SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
export const SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem";
export const SCOPE_RESULT = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly";
export const SCOPE_NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
export const AGS_SCOPES = [SCOPE_SCORE, SCOPE_LINEITEM, SCOPE_RESULT];

const TEACHING = new Set(["Instructor", "ContentDeveloper", "Administrator"]);

/**
 * Instructor, ContentDeveloper, Administrator (context or institution roles, full URIs or the short names LTI
 * allows) → teacher; Learner → student; anything else → null (no access).
 */
export function roleOf(roles: unknown): "teacher" | "student" | null {
  if (!Array.isArray(roles)) return null;
  const names = roles.filter((r): r is string => typeof r === "string").map((r) => r.split(/[#/]/).pop() ?? r);
  if (names.some((n) => TEACHING.has(n))) return "teacher";
  if (names.includes("Learner")) return "student";
  return null;
}
