/* mc-store-attachments.c — attaching a file to a saved dossier */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-attachments.h"
#include "mc-core-env.h"
#include "mc-intake.h"
#include "mc-store-private.h"

static gboolean
is_final (McDossierState state)
{
  return state == MC_DOSSIER_STATE_DONE || state == MC_DOSSIER_STATE_RETURNED ||
         state == MC_DOSSIER_STATE_REJECTED || state == MC_DOSSIER_STATE_WITHDRAWN;
}

/* What must hold for @d to take the attachment; also run again inside the
 * transaction, since the dossier may have changed while the file copied.
 * Sets *@out_paper to the dossier's own spelling of @paper. */
static gboolean
check_dossier (McDossier    *d,
               const char   *paper,
               const char   *sha256,
               const char  **out_paper,
               GError      **error)
{
  McDossierState state = mc_dossier_get_state (d);
  GPtrArray *attachments = mc_dossier_get_attachments (d);

  if (is_final (state) || state == MC_DOSSIER_STATE_DRAFT)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   _("Dossier %s is “%s”: no more files can be attached to it"),
                   mc_dossier_get_code (d), mc_dossier_state_get_label (state));
      return FALSE;
    }

  if (attachments->len >= MC_LIMIT_ATTACHMENTS)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   _("Dossier %s already has %d files, the most a dossier can have"),
                   mc_dossier_get_code (d), MC_LIMIT_ATTACHMENTS);
      return FALSE;
    }

  *out_paper = NULL;
  if (paper != NULL)
    {
      *out_paper = mc_attachment_find_paper (d, paper);
      if (*out_paper == NULL)
        {
          g_autofree char *list = mc_attachment_list_papers (d);

          g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                       _("Dossier %s has no paper “%s”; its papers are %s"),
                       mc_dossier_get_code (d), paper, list);
          return FALSE;
        }
    }

  for (guint i = 0; sha256 != NULL && i < attachments->len; i++)
    {
      McAttachment *a = g_ptr_array_index (attachments, i);

      if (g_strcmp0 (a->sha256, sha256) == 0)
        {
          g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CONFLICT,
                       _("This file is already attached to dossier %s, as “%s”"),
                       mc_dossier_get_code (d), a->name);
          return FALSE;
        }
    }
  return TRUE;
}

static char *
build_detail (const McAttachment *a)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, a->name);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, a->sha256);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, a->size);
  json_builder_set_member_name (b, "paper");
  if (a->paper != NULL)
    json_builder_add_string_value (b, a->paper);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* Appends the row and its history in one transaction, after checking the
 * dossier again as it is now. */
static gboolean
insert_attachment (McStore       *self,
                   const char    *uuid_or_code,
                   McAttachment  *a,
                   const char    *paper,
                   const char    *actor,
                   GError       **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(McDossier) d = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *now = mc_store_now_string ();
  const char *paper_name = NULL;
  sqlite3_stmt *stmt;
  int position = 0;

  if (!mc_store_begin (self, error))
    return FALSE;
  d = mc_store_load_dossier (self, uuid_or_code, error);
  if (d == NULL || !check_dossier (d, paper, a->sha256, &paper_name, error))
    goto fail;
  a->paper = g_strdup (paper_name);

  stmt = mc_store_prepare (self, "SELECT coalesce (max (position) + 1, 0) FROM attachments WHERE dossier_id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, mc_dossier_get_row_id (d));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  stmt = mc_store_prepare (self,
                           "INSERT INTO attachments (dossier_id, position, name, sha256, size, mime_type, paper) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, mc_dossier_get_row_id (d));
  sqlite3_bind_int (stmt, 2, position);
  mc_store_bind_text (stmt, 3, a->name);
  mc_store_bind_text (stmt, 4, a->sha256);
  sqlite3_bind_int64 (stmt, 5, a->size);
  mc_store_bind_text (stmt, 6, a->mime_type);
  mc_store_bind_text (stmt, 7, a->paper);
  if (!mc_store_step_done (self, stmt, _("Saving the attachment"), error))
    goto fail;

  stmt = mc_store_prepare (self, "UPDATE dossiers SET updated_at = ?1 WHERE id = ?2", error);
  if (stmt == NULL)
    goto fail;
  mc_store_bind_text (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, mc_dossier_get_row_id (d));
  detail = build_detail (a);
  if (!mc_store_step_done (self, stmt, _("Saving the attachment"), error) ||
      !mc_store_append_event (self, mc_dossier_get_row_id (d), actor, "attached", NULL, NULL, detail, error) ||
      !mc_store_outbox_queue_revision (self, mc_dossier_get_row_id (d), error) ||
      !mc_store_commit (self, error))
    goto fail;
  return TRUE;

fail:
  mc_store_rollback (self);
  return FALSE;
}

McAttachment *
mc_store_add_attachment (McStore       *self,
                         const char    *uuid_or_code,
                         GFile         *file,
                         const char    *paper,
                         const char    *actor,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(McDossier) d = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(McBlobsPending) pending = NULL;
  const char *paper_name = NULL;
  McAttachment *a;
  gint64 size = 0;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);
  g_return_val_if_fail (uuid_or_code != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* Refuse what would be refused anyway before copying anything, so a
   * wrong dossier or paper leaves no file behind in the store. */
  d = mc_store_load_dossier (self, uuid_or_code, error);
  if (d == NULL || !check_dossier (d, paper, NULL, &paper_name, error))
    return NULL;
  /* The blob is whole, on disk and checked before the row that names it
   * commits: copied first, then the copy is checked. */
  pending = mc_attachment_copy_checked (self->blobs, file, MC_INTAKE_MAX_ATTACHMENT_SIZE, &mime,
                                        cancellable, error);
  if (pending == NULL || !mc_blobs_pending_commit (self->blobs, pending, error))
    return NULL;
  sha256 = g_strdup (mc_blobs_pending_get_sha256 (pending));
  size = mc_blobs_pending_get_size (pending);

  a = g_new0 (McAttachment, 1);
  a->name = mc_attachment_get_display_name (file);
  a->sha256 = g_steal_pointer (&sha256);
  a->size = size;
  a->mime_type = g_steal_pointer (&mime);
  if (!insert_attachment (self, uuid_or_code, a, paper, actor, error))
    {
      mc_attachment_free (a);
      return NULL;
    }
  return a;
}
