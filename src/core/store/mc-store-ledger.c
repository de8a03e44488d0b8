/* mc-store-ledger.c — the ledger (Sổ theo dõi hồ sơ): entries and ranges
 *
 * The ledger is a book a year: a dossier's entry is its 1-based position
 * among the dossiers received that year (Vietnam time), ordered by receipt
 * time then row id — the order the clerk wrote them down in.
 */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-core-env.h"
#include "mc-store-private.h"

static gint64
year_start_ts (int year)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) start = g_date_time_new (tz, year, 1, 1, 0, 0, 0);

  return g_date_time_to_unix (start);
}

gboolean
mc_store_get_ledger_entry (McStore     *self,
                           const char  *uuid,
                           int         *book,
                           gint64      *entry,
                           GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) at = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0, ts = 0;
  int year, rc;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);

  stmt = mc_store_prepare (self, "SELECT id, received_ts FROM dossiers WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  mc_store_bind_text (stmt, 1, uuid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      ts = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (self, rc, _("Reading the dossier"), error);
  if (id == 0)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                   _("No dossier with the identifier “%s”"), uuid ? uuid : "");
      return FALSE;
    }

  at = g_date_time_new_from_unix_utc (ts);
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (at, tz);
    year = g_date_time_get_year (local);
  }

  stmt = mc_store_prepare (self,
                           "SELECT count(*) FROM dossiers "
                           "WHERE received_ts >= ?1 AND state != 'draft' "
                           "AND (received_ts < ?2 OR (received_ts = ?2 AND id <= ?3))",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, year_start_ts (year));
  sqlite3_bind_int64 (stmt, 2, ts);
  sqlite3_bind_int64 (stmt, 3, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *entry = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return mc_store_set_sqlite_error (self, rc, _("Reading the ledger"), error);
  *book = year;
  return TRUE;
}

GPtrArray *
mc_store_list_for_ledger (McStore     *self,
                          const char  *from,
                          const char  *to,
                          GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) dossiers = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  gint64 start, end;
  int rc;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  if (!mc_store_day_start_ts (_("From date"), from, 0, &start, error) ||
      !mc_store_day_start_ts (_("To date"), to, 1, &end, error))
    return NULL;
  if (end <= start)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   _("The ledger's start date %s is after its end date %s"), from, to);
      return NULL;
    }

  stmt = mc_store_prepare (self,
                           "SELECT uuid FROM dossiers "
                           "WHERE received_ts >= ?1 AND received_ts < ?2 AND state != 'draft' "
                           "ORDER BY received_ts, id",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (uuids, mc_store_column_dup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_store_set_sqlite_error (self, rc, _("Reading the ledger"), error);
      return NULL;
    }

  /* One load each, with the papers: the lock is recursive and held, so the
   * list is one consistent snapshot. */
  for (guint i = 0; i < uuids->len; i++)
    {
      McDossier *d = mc_store_load_dossier (self, g_ptr_array_index (uuids, i), error);
      if (d == NULL)
        return NULL;
      g_ptr_array_add (dossiers, d);
    }
  return g_steal_pointer (&dossiers);
}
