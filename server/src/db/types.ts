/**
 * The database as Kysely sees it. Each module declares its own tables next to its migration; this interface
 * composes them. Conventions (all engines): ids are app-generated strings (UUIDv7), timestamps are ISO 8601 UTC
 * strings (`2026-01-02T03:04:05.678Z`, which sort as text), booleans are integers 0/1, JSON is text.
 */
import type { Kysely, Transaction } from "kysely";
import type { AnalyticsTables } from "./tables/analytics.tables.ts";
import type { AuditTables } from "./tables/audit.tables.ts";
import type { BackupTables } from "./tables/backup.tables.ts";
import type { CalibrationTables } from "./tables/calibration.tables.ts";
import type { ClassesTables } from "./tables/classes.tables.ts";
import type { ContentTables } from "./tables/content.tables.ts";
import type { ExperimentsTables } from "./tables/experiments.tables.ts";
import type { IdentityTables } from "./tables/identity.tables.ts";
import type { IntegrationsTables } from "./tables/integrations.tables.ts";
import type { JobsTables } from "./tables/jobs.tables.ts";
import type { LtiTables } from "./tables/lti.tables.ts";
import type { PracticeTables } from "./tables/practice.tables.ts";
import type { XapiTables } from "./tables/xapi.tables.ts";

export interface DB
  extends IdentityTables,
    ContentTables,
    IntegrationsTables,
    JobsTables,
    ClassesTables,
    AnalyticsTables,
    AuditTables,
    LtiTables,
    CalibrationTables,
    XapiTables,
    PracticeTables,
    BackupTables,
    ExperimentsTables {}

export type Db = Kysely<DB>;
export type Trx = Transaction<DB>;
/** Either the database or a transaction: repositories accept both. */
export type Executor = Kysely<DB> | Transaction<DB>;
export type Dialect = "sqlite" | "postgres" | "mysql";
