/** xAPI (migration 0016_xapi). Conventions of db/types.ts apply. */
export interface XapiSettingsTable {
  organization_id: string;
  endpoint: string;
  key: string;
  /** The LRS secret, sealed (infra/webhooks/secret-box.ts); never returned, never logged. */
  secret_sealed: string;
  enabled: number;
  actor: "account" | "mbox";
  updated_at: string;
}

export interface XapiStatementsTable {
  /** The statement id (a name-based UUID of attempt + item + kind). */
  id: string;
  organization_id: string;
  statement: string;
  status: "pending" | "sent" | "failed";
  attempt_count: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface XapiTables {
  xapi_settings: XapiSettingsTable;
  xapi_statements: XapiStatementsTable;
}
