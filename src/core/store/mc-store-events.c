/* mc-store-events.c — the dossier's history: every state change,
 * correction, desk action and upload step, appended with who, when, what
 *
 * Below the dossiers, the queries and the outbox, which all append to it.
 */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-core-env.h"
#include "mc-store-private.h"

void
mc_event_free (McEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->at);
  g_free (event->actor);
  g_free (event->kind);
  g_free (event->from_state);
  g_free (event->to_state);
  g_free (event->detail);
  g_free (event);
}

gboolean
mc_store_append_event (McStore     *self,
              gint64       dossier_id,
              const char  *actor,
              const char  *kind,
              const char  *from_state,
              const char  *to_state,
              const char  *detail,
              GError     **error)
{
  g_autofree char *now = mc_store_now_string ();
  sqlite3_stmt *stmt = mc_store_prepare (self,
                                         "INSERT INTO events (dossier_id, at, actor, kind, from_state, to_state, detail) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                         error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, dossier_id);
  mc_store_bind_text (stmt, 2, now);
  mc_store_bind_text (stmt, 3, actor != NULL ? actor : mc_core_get_actor ());
  mc_store_bind_text (stmt, 4, kind);
  mc_store_bind_text (stmt, 5, from_state);
  mc_store_bind_text (stmt, 6, to_state);
  mc_store_bind_text (stmt, 7, detail);
  return mc_store_step_done (self, stmt, _("Saving the history"), error);
}
