/** LTI 1.3 (migration 0016_lti). Conventions of db/types.ts apply. */

export interface LtiPlatformsTable {
  id: string;
  organization_id: string;
  name: string;
  issuer: string;
  client_id: string;
  /** JSON array of the deployment ids the platform may launch with. */
  deployment_ids: string;
  auth_login_url: string;
  auth_token_url: string;
  jwks_url: string;
  created_at: string;
  updated_at: string;
}

/** The tool's RS256 keys: the private JWK sealed under SESSION_SECRET; the newest unretired key signs. */
export interface LtiKeysTable {
  kid: string;
  public_jwk: string;
  private_jwk_sealed: string;
  created_at: string;
  retired_at: string | null;
}

/** An OIDC login in flight: `state` and the single-use `nonce` the id_token must carry. */
export interface LtiLoginsTable {
  state: string;
  nonce: string;
  platform_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** The platform's `lti_storage_target` when it offered its postMessage storage (migration 0016_lti_storage). */
  storage_target: string | null;
  /** SHA-256 of the value kept in the platform's storage, which the launch must bring back. */
  browser_secret_hash: string | null;
}

export interface LtiUsersTable {
  platform_id: string;
  sub: string;
  user_id: string;
  created_at: string;
}

export interface LtiContextsTable {
  platform_id: string;
  context_id: string;
  organization_id: string;
  class_id: string;
  memberships_url: string | null;
  roster_queued_at: string | null;
  roster_synced_at: string | null;
  created_at: string;
}

/** Class members as the platform's roster sees them; `left` once NRPS no longer lists them. */
export interface LtiMembersTable {
  class_id: string;
  user_id: string;
  organization_id: string;
  role: "teacher" | "student";
  status: "active" | "left";
  updated_at: string;
}

export interface LtiLinksTable {
  platform_id: string;
  resource_link_id: string;
  organization_id: string;
  class_id: string;
  assignment_id: string;
  line_item_url: string | null;
  created_at: string;
}

export interface LtiTicketsTable {
  /** SHA-256 of the ticket. */
  id: string;
  organization_id: string;
  user_id: string;
  /** JSON: role, classId, assignmentId, deepLinkRequestId. */
  payload: string;
  expires_at: string;
  used_at: string | null;
}

export interface LtiDeepLinkRequestsTable {
  id: string;
  organization_id: string;
  platform_id: string;
  user_id: string;
  deployment_id: string;
  return_url: string;
  data: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface LtiLaunchesTable {
  id: string;
  organization_id: string | null;
  platform_id: string | null;
  message_type: string | null;
  user_id: string | null;
  ok: number;
  error: string | null;
  created_at: string;
}

export interface LtiScoresTable {
  id: string;
  organization_id: string;
  platform_id: string;
  /** SHA-256 of the source event id and the line item URL. */
  source_key: string;
  attempt_id: string;
  line_item_url: string;
  lti_user_id: string;
  /** The score JSON (without its timestamp, which is set when it is sent). */
  body: string;
  status: "pending" | "sent" | "failed" | "superseded";
  attempt_count: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface LtiTables {
  lti_platforms: LtiPlatformsTable;
  lti_keys: LtiKeysTable;
  lti_logins: LtiLoginsTable;
  lti_users: LtiUsersTable;
  lti_contexts: LtiContextsTable;
  lti_members: LtiMembersTable;
  lti_links: LtiLinksTable;
  lti_tickets: LtiTicketsTable;
  lti_deep_link_requests: LtiDeepLinkRequestsTable;
  lti_launches: LtiLaunchesTable;
  lti_scores: LtiScoresTable;
}
