import type { ColumnType } from "kysely";

export interface OrganizationsTable {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  /**
   * Accounts without email (created by a teacher, login cards); null for everyone else. Unique. Optional on insert
   * (every other way of making an account leaves it null), always there when read.
   */
  username: ColumnType<string | null, string | null | undefined, string | null>;
  password_hash: string;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  organization_id: string;
  user_id: string;
  role: "owner" | "admin" | "teacher" | "student";
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie token: a stolen database does not yield live sessions. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface InvitationsTable {
  id: string;
  organization_id: string;
  email: string;
  role: "owner" | "admin" | "teacher" | "student";
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}

/** The outbox: written in the same transaction as the change it reports, handed to the queue after commit. */
export interface EventsTable {
  id: string;
  organization_id: string | null;
  type: string;
  payload: string;
  created_at: string;
  dispatched_at: string | null;
  /** When every subscriber had handled it (migration 0012); null while queued or waiting. */
  handled_at: string | null;
  attempts: number;
}

export interface IdentityTables {
  organizations: OrganizationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  invitations: InvitationsTable;
  events: EventsTable;
}
