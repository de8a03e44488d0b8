/* mc-store-uploads.c — what the upload engine keeps beside the outbox:
 * tus upload URLs (stored before the first PATCH, so a cut upload resumes
 * after a crash, docs/sync-protocol.md §7.4) and when the next automatic
 * try can be, held back by the station-wide pause of a 429/503 (kept with
 * the outbox, mc-store-outbox.c, §9.4).
 */
#define G_LOG_DOMAIN "motcua-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-store-private.h"
#include "mc-store-outbox.h"

/* --- the next try ------------------------------------------------------------ */

gint64
mc_store_sync_next_attempt_for (McStore            *self,
                                gint64              now_ms,
                                const McSyncCounts *counts)
{
  gint64 pause;

  if (counts->queued == 0)
    return 0;
  pause = mc_store_sync_get_pause (self);
  if (pause <= now_ms)
    return counts->due > 0 ? now_ms : counts->next_attempt_at;
  /* Paused: nothing goes before the pause ends. */
  return MAX (pause, counts->due > 0 ? 0 : counts->next_attempt_at);
}

gint64
mc_store_sync_next_attempt (McStore *self,
                            gint64   now_ms)
{
  McSyncCounts counts = { 0 };

  if (!mc_store_sync_count (self, now_ms, &counts, NULL))
    return 0;
  return mc_store_sync_next_attempt_for (self, now_ms, &counts);
}

/* --- tus upload URLs -------------------------------------------------------- */

/* An upload URL is kept to resume the file after a restart. Its commit is
 * not waited on the disk for: lost in a power cut, the file is uploaded
 * again from its start (a new POST), or a URL already finished is asked
 * for its offset and forgotten — time, never a wrong upload. A kill loses
 * nothing (WAL). Two fsyncs less per attachment. */
static gboolean
step_relaxed (McStore       *self,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  gboolean ok;

  mc_store_relax_durability (self, TRUE);
  ok = mc_store_step_done (self, stmt, _("Saving the upload"), error);
  mc_store_relax_durability (self, FALSE);
  return ok;
}

char *
mc_store_tus_get (McStore    *self,
                  const char *sha256,
                  const char *server)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = mc_store_prepare (self, "SELECT url FROM tus_uploads WHERE sha256 = ?1 AND server = ?2",
                                         NULL);
  char *url = NULL;

  if (stmt == NULL)
    return NULL;
  mc_store_bind_text (stmt, 1, sha256);
  mc_store_bind_text (stmt, 2, server);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    url = mc_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return url;
}

gboolean
mc_store_tus_set (McStore     *self,
                  const char  *sha256,
                  const char  *server,
                  const char  *url,
                  gint64       size,
                  GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autofree char *now = mc_store_now_string ();
  sqlite3_stmt *stmt = mc_store_prepare (self,
                                         "INSERT INTO tus_uploads (sha256, server, url, size, created_at) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (sha256, server) DO UPDATE "
                                         "SET url = excluded.url, size = excluded.size, created_at = excluded.created_at",
                                         error);
  if (stmt == NULL)
    return FALSE;
  mc_store_bind_text (stmt, 1, sha256);
  mc_store_bind_text (stmt, 2, server);
  mc_store_bind_text (stmt, 3, url);
  sqlite3_bind_int64 (stmt, 4, size);
  mc_store_bind_text (stmt, 5, now);
  return step_relaxed (self, stmt, error);
}

gboolean
mc_store_tus_forget (McStore     *self,
                     const char  *sha256,
                     const char  *server,
                     GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = mc_store_prepare (self, "DELETE FROM tus_uploads WHERE sha256 = ?1 AND server = ?2", error);

  if (stmt == NULL)
    return FALSE;
  mc_store_bind_text (stmt, 1, sha256);
  mc_store_bind_text (stmt, 2, server);
  return step_relaxed (self, stmt, error);
}
