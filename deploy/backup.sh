#!/bin/sh
# Back up the database while the service runs, and keep 14 days of backups.
#   PostgreSQL (BOT_DATABASE_URL set): pg_dump's custom format; restore with
#     pg_restore --clean --if-exists --no-owner -d "$BOT_DATABASE_URL" FILE.dump
#   SQLite (BOT_DB): SQLite's online backup, a consistent copy; restore by stopping the
#     service and copying the file back over BOT_DB (and deleting BOT_DB-wal).
# Run it daily, e.g. from cron:  15 3 * * *  helpdesk  . /etc/helpdesk/main.env; /opt/helpdesk/deploy/backup.sh
set -eu
dest=${BACKUP_DIR:-/var/backups/helpdesk}
stamp=$(date +%Y-%m-%d-%H%M)
umask 077
mkdir -p "$dest"
if [ -n "${BOT_DATABASE_URL:-}" ]; then
    pg_dump --format=custom --file="$dest/helpdesk-$stamp.dump" "$BOT_DATABASE_URL"
else
    python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).backup(sqlite3.connect(sys.argv[2]))' \
        "${BOT_DB:-data/helpdesk.db}" "$dest/helpdesk-$stamp.db"
fi
find "$dest" -name 'helpdesk-*' -mtime +14 -delete
echo "backed up to $dest/helpdesk-$stamp.*"
