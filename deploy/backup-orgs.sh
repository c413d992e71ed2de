#!/bin/sh
# Backs up every organization (or those listed in $BACKUP_ORGS_FILE, one id a line) with
# `languagecloud backup --passphrase-env BACKUP_PASSPHRASE`, copies each archive to $BACKUP_REMOTE with rclone (a
# provider other than the one running the deployment), and deletes remote archives older than $BACKUP_KEEP_DAYS.
# Exits non-zero when any organization failed, so the unit shows failed and the alert fires.
set -eu
: "${BACKUP_PASSPHRASE:?set BACKUP_PASSPHRASE in /etc/languagecloud/backup.env}"
: "${BACKUP_REMOTE:?set BACKUP_REMOTE, e.g. offsite:languagecloud-backups}"
KEEP_DAYS="${BACKUP_KEEP_DAYS:-30}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$(dirname "$0")/.."

if [ -n "${BACKUP_ORGS_FILE:-}" ]; then
  ORGS="$(grep -v '^#' "$BACKUP_ORGS_FILE")"
else
  # Every organization, read through the product's own database connection (any engine).
  ORGS="$(node --import tsx --input-type=module -e '
    const { openDatabase } = await import("./server/src/db/database.ts");
    const d = openDatabase(process.env.DATABASE_URL);
    for (const o of await d.db.selectFrom("organizations").select("id").execute()) console.log(o.id);
    await d.close();')"
fi

failed=0
for org in $ORGS; do
  file="$WORK/$org-$STAMP.tar.gz.enc"
  if node server/bin/languagecloud.js backup --org "$org" --out "$file" --passphrase-env BACKUP_PASSPHRASE >/dev/null \
    && rclone copyto "$file" "$BACKUP_REMOTE/$org/$(basename "$file")"; then
    echo "backed up $org"
  else
    echo "backup of $org FAILED" >&2
    failed=1
  fi
  rm -f "$file"
done
rclone delete --min-age "${KEEP_DAYS}d" "$BACKUP_REMOTE"
exit "$failed"
