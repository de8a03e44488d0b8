/* mc-store-sync-changes.c — the server's /changes in the store
 *
 * A page of changes (state codes, returns, the cursor) applied in one
 * transaction: the dossier's local state follows the server's code unless
 * the desk still has an action of its own to send.
 */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-store-private.h"
#include "mc-store-outbox.h"

static const char *
local_state_for_code (gint64 code)
{
  switch (code)
    {
    case 1: case 2: return "uploaded";
    case 3: return "rejected";
    case 4: case 6: return "processing";
    case 5: return "supplement_requested";
    case 7: return "withdrawn";
    case 8: return "stopped";
    case 9: return "done";
    case 10: return "returned";
    default: return NULL;
    }
}

static gboolean
action_pending (McStore *self,
                gint64   dossier_id)
{
  sqlite3_stmt *stmt = mc_store_prepare (self,
                                         "SELECT 1 FROM outbox WHERE dossier_id = ?1 AND kind = 'action' "
                                         "AND state <> 'done' LIMIT 1",
                                         NULL);
  gboolean pending;

  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  pending = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return pending;
}

static char *
change_detail (JsonObject *change)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  static const char *keys[] = { "state_code", "message", "handler", "at", "kind", "due_date", "source" };

  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      JsonNode *n = json_object_get_member (change, keys[i]);
      json_builder_set_member_name (b, keys[i]);
      json_builder_add_value (b, n != NULL ? json_node_copy (n) : json_node_new (JSON_NODE_NULL));
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* The province handed the result over itself (state 10 not from this
 * desk): the ledger still gets the date; the receiver stays unknown. */
static gboolean
note_server_return (McStore     *self,
                    gint64       id,
                    const char  *to,
                    JsonObject  *change,
                    GError     **error)
{
  const char *at = json_object_get_string_member_with_default (change, "at", NULL);
  sqlite3_stmt *stmt;

  if (g_strcmp0 (to, "returned") != 0 || at == NULL || strlen (at) > 64)
    return TRUE;
  stmt = mc_store_prepare (self, "UPDATE dossiers SET returned_at = coalesce (returned_at, ?1) WHERE id = ?2",
                           error);
  if (stmt == NULL)
    return FALSE;
  mc_store_bind_text (stmt, 1, at);
  sqlite3_bind_int64 (stmt, 2, id);
  return mc_store_step_done (self, stmt, _("Saving the server's changes"), error);
}

static gboolean
apply_change (McStore     *self,
              JsonObject  *change,
              GPtrArray   *changed,
              GError     **error)
{
  const char *uuid = json_object_get_string_member_with_default (change, "uuid", NULL);
  gint64 seq = json_object_get_int_member_with_default (change, "seq", 0);
  gint64 code = json_object_get_int_member_with_default (change, "state_code", 0);
  const char *message = json_object_get_string_member_with_default (change, "message", NULL);
  const char *due = json_object_get_string_member_with_default (change, "due_date", NULL);
  g_autofree char *state = NULL;
  g_autofree char *detail = NULL;
  const char *to = local_state_for_code (code);
  gint64 id = 0, last_seq = 0;
  gboolean hold;
  sqlite3_stmt *stmt;

  if (uuid == NULL)
    return TRUE;
  stmt = mc_store_prepare (self, "SELECT id, state, server_seq FROM dossiers WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  mc_store_bind_text (stmt, 1, uuid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      state = mc_store_column_dup (stmt, 1);
      last_seq = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (id == 0)
    {
      g_debug ("Change for a dossier this desk does not hold: skipped");
      return TRUE;
    }
  if (seq <= last_seq)
    return TRUE;   /* delivered again (§7.8): already applied */

  /* An action of ours not yet acknowledged settles the state itself. */
  hold = action_pending (self, id);
  stmt = mc_store_prepare (self,
                           "UPDATE dossiers SET server_seq = ?1, server_state_code = coalesce (?2, server_state_code), "
                           "  server_message = ?3, due_date = CASE WHEN ?4 IS NULL OR ?5 THEN due_date ELSE ?4 END "
                           "WHERE id = ?6",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (code > 0)
    sqlite3_bind_int64 (stmt, 2, code);
  else
    sqlite3_bind_null (stmt, 2);
  mc_store_bind_text (stmt, 3, message);
  mc_store_bind_text (stmt, 4, due != NULL && strlen (due) == 10 ? due : NULL);
  sqlite3_bind_int (stmt, 5, hold);
  sqlite3_bind_int64 (stmt, 6, id);
  if (!mc_store_step_done (self, stmt, _("Saving the server's changes"), error))
    return FALSE;

  detail = change_detail (change);
  if (!hold && to != NULL && g_strcmp0 (state, to) != 0 && g_strcmp0 (state, "draft") != 0)
    {
      if (!mc_store_sync_set_state (self, id, to, FALSE, FALSE, NULL, error) ||
          !mc_store_append_event (self, id, MC_STORE_SYNC_ACTOR, "server", state, to, detail, error) ||
          !note_server_return (self, id, to, change, error))
        return FALSE;
    }
  else if (!mc_store_append_event (self, id, MC_STORE_SYNC_ACTOR, "server", NULL, NULL, detail, error))
    return FALSE;

  if (changed != NULL)
    g_ptr_array_add (changed, g_strdup (uuid));
  return TRUE;
}

gboolean
mc_store_sync_apply_changes (McStore     *self,
                             JsonArray   *changes,
                             const char  *cursor,
                             GPtrArray   *changed,
                             GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt;

  if (!mc_store_begin (self, error))
    return FALSE;
  for (guint i = 0; changes != NULL && i < json_array_get_length (changes); i++)
    {
      JsonNode *n = json_array_get_element (changes, i);

      if (JSON_NODE_HOLDS_OBJECT (n) && !apply_change (self, json_node_get_object (n), changed, error))
        {
          mc_store_rollback (self);
          return FALSE;
        }
    }
  stmt = mc_store_prepare (self,
                           "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           error);
  if (stmt == NULL)
    {
      mc_store_rollback (self);
      return FALSE;
    }
  mc_store_bind_text (stmt, 1, MC_SYNC_SETTING_CURSOR);
  mc_store_bind_text (stmt, 2, cursor);
  if (!mc_store_step_done (self, stmt, _("Saving the server's changes"), error) || !mc_store_commit (self, error))
    {
      mc_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}
