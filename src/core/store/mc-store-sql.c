/* mc-store-sql.c — the SQLite helpers every store file uses
 *
 * Statements, transactions, errors. A leaf of the store: it calls nothing
 * else of it, so opening (mc-store.c), the schema (mc-store-schema.c) and
 * the queries all build on it without a cycle.
 */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mc-core-env.h"
#include "mc-store-private.h"

G_DEFINE_QUARK (mc-store-error-quark, mc_store_error)

gboolean
mc_store_set_sqlite_error (McStore     *self,
                           int          rc,
                           const char  *what,
                           GError     **error)
{
  int primary = rc & 0xff;
  McStoreError code = MC_STORE_ERROR_IO;
  const char *msg = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    code = MC_STORE_ERROR_CORRUPT;
  else if (primary == SQLITE_CONSTRAINT)
    code = MC_STORE_ERROR_CONFLICT;

  if (primary == SQLITE_FULL)
    g_set_error (error, MC_STORE_ERROR, code,
                 _("%s: the disk is full; free some space, nothing was saved"), what);
  else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    g_set_error (error, MC_STORE_ERROR, code,
                 _("%s: the database is busy in another program; try again"), what);
  else if (primary == SQLITE_READONLY || primary == SQLITE_PERM)
    g_set_error (error, MC_STORE_ERROR, code,
                 _("%s: the data folder cannot be written to; check its permissions, nothing was saved"), what);
  else if (primary == SQLITE_CANTOPEN)
    g_set_error (error, MC_STORE_ERROR, code,
                 _("%s: the database file cannot be opened; check that the data folder exists and belongs to you"), what);
  else if (primary == SQLITE_IOERR)
    g_set_error (error, MC_STORE_ERROR, code,
                 _("%s: the disk reported an error; check the disk and try again, nothing was saved"), what);
  else if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
    g_set_error (error, MC_STORE_ERROR, code,
                 _("%s: the database is damaged (%s); restore the data folder from a backup and call support"), what, msg);
  else
    g_set_error (error, MC_STORE_ERROR, code, "%s: %s", what, msg);
  return FALSE;
}

sqlite3_stmt *
mc_store_prepare (McStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  /* The cache is keyed by the text's address, for speed: SQL built at
   * run time in a reused buffer would get the statement of what the
   * buffer held before. Said loudly, and prepared afresh. */
  if (stmt != NULL && G_UNLIKELY (strcmp (sqlite3_sql (stmt), sql) != 0))
    {
      g_critical ("mc_store_prepare: the SQL at %p changed since it was cached; "
                  "SQL built at run time must not go through the statement cache", (const void *) sql);
      g_hash_table_remove (self->statements, sql);
      stmt = NULL;
    }
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      mc_store_set_sqlite_error (self, rc, _("Database"), error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
mc_store_exec (McStore     *self,
               const char  *sql,
               GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return mc_store_set_sqlite_error (self, rc, _("Database"), error);
  return TRUE;
}

gboolean
mc_store_begin (McStore  *self,
                GError  **error)
{
  /* IMMEDIATE: take the write lock now, so a second process waits here
   * (busy_timeout) rather than failing at its first write. */
  return mc_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
mc_store_commit (McStore  *self,
                 GError  **error)
{
  return mc_store_exec (self, "COMMIT", error);
}

void
mc_store_relax_durability (McStore  *self,
                           gboolean  relaxed)
{
  g_return_if_fail (sqlite3_get_autocommit (self->db));
  if (self->relaxed == relaxed)
    return;   /* a statement compiled for nothing, four times a dossier */
  if (sqlite3_exec (self->db, relaxed ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL", NULL, NULL,
                    NULL) == SQLITE_OK)
    self->relaxed = relaxed;
}

void
mc_store_rollback (McStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
mc_store_step_done (McStore      *self,
                    sqlite3_stmt *stmt,
                    const char   *what,
                    GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      mc_store_set_sqlite_error (self, rc, what, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

void
mc_store_bind_text (sqlite3_stmt *stmt,
                    int           index,
                    const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

char *
mc_store_column_dup (sqlite3_stmt *stmt,
                     int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

char *
mc_store_now_string (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return mc_core_format_time (now);
}

GHashTable *
mc_store_explain_prepared (McStore  *self,
                           GError  **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  g_autoptr(GHashTable) plans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->statements);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", (const char *) key, NULL);
      g_autoptr(GString) plan = g_string_new (NULL);
      sqlite3_stmt *stmt = NULL;
      int rc = sqlite3_prepare_v2 (self->db, explain, -1, &stmt, NULL);

      if (rc != SQLITE_OK)
        return mc_store_set_sqlite_error (self, rc, "EXPLAIN QUERY PLAN", error), NULL;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return mc_store_set_sqlite_error (self, rc, "EXPLAIN QUERY PLAN", error), NULL;
      g_hash_table_insert (plans, g_strdup (key), g_string_free (g_steal_pointer (&plan), FALSE));
    }
  return g_steal_pointer (&plans);
}
