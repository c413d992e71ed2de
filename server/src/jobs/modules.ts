/**
 * The modules that register jobs, subscribers and schedules: one import line each (like modules/registry.ts for
 * routes). Importing a file runs its registerJob / subscribe / schedule calls, into the process's registry.
 *
 *   import "../modules/mail/mail.jobs.ts";
 */
import "./maintenance.jobs.ts";
import "../modules/notifications/notifications.jobs.ts";
import "../modules/webhooks/webhooks.jobs.ts";
import "../modules/imports/imports.jobs.ts";
import "../modules/insight/insight.jobs.ts";
import "../modules/attempts/attempts.jobs.ts";
import "../modules/lti/lti.jobs.ts";
import "../modules/calibration/calibration.jobs.ts";
import "../modules/practice/practice.jobs.ts";
import "../modules/xapi/xapi.jobs.ts";
import "../modules/review/review.jobs.ts";
import "../modules/backup/exports.jobs.ts";
import "../modules/methodology/experiments.jobs.ts";
