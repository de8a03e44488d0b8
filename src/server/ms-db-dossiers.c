/* ms-db-dossiers.c — dossiers, revisions, actions and the change log in SQLite */
#define G_LOG_DOMAIN "motcua-server"

#include "config.h"

#include "ms-db-private.h"

void
ms_dossier_free (MsDossier *dossier)
{
  if (dossier == NULL)
    return;
  g_free (dossier->uuid);
  g_free (dossier->code);
  g_free (dossier->body);
  g_free (dossier->body_sha256);
  g_free (dossier->accepted_at);
  g_free (dossier->server_ref);
  g_free (dossier->due_date);
  g_free (dossier->received_at);
  g_free (dossier);
}

void
ms_change_free (MsChange *change)
{
  if (change == NULL)
    return;
  g_free (change->uuid);
  g_free (change->code);
  g_free (change->kind);
  g_free (change->at);
  g_free (change->due_date);
  g_free (change->source);
  g_free (change->action_uuid);
  g_free (change->handler);
  g_free (change->message);
  g_free (change);
}

/* A row of DOSSIER_COLUMNS (ms-db-sql.c), in that order. */
static MsDossier *
dossier_from_row (sqlite3_stmt *stmt)
{
  MsDossier *d = g_new0 (MsDossier, 1);

  d->rowid = sqlite3_column_int64 (stmt, 0);
  d->uuid = ms_db_column_text (stmt, 1);
  d->station_id = sqlite3_column_int64 (stmt, 2);
  d->code = ms_db_column_text (stmt, 3);
  d->revision = sqlite3_column_int64 (stmt, 4);
  d->body = ms_db_column_text (stmt, 5);
  d->body_sha256 = ms_db_column_text (stmt, 6);
  d->accepted_at = ms_db_column_text (stmt, 7);
  d->server_ref = ms_db_column_text (stmt, 8);
  d->state_code = sqlite3_column_int64 (stmt, 9);
  d->due_date = ms_db_column_text (stmt, 10);
  d->last_seq = sqlite3_column_int64 (stmt, 11);
  d->received_at = ms_db_column_text (stmt, 12);
  return d;
}

static MsDossier *
dossier_query (sqlite3     *db,
               MsSql        sql,
               const char  *key,
               GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, sql, error);
  MsDossier *d = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  ms_db_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    d = dossier_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, MS_ERROR, MS_ERROR_NOT_FOUND, "no such dossier");
  else
    ms_db_set_error (db, error);
  sqlite3_finalize (stmt);
  return d;
}

MsDossier *
ms_db_dossier_get (sqlite3     *db,
                   const char  *uuid,
                   GError     **error)
{
  return dossier_query (db, MS_SQL_DOSSIER_GET, uuid, error);
}

MsDossier *
ms_db_dossier_get_by_code (sqlite3     *db,
                           const char  *code,
                           GError     **error)
{
  return dossier_query (db, MS_SQL_DOSSIER_GET_BY_CODE, code, error);
}

static void
bind_dossier (sqlite3_stmt    *stmt,
              const MsDossier *d)
{
  ms_db_bind_text (stmt, 1, d->uuid);
  sqlite3_bind_int64 (stmt, 2, d->station_id);
  ms_db_bind_text (stmt, 3, d->code);
  sqlite3_bind_int64 (stmt, 4, d->revision);
  ms_db_bind_text (stmt, 5, d->body);
  ms_db_bind_text (stmt, 6, d->body_sha256);
  ms_db_bind_text (stmt, 7, d->accepted_at);
  ms_db_bind_text (stmt, 8, d->server_ref);
  sqlite3_bind_int64 (stmt, 9, d->state_code);
  ms_db_bind_text (stmt, 10, d->due_date);
  sqlite3_bind_int64 (stmt, 11, d->last_seq);
  ms_db_bind_text (stmt, 12, d->received_at);
}

gboolean
ms_db_dossier_insert (sqlite3    *db,
                      MsDossier  *d,
                      GError    **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_DOSSIER_INSERT, error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  bind_dossier (stmt, d);
  ok = ms_db_step_done (db, stmt, error);
  sqlite3_finalize (stmt);
  if (ok)
    d->rowid = sqlite3_last_insert_rowid (db);
  return ok;
}

gboolean
ms_db_dossier_update (sqlite3          *db,
                      const MsDossier  *d,
                      GError          **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_DOSSIER_UPDATE, error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  bind_dossier (stmt, d);
  ok = ms_db_step_done (db, stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

GPtrArray *
ms_db_dossier_list (sqlite3  *db,
                    GError  **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_DOSSIER_LIST, error);
  GPtrArray *list;

  if (stmt == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_dossier_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, dossier_from_row (stmt));
  sqlite3_finalize (stmt);
  return list;
}

gboolean
ms_db_revision_lookup (sqlite3     *db,
                       const char  *uuid,
                       gint64       revision,
                       char       **hash_out,
                       char       **result_out,
                       GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_REVISION_LOOKUP, error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  ms_db_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, revision);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      *hash_out = ms_db_column_text (stmt, 0);
      *result_out = ms_db_column_text (stmt, 1);
    }
  sqlite3_finalize (stmt);
  return found;
}

gboolean
ms_db_revision_insert (sqlite3     *db,
                       const char  *uuid,
                       gint64       revision,
                       const char  *body_sha256,
                       const char  *body,
                       const char  *result,
                       const char  *accepted_at,
                       GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_REVISION_INSERT, error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  ms_db_bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, revision);
  ms_db_bind_text (stmt, 3, body_sha256);
  ms_db_bind_text (stmt, 4, body);
  ms_db_bind_text (stmt, 5, result);
  ms_db_bind_text (stmt, 6, accepted_at);
  ok = ms_db_step_done (db, stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
ms_db_action_lookup (sqlite3     *db,
                     const char  *action_uuid,
                     char       **uuid_out,
                     char       **hash_out,
                     char       **result_out,
                     GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_ACTION_LOOKUP, error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  ms_db_bind_text (stmt, 1, action_uuid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      *uuid_out = ms_db_column_text (stmt, 0);
      *hash_out = ms_db_column_text (stmt, 1);
      *result_out = ms_db_column_text (stmt, 2);
    }
  sqlite3_finalize (stmt);
  return found;
}

gboolean
ms_db_action_insert (sqlite3     *db,
                     const char  *action_uuid,
                     const char  *uuid,
                     const char  *body_sha256,
                     const char  *body,
                     const char  *result,
                     GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_ACTION_INSERT, error);
  gboolean ok;

  if (stmt == NULL)
    return FALSE;
  ms_db_bind_text (stmt, 1, action_uuid);
  ms_db_bind_text (stmt, 2, uuid);
  ms_db_bind_text (stmt, 3, body_sha256);
  ms_db_bind_text (stmt, 4, body);
  ms_db_bind_text (stmt, 5, result);
  ok = ms_db_step_done (db, stmt, error);
  sqlite3_finalize (stmt);
  return ok;
}

gint64
ms_db_change_insert (sqlite3         *db,
                     const MsChange  *c,
                     GError         **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_CHANGE_INSERT, error);
  gboolean ok;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, c->station_id);
  ms_db_bind_text (stmt, 2, c->uuid);
  sqlite3_bind_int64 (stmt, 3, c->seq);
  ms_db_bind_text (stmt, 4, c->kind);
  ms_db_bind_text (stmt, 5, c->at);
  sqlite3_bind_int64 (stmt, 6, c->state_code);
  ms_db_bind_text (stmt, 7, c->due_date);
  ms_db_bind_text (stmt, 8, c->source);
  ms_db_bind_text (stmt, 9, c->action_uuid);
  ms_db_bind_text (stmt, 10, c->handler);
  ms_db_bind_text (stmt, 11, c->message);
  ok = ms_db_step_done (db, stmt, error);
  sqlite3_finalize (stmt);
  return ok ? sqlite3_last_insert_rowid (db) : 0;
}

GPtrArray *
ms_db_change_list (sqlite3     *db,
                   gint64       station_id,
                   gint64       after_position,
                   guint        limit,
                   GError     **error)
{
  sqlite3_stmt *stmt = ms_db_prepare (db, MS_SQL_CHANGE_LIST, error);
  GPtrArray *list;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, station_id);
  sqlite3_bind_int64 (stmt, 2, after_position);
  sqlite3_bind_int64 (stmt, 3, limit);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) ms_change_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MsChange *c = g_new0 (MsChange, 1);

      c->position = sqlite3_column_int64 (stmt, 0);
      c->station_id = sqlite3_column_int64 (stmt, 1);
      c->uuid = ms_db_column_text (stmt, 2);
      c->code = ms_db_column_text (stmt, 3);
      c->seq = sqlite3_column_int64 (stmt, 4);
      c->kind = ms_db_column_text (stmt, 5);
      c->at = ms_db_column_text (stmt, 6);
      c->state_code = sqlite3_column_int64 (stmt, 7);
      c->due_date = ms_db_column_text (stmt, 8);
      c->source = ms_db_column_text (stmt, 9);
      c->action_uuid = ms_db_column_text (stmt, 10);
      c->handler = ms_db_column_text (stmt, 11);
      c->message = ms_db_column_text (stmt, 12);
      g_ptr_array_add (list, c);
    }
  if (rc != SQLITE_DONE)
    {
      ms_db_set_error (db, error);
      g_ptr_array_unref (list);
      list = NULL;
    }
  sqlite3_finalize (stmt);
  return list;
}
