/* mc-store-dossiers.c — dossiers, their papers, attachments and history */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-codes.h"
#include "mc-core-env.h"
#include "mc-dossier.h"
#include "mc-fees.h"
#include "mc-store-private.h"
#include "mc-text.h"

void
mc_dossier_query_clear (McDossierQuery *query)
{
  g_clear_pointer (&query->search, g_free);
  g_clear_pointer (&query->from_date, g_free);
  g_clear_pointer (&query->to_date, g_free);
  g_clear_pointer (&query->overdue_on, g_free);
  query->has_state = FALSE;
}

/* Takes the next code of this station's range for the receipt day. The
 * counter is only ever raised and lives in the same transaction as the
 * dossier, so a code that was handed out is never handed out again. */
static char *
allocate_code (McStore    *self,
               McStation  *station,
               GDateTime  *received_at,
               GError    **error)
{
  g_autofree char *day = mc_codes_day_key (received_at);
  sqlite3_stmt *stmt;
  guint last = 0;

  stmt = mc_store_prepare (self,
                           "SELECT last_sequence FROM code_counters "
                           "WHERE agency_code = ?1 AND day = ?2 AND station = ?3",
                           error);
  if (stmt == NULL)
    return NULL;
  mc_store_bind_text (stmt, 1, station->agency_code);
  mc_store_bind_text (stmt, 2, day);
  sqlite3_bind_int (stmt, 3, station->station);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    last = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  for (;;)
    {
      g_autofree char *code = NULL;
      gboolean taken;
      guint next;

      if (!mc_codes_next_sequence (station->station, last, &next, error))
        return NULL;
      code = mc_codes_format (station->agency_code, received_at, next);

      /* A code can already exist if the database was copied from another
       * station by mistake: skip it rather than fail the save. */
      stmt = mc_store_prepare (self, "SELECT 1 FROM dossiers WHERE code = ?1", error);
      if (stmt == NULL)
        return NULL;
      mc_store_bind_text (stmt, 1, code);
      taken = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
      last = next;
      if (taken)
        continue;

      stmt = mc_store_prepare (self,
                               "INSERT INTO code_counters (agency_code, day, station, last_sequence) "
                               "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET last_sequence = excluded.last_sequence",
                               error);
      if (stmt == NULL)
        return NULL;
      mc_store_bind_text (stmt, 1, station->agency_code);
      mc_store_bind_text (stmt, 2, day);
      sqlite3_bind_int (stmt, 3, station->station);
      sqlite3_bind_int (stmt, 4, next);
      if (!mc_store_step_done (self, stmt, _("Assigning the dossier code"), error))
        return NULL;
      return g_steal_pointer (&code);
    }
}

static gboolean
insert_children (McStore    *self,
                 McDossier  *dossier,
                 gint64      id,
                 GError    **error)
{
  GPtrArray *papers = mc_dossier_get_papers (dossier);
  GPtrArray *attachments = mc_dossier_get_attachments (dossier);
  sqlite3_stmt *stmt;

  for (guint i = 0; i < papers->len; i++)
    {
      McPaper *p = g_ptr_array_index (papers, i);

      stmt = mc_store_prepare (self,
                               "INSERT INTO papers (dossier_id, position, name, form, copies) VALUES (?1, ?2, ?3, ?4, ?5)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, i);
      mc_store_bind_text (stmt, 3, p->name);
      mc_store_bind_text (stmt, 4, mc_paper_form_to_string (p->form));
      sqlite3_bind_int (stmt, 5, p->copies);
      if (!mc_store_step_done (self, stmt, _("Saving the papers"), error))
        return FALSE;
    }

  for (guint i = 0; i < attachments->len; i++)
    {
      McAttachment *a = g_ptr_array_index (attachments, i);

      if (!mc_blobs_contains (self->blobs, a->sha256))
        {
          g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                       _("Attachment “%s”: its file is not in the attachment store"), a->name);
          return FALSE;
        }
      stmt = mc_store_prepare (self,
                               "INSERT INTO attachments (dossier_id, position, name, sha256, size, mime_type, paper) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, i);
      mc_store_bind_text (stmt, 3, a->name);
      mc_store_bind_text (stmt, 4, a->sha256);
      sqlite3_bind_int64 (stmt, 5, a->size);
      mc_store_bind_text (stmt, 6, a->mime_type);
      mc_store_bind_text (stmt, 7, a->paper);
      if (!mc_store_step_done (self, stmt, _("Saving the attachments"), error))
        return FALSE;
    }
  return mc_store_fees_insert (self, dossier, id, error);
}

/* Binds the columns shared by INSERT and UPDATE: ?1…?15 as listed. */
static void
bind_dossier_fields (sqlite3_stmt *stmt,
                     McDossier    *d)
{
  g_autofree char *search = mc_dossier_build_search_text (d);

  mc_store_bind_text (stmt, 1, mc_dossier_get_procedure_code (d));
  mc_store_bind_text (stmt, 2, mc_dossier_get_procedure_name (d));
  sqlite3_bind_int (stmt, 3, mc_dossier_get_processing_days (d));
  mc_store_bind_text (stmt, 4, mc_dossier_get_applicant_name (d));
  mc_store_bind_text (stmt, 5, mc_id_kind_to_string (mc_dossier_get_id_kind (d)));
  mc_store_bind_text (stmt, 6, mc_dossier_get_id_number (d));
  mc_store_bind_text (stmt, 7, mc_dossier_get_date_of_birth (d));
  mc_store_bind_text (stmt, 8, mc_dossier_get_phone (d));
  mc_store_bind_text (stmt, 9, mc_dossier_get_address (d));
  mc_store_bind_text (stmt, 10, mc_dossier_get_email (d));
  mc_store_bind_text (stmt, 11, mc_dossier_get_due_date (d));
  sqlite3_bind_int (stmt, 12, mc_dossier_get_sets (d));
  mc_store_bind_text (stmt, 13, mc_dossier_get_notes (d));
  mc_store_bind_text (stmt, 14, search);
  mc_store_bind_text (stmt, 15, mc_dossier_get_backdate_reason (d));
}

gboolean
mc_store_insert_dossier (McStore     *self,
                         McDossier   *dossier,
                         const char  *draft_uuid,
                         const char  *actor,
                         GError     **error)
{
  g_autoptr(McStation) station = NULL;
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *code = NULL;
  g_autofree char *received = NULL;
  g_autofree char *now = mc_store_now_string ();
  GDateTime *received_at;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (MC_IS_DOSSIER (dossier), FALSE);

  received_at = mc_dossier_get_received_at (dossier);
  g_return_val_if_fail (received_at != NULL, FALSE);
  g_return_val_if_fail (mc_dossier_get_due_date (dossier) != NULL, FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);
  station = mc_store_get_station (self, error);
  if (station == NULL)
    return FALSE;

  uuid = g_strdup (mc_dossier_get_uuid (dossier));
  if (uuid == NULL)
    uuid = g_uuid_string_random ();
  received = mc_core_format_time (received_at);

  if (!mc_store_begin (self, error))
    return FALSE;

  code = allocate_code (self, station, received_at, error);
  if (code == NULL)
    goto fail;

  stmt = mc_store_prepare (self,
                           "INSERT INTO dossiers (procedure_code, procedure_name, processing_days, applicant_name, "
                           "  id_kind, id_number, date_of_birth, phone, address, email, due_date, sets, notes, "
                           "  search_text, backdate_reason, uuid, code, state, received_at, received_ts, code_rule, "
                           "  created_at, updated_at, printed_due_date) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
                           "  'received', ?18, ?19, ?20, ?21, ?21, ?11)",
                           error);
  if (stmt == NULL)
    goto fail;
  mc_dossier_set_code (dossier, code);
  bind_dossier_fields (stmt, dossier);
  mc_store_bind_text (stmt, 16, uuid);
  mc_store_bind_text (stmt, 17, code);
  mc_store_bind_text (stmt, 18, received);
  sqlite3_bind_int64 (stmt, 19, g_date_time_to_unix (received_at));
  mc_store_bind_text (stmt, 20, mc_codes_rule_for_date (received_at));
  mc_store_bind_text (stmt, 21, now);
  if (!mc_store_step_done (self, stmt, _("Saving the dossier"), error))
    goto fail;
  id = sqlite3_last_insert_rowid (self->db);

  if (!insert_children (self, dossier, id, error))
    goto fail;

  if (!mc_store_append_event (self, id, actor, "received", NULL, "received",
                     mc_dossier_get_backdate_reason (dossier) != NULL ? "{\"backdated\":true}" : NULL,
                     error))
    goto fail;

  /* Revision 1 is queued with the dossier: saved means it will be uploaded. */
  if (!mc_store_outbox_queue_revision (self, id, error))
    goto fail;

  if (draft_uuid != NULL)
    {
      stmt = mc_store_prepare (self, "DELETE FROM drafts WHERE uuid = ?1", error);
      if (stmt == NULL)
        goto fail;
      mc_store_bind_text (stmt, 1, draft_uuid);
      if (!mc_store_step_done (self, stmt, _("Deleting the draft"), error))
        goto fail;
    }

  if (!mc_store_commit (self, error))
    goto fail;

  mc_dossier_set_uuid (dossier, uuid);
  mc_dossier_set_row_id (dossier, id);
  mc_dossier_set_state (dossier, MC_DOSSIER_STATE_RECEIVED);
  mc_dossier_set_printed_due_date (dossier, mc_dossier_get_due_date (dossier));
  mc_dossier_set_sync_state (dossier, TRUE, MC_OUTBOX_QUEUED);
  return TRUE;

fail:
  mc_store_rollback (self);
  mc_dossier_set_code (dossier, NULL);
  return FALSE;
}

static void
diff_field (JsonBuilder *b,
            const char  *field,
            const char  *before,
            const char  *after,
            guint       *n_changes)
{
  if (g_strcmp0 (before, after) == 0)
    return;
  json_builder_set_member_name (b, field);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "from");
  before != NULL ? json_builder_add_string_value (b, before) : json_builder_add_null_value (b);
  json_builder_set_member_name (b, "to");
  after != NULL ? json_builder_add_string_value (b, after) : json_builder_add_null_value (b);
  json_builder_end_object (b);
  (*n_changes)++;
}

static char *
papers_summary (McDossier *d)
{
  GPtrArray *papers = mc_dossier_get_papers (d);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < papers->len; i++)
    {
      McPaper *p = g_ptr_array_index (papers, i);
      g_string_append_printf (s, "%s%s (%s) ×%u", i ? "; " : "", p->name,
                              mc_paper_form_to_string (p->form), p->copies);
    }
  return g_string_free (s, FALSE);
}

/* A JSON description of what changed, or NULL if nothing did. */
static char *
describe_changes (McDossier  *before,
                  McDossier  *after,
                  const char *reason)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *papers_before = papers_summary (before);
  g_autofree char *papers_after = papers_summary (after);
  g_autofree char *fees_before = mc_fees_format_list (mc_dossier_get_fees (before));
  g_autofree char *fees_after = mc_fees_format_list (mc_dossier_get_fees (after));
  g_autofree char *sets_before = g_strdup_printf ("%u", mc_dossier_get_sets (before));
  g_autofree char *sets_after = g_strdup_printf ("%u", mc_dossier_get_sets (after));
  guint n = 0;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "reason");
  reason != NULL ? json_builder_add_string_value (b, reason) : json_builder_add_null_value (b);
  json_builder_set_member_name (b, "changes");
  json_builder_begin_object (b);
  diff_field (b, "applicant_name", mc_dossier_get_applicant_name (before), mc_dossier_get_applicant_name (after), &n);
  diff_field (b, "id_kind", mc_id_kind_to_string (mc_dossier_get_id_kind (before)),
              mc_id_kind_to_string (mc_dossier_get_id_kind (after)), &n);
  diff_field (b, "id_number", mc_dossier_get_id_number (before), mc_dossier_get_id_number (after), &n);
  diff_field (b, "date_of_birth", mc_dossier_get_date_of_birth (before), mc_dossier_get_date_of_birth (after), &n);
  diff_field (b, "phone", mc_dossier_get_phone (before), mc_dossier_get_phone (after), &n);
  diff_field (b, "address", mc_dossier_get_address (before), mc_dossier_get_address (after), &n);
  diff_field (b, "email", mc_dossier_get_email (before), mc_dossier_get_email (after), &n);
  diff_field (b, "notes", mc_dossier_get_notes (before), mc_dossier_get_notes (after), &n);
  diff_field (b, "sets", sets_before, sets_after, &n);
  diff_field (b, "papers", papers_before, papers_after, &n);
  diff_field (b, "fees", fees_before, fees_after, &n);
  json_builder_end_object (b);
  json_builder_end_object (b);

  if (n == 0)
    return NULL;
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

gboolean
mc_store_update_dossier (McStore     *self,
                         McDossier   *dossier,
                         const char  *actor,
                         const char  *reason,
                         GError     **error)
{
  g_autoptr(McDossier) before = NULL;
  g_autoptr(GRecMutexLocker) locker = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *now = mc_store_now_string ();
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);
  g_return_val_if_fail (MC_IS_DOSSIER (dossier), FALSE);

  locker = g_rec_mutex_locker_new (&self->lock);
  /* Read the current version inside the write transaction, so the history
   * records what this correction really changed. */
  if (!mc_store_begin (self, error))
    return FALSE;
  before = mc_store_load_dossier (self, mc_dossier_get_uuid (dossier), error);
  if (before == NULL)
    goto fail;

  detail = describe_changes (before, dossier, reason);
  if (detail == NULL)
    {
      mc_store_rollback (self);
      return TRUE;
    }
  id = mc_dossier_get_row_id (before);

  /* The procedure, the receipt time, the code and the due date are what
   * the citizen's receipt says: they are not corrected here. */
  stmt = mc_store_prepare (self,
                           "UPDATE dossiers SET procedure_code = ?1, procedure_name = ?2, processing_days = ?3, "
                           "  applicant_name = ?4, id_kind = ?5, id_number = ?6, date_of_birth = ?7, phone = ?8, "
                           "  address = ?9, email = ?10, due_date = ?11, sets = ?12, notes = ?13, search_text = ?14, "
                           "  backdate_reason = ?15, updated_at = ?16 "
                           "WHERE id = ?17",
                           error);
  if (stmt == NULL)
    goto fail;
  mc_dossier_set_procedure (dossier, mc_dossier_get_procedure_code (before),
                            mc_dossier_get_procedure_name (before),
                            mc_dossier_get_processing_days (before));
  mc_dossier_set_due_date (dossier, mc_dossier_get_due_date (before));
  mc_dossier_set_backdate_reason (dossier, mc_dossier_get_backdate_reason (before));
  bind_dossier_fields (stmt, dossier);
  mc_store_bind_text (stmt, 16, now);
  sqlite3_bind_int64 (stmt, 17, id);
  if (!mc_store_step_done (self, stmt, _("Saving the correction"), error))
    goto fail;

  stmt = mc_store_prepare (self, "DELETE FROM papers WHERE dossier_id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!mc_store_step_done (self, stmt, _("Saving the correction"), error))
    goto fail;
  stmt = mc_store_prepare (self, "DELETE FROM attachments WHERE dossier_id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!mc_store_step_done (self, stmt, _("Saving the correction"), error))
    goto fail;

  if (!mc_store_fees_delete (self, id, error) ||
      !insert_children (self, dossier, id, error) ||
      !mc_store_append_event (self, id, actor, "corrected", NULL, NULL, detail, error) ||
      !mc_store_outbox_queue_revision (self, id, error) ||
      !mc_store_commit (self, error))
    goto fail;

  mc_dossier_set_row_id (dossier, id);
  return TRUE;

fail:
  mc_store_rollback (self);
  return FALSE;
}

gboolean
mc_store_set_dossier_state (McStore         *self,
                            const char      *uuid,
                            McDossierState   state,
                            const char      *actor,
                            const char      *detail_json,
                            GError         **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autofree char *old_state = NULL;
  g_autofree char *now = mc_store_now_string ();
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (!mc_store_begin (self, error))
    return FALSE;

  stmt = mc_store_prepare (self, "SELECT id, state FROM dossiers WHERE uuid = ?1", error);
  if (stmt == NULL)
    goto fail;
  mc_store_bind_text (stmt, 1, uuid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      old_state = mc_store_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (old_state == NULL)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND,
                   _("No dossier with the identifier “%s”"), uuid);
      goto fail;
    }

  stmt = mc_store_prepare (self, "UPDATE dossiers SET state = ?1, updated_at = ?2 WHERE id = ?3", error);
  if (stmt == NULL)
    goto fail;
  mc_store_bind_text (stmt, 1, mc_dossier_state_to_string (state));
  mc_store_bind_text (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, id);
  if (!mc_store_step_done (self, stmt, _("Saving the state"), error) ||
      !mc_store_append_event (self, id, actor, "state", old_state, mc_dossier_state_to_string (state), detail_json, error) ||
      !mc_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  mc_store_rollback (self);
  return FALSE;
}
