/* ms-db-bind.c — binding a token to the station identity its desk states
 * at enrolment (docs/sync-protocol.md §4.1)
 *
 * One transaction: read what the station is bound to, look for another
 * station holding the same agency code and station number, bind. The
 * unique index on token_bindings settles a race with another server
 * process (an admin command) the same way.
 */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include "ms-db-private.h"

/* Whether another station than @station_id holds the agency code and
 * number, by registration or by binding; @holder_out (nullable): its name. */
static gboolean
taken_by_other (sqlite3     *db,
                gint64       station_id,
                const char  *agency_code,
                gint64       station_number,
                gboolean    *taken,
                char       **holder_out,
                GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = ms_db_prepare (db, MS_SQL_STATION_TAKEN_BY_OTHER, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, station_id);
  ms_db_bind_text (stmt, 2, agency_code);
  sqlite3_bind_int64 (stmt, 3, station_number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && holder_out != NULL)
    *holder_out = ms_db_column_text (stmt, 0);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return ms_db_set_error (db, error);
  *taken = rc == SQLITE_ROW;
  return TRUE;
}

/* Inside the caller's transaction: fails if what @station_name is now
 * registered as (agency code and number) another station holds. The
 * message names that station, never a token. */
gboolean
ms_db_station_check_unique (sqlite3     *db,
                            const char  *station_name,
                            GError     **error)
{
  g_autoptr(MsStation) station = NULL;
  g_autofree char *holder = NULL;
  sqlite3_stmt *stmt;
  gboolean taken = FALSE;
  int rc;

  stmt = ms_db_prepare (db, MS_SQL_STATION_BY_NAME, error);
  if (stmt == NULL)
    return FALSE;
  ms_db_bind_text (stmt, 1, station_name);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    station = ms_station_from_row (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return ms_db_set_error (db, error);
  if (station->agency_code == NULL || station->station_number <= 0)
    return TRUE;
  if (!taken_by_other (db, station->id, station->agency_code, station->station_number, &taken, &holder, error))
    return FALSE;
  if (taken)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_FAILED,
                   "máy trạm số %" G_GINT64_FORMAT " của đơn vị %s đã thuộc về máy trạm “%s”; "
                   "hãy chọn số khác, hoặc thu hồi mã của máy trạm đó trước (revoke --station)",
                   station->station_number, station->agency_code, holder);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_binding (sqlite3     *db,
                const char  *token_hash,
                const char  *agency_code,
                gint64       station_number,
                gboolean    *taken,
                GError     **error)
{
  g_autofree char *now = ms_now_string ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = ms_db_prepare (db, MS_SQL_BINDING_INSERT, error);
  if (stmt == NULL)
    return FALSE;
  ms_db_bind_text (stmt, 1, token_hash);
  ms_db_bind_text (stmt, 2, agency_code);
  sqlite3_bind_int64 (stmt, 3, station_number);
  ms_db_bind_text (stmt, 4, now);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_CONSTRAINT)
    {
      *taken = TRUE;
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return ms_db_set_error (db, error);
  return TRUE;
}

MsBindResult
ms_db_bind_station (sqlite3     *db,
                    const char  *token_hash,
                    const char  *agency_code,
                    gint64       station_number,
                    MsStation  **bound_out,
                    GError     **error)
{
  g_autoptr(MsStation) station = NULL;
  gboolean taken = FALSE;

  if (!ms_db_begin (db, error))
    return MS_BIND_FAILED;
  station = ms_db_station_for_token (db, token_hash, error);
  if (station == NULL)
    goto fail;

  if ((station->agency_code != NULL && !g_str_equal (station->agency_code, agency_code)) ||
      (station->station_number > 0 && station->station_number != station_number))
    {
      ms_db_rollback (db);
      *bound_out = g_steal_pointer (&station);
      return MS_BIND_MISMATCH;
    }
  if (station->agency_code != NULL && station->station_number > 0)
    {
      /* Already bound to exactly this: every later /info says so again. */
      ms_db_rollback (db);
      *bound_out = g_steal_pointer (&station);
      return MS_BIND_OK;
    }

  if (!taken_by_other (db, station->id, agency_code, station_number, &taken, NULL, error) ||
      (!taken && !insert_binding (db, token_hash, agency_code, station_number, &taken, error)))
    goto fail;
  if (taken)
    {
      ms_db_rollback (db);
      return MS_BIND_TAKEN;
    }
  if (!ms_db_commit (db, error))
    return MS_BIND_FAILED;
  g_clear_pointer (&station, ms_station_free);
  *bound_out = ms_db_station_for_token (db, token_hash, error);
  return *bound_out != NULL ? MS_BIND_OK : MS_BIND_FAILED;

fail:
  ms_db_rollback (db);
  return MS_BIND_FAILED;
}

gboolean
ms_db_revoke_station (sqlite3     *db,
                      const char  *station_name,
                      gboolean    *found,
                      GError     **error)
{
  if (!ms_db_begin (db, error))
    return FALSE;
  if (!ms_db_run_text (db, MS_SQL_TOKENS_DELETE_FOR_STATION, station_name, error))
    goto fail;
  *found = sqlite3_changes (db) > 0;

  /* Its registered agency code and number go with the token, as a binding
   * does: another PC may take them (§4.1). */
  if (!ms_db_run_text (db, MS_SQL_STATION_FORGET_NUMBER, station_name, error))
    goto fail;
  return ms_db_commit (db, error);

fail:
  ms_db_rollback (db);
  return FALSE;
}
