/** Backups asked for from the web app (migration 0018_backup_exports). Conventions of db/types.ts apply. */

export interface BackupExportsTable {
  id: string;
  organization_id: string;
  requested_by: string | null;
  status: "queued" | "running" | "succeeded" | "failed";
  /** 0…1 while running. */
  progress: number;
  /** `backups/<orgId>/<id>` once written; removed when the export expires. */
  storage_key: string | null;
  bytes: number | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
  /** The download answers 410 after this, and the file is deleted. */
  expires_at: string | null;
}

export interface BackupTables {
  backup_exports: BackupExportsTable;
}
