/* mc-store-query.c — reading dossiers: load, history (lists and counts: mc-store-search.c) */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-core-env.h"
#include "mc-store-private.h"
#include "mc-text.h"

/* The upload columns (schema 5), from column @first on. */
static void
read_sync_columns (McDossier    *d,
                   sqlite3_stmt *stmt,
                   int           first)
{
  McOutboxState sync_state = MC_OUTBOX_QUEUED;
  gboolean has_sync = mc_outbox_state_from_string ((const char *) sqlite3_column_text (stmt, first + 1),
                                                   &sync_state);

  mc_dossier_set_printed_due_date (d, (const char *) sqlite3_column_text (stmt, first));
  mc_dossier_set_sync_state (d, has_sync, sync_state);
  mc_dossier_set_sync_error (d, (const char *) sqlite3_column_text (stmt, first + 2));
  mc_dossier_set_sync_error_field (d, (const char *) sqlite3_column_text (stmt, first + 3));
  mc_dossier_set_server_ref (d, (const char *) sqlite3_column_text (stmt, first + 4));
  mc_dossier_set_server_state_code (d, sqlite3_column_int (stmt, first + 5));
  mc_dossier_set_server_message (d, (const char *) sqlite3_column_text (stmt, first + 6));
  mc_dossier_set_returned (d, (const char *) sqlite3_column_text (stmt, first + 7),
                           (const char *) sqlite3_column_text (stmt, first + 8));
}

McDossier *
mc_store_dossier_from_row (sqlite3_stmt *stmt)
{
  McDossier *d = mc_dossier_new ();
  McDossierState state = MC_DOSSIER_STATE_RECEIVED;
  McIdKind kind = MC_ID_KIND_CCCD;
  const char *received = (const char *) sqlite3_column_text (stmt, 14);
  g_autoptr(GDateTime) received_at = received ? g_date_time_new_from_iso8601 (received, NULL) : NULL;

  mc_dossier_set_row_id (d, sqlite3_column_int64 (stmt, 0));
  mc_dossier_set_uuid (d, (const char *) sqlite3_column_text (stmt, 1));
  mc_dossier_set_code (d, (const char *) sqlite3_column_text (stmt, 2));
  mc_dossier_state_from_string ((const char *) sqlite3_column_text (stmt, 3), &state);
  mc_dossier_set_state (d, state);
  mc_dossier_set_procedure (d,
                            (const char *) sqlite3_column_text (stmt, 4),
                            (const char *) sqlite3_column_text (stmt, 5),
                            sqlite3_column_int (stmt, 6));
  mc_dossier_set_applicant_name (d, (const char *) sqlite3_column_text (stmt, 7));
  mc_id_kind_from_string ((const char *) sqlite3_column_text (stmt, 8), &kind);
  mc_dossier_set_id (d, kind, (const char *) sqlite3_column_text (stmt, 9));
  mc_dossier_set_date_of_birth (d, (const char *) sqlite3_column_text (stmt, 10));
  mc_dossier_set_phone (d, (const char *) sqlite3_column_text (stmt, 11));
  mc_dossier_set_address (d, (const char *) sqlite3_column_text (stmt, 12));
  mc_dossier_set_email (d, (const char *) sqlite3_column_text (stmt, 13));
  mc_dossier_set_received_at (d, received_at);
  mc_dossier_set_backdate_reason (d, (const char *) sqlite3_column_text (stmt, 15));
  mc_dossier_set_due_date (d, (const char *) sqlite3_column_text (stmt, 16));
  mc_dossier_set_sets (d, sqlite3_column_int (stmt, 17));
  mc_dossier_set_notes (d, (const char *) sqlite3_column_text (stmt, 18));
  read_sync_columns (d, stmt, 19);
  return d;
}

static gboolean
load_children (McStore    *self,
               McDossier  *d,
               GError    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = mc_store_prepare (self, "SELECT name, form, copies FROM papers WHERE dossier_id = ?1 ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, mc_dossier_get_row_id (d));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McPaperForm form = MC_PAPER_FORM_ORIGINAL;

      mc_paper_form_from_string ((const char *) sqlite3_column_text (stmt, 1), &form);
      mc_dossier_add_paper (d, mc_paper_new ((const char *) sqlite3_column_text (stmt, 0),
                                             form, sqlite3_column_int (stmt, 2)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (self, rc, _("Reading the papers"), error);

  stmt = mc_store_prepare (self,
                           "SELECT name, sha256, size, mime_type, paper FROM attachments "
                           "WHERE dossier_id = ?1 ORDER BY position",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, mc_dossier_get_row_id (d));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McAttachment *a = g_new0 (McAttachment, 1);

      a->name = mc_store_column_dup (stmt, 0);
      a->sha256 = mc_store_column_dup (stmt, 1);
      a->size = sqlite3_column_int64 (stmt, 2);
      a->mime_type = mc_store_column_dup (stmt, 3);
      a->paper = mc_store_column_dup (stmt, 4);
      mc_dossier_add_attachment (d, a);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_store_set_sqlite_error (self, rc, _("Reading the attachments"), error);

  {
    g_autoptr(GPtrArray) fees = mc_store_fees_load (self, mc_dossier_get_row_id (d), error);

    if (fees == NULL)
      return FALSE;
    mc_dossier_set_fees (d, fees);
  }
  return TRUE;
}

McDossier *
mc_store_load_dossier (McStore     *self,
                       const char  *uuid_or_code,
                       GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(McDossier) d = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  stmt = mc_store_prepare (self,
                           "SELECT " MC_STORE_DOSSIER_COLUMNS " FROM dossiers d WHERE d.uuid = ?1 OR d.code = ?1",
                           error);
  if (stmt == NULL)
    return NULL;
  mc_store_bind_text (stmt, 1, uuid_or_code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    d = mc_store_dossier_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      mc_store_set_sqlite_error (self, rc, _("Reading the dossier"), error);
      return NULL;
    }
  if (d == NULL)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                   _("No dossier with the code or identifier “%s”"), uuid_or_code ? uuid_or_code : "");
      return NULL;
    }
  if (!load_children (self, d, error))
    return NULL;
  return g_steal_pointer (&d);
}

GPtrArray *
mc_store_list_events (McStore     *self,
                      const char  *uuid,
                      GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_event_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = mc_store_prepare (self,
                           "SELECT e.id, e.at, e.actor, e.kind, e.from_state, e.to_state, e.detail "
                           "FROM events e JOIN dossiers d ON d.id = e.dossier_id "
                           "WHERE d.uuid = ?1 ORDER BY e.id",
                           error);
  if (stmt == NULL)
    return NULL;
  mc_store_bind_text (stmt, 1, uuid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McEvent *e = g_new0 (McEvent, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->at = mc_store_column_dup (stmt, 1);
      e->actor = mc_store_column_dup (stmt, 2);
      e->kind = mc_store_column_dup (stmt, 3);
      e->from_state = mc_store_column_dup (stmt, 4);
      e->to_state = mc_store_column_dup (stmt, 5);
      e->detail = mc_store_column_dup (stmt, 6);
      g_ptr_array_add (events, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_store_set_sqlite_error (self, rc, _("Reading the history"), error);
      return NULL;
    }
  return g_steal_pointer (&events);
}
