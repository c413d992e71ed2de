/**
 * The end of an LTI launch: the server sent the LMS frame to `/lti/app?ticket=…`. The ticket (single use, 60 s)
 * is exchanged for an LTI session kept by the API client, then the frame goes where the launch pointed: the
 * deep-linking picker, the student's assignments, or the teacher's class.
 */
import { api, setLtiSession } from "./api/client.ts";

interface LtiSession {
  token: string;
  expiresAt: string;
  organization: { id: string };
  role: string;
  classId?: string;
  assignmentId?: string;
  deepLinkRequestId?: string;
}

export function destinationOf(s: LtiSession): string {
  const org = `/o/${encodeURIComponent(s.organization.id)}`;
  if (s.deepLinkRequestId) return `${org}/lti/pick/${encodeURIComponent(s.deepLinkRequestId)}`;
  if (s.role === "student") return `${org}/my`;
  if (s.classId) return `${org}/classes/${encodeURIComponent(s.classId)}`;
  return `${org}/library`;
}

/** Runs before the app renders; on any page but `/lti/app` it does nothing. */
export async function enterFromLti(): Promise<void> {
  if (window.location.pathname !== "/lti/app") return;
  const ticket = new URLSearchParams(window.location.search).get("ticket");
  // The ticket leaves the address bar at once (it is single use anyway).
  window.history.replaceState(null, "", "/lti/app");
  if (!ticket) return;
  try {
    const session = await api<LtiSession>("/lti/session", {
      method: "POST",
      body: { ticket },
      allowUnauthorized: true,
    });
    setLtiSession(session);
    window.history.replaceState(null, "", destinationOf(session));
  } catch {
    window.history.replaceState(null, "", "/lti/app?expired=1");
  }
}
