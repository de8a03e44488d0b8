/* mc-store.c — opening the store; settings, catalog, drafts */
#define G_LOG_DOMAIN "motcua-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mc-codes.h"
#include "mc-core-env.h"
#include "mc-calendar.h"
#include "mc-text.h"
#include "mc-validate.h"
#include "mc-store-private.h"

G_DEFINE_FINAL_TYPE (McStore, mc_store, G_TYPE_OBJECT)

/* How long a writer waits for another process holding the lock. */
#define BUSY_TIMEOUT_MS 10000

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
mc_store_finalize (GObject *object)
{
  McStore *self = (McStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_clear_object (&self->blobs);
  g_free (self->data_dir);
  g_free (self->db_path);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (mc_store_parent_class)->finalize (object);
}

static void
mc_store_class_init (McStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_store_finalize;
}

static void
mc_store_init (McStore *self)
{
  g_rec_mutex_init (&self->lock);
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
}

/* Every page cache starts with a bulk of 20 page slots, allocated at once
 * (SQLITE_DEFAULT_PCACHE_INITSZ): also the cache of each ephemeral table
 * a statement opens, several per state change of a dossier. perf put 5 %
 * of the upload workers' CPU in that loop, and more in the page faults of
 * memory malloc gave back between two. With N = 0 (documented for
 * SQLITE_CONFIG_PAGECACHE with no buffer) pages are allocated as they are
 * used. Claiming a dossier for upload: 0.9–1.1 ms of CPU with the bulk,
 * 0.08–0.14 ms without (bench-pagecache, which runs both in one run).
 * Too late (SQLite already initialised in this process) it changes
 * nothing. */
void
mc_store_configure_sqlite (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      (void) sqlite3_config (SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);
      g_once_init_leave (&done, 1);
    }
}

static gboolean
open_database (McStore  *self,
               int       version,
               GError  **error)
{
  int rc;

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_IO,
                   _("Data folder: cannot create “%s”: %s"), self->data_dir, g_strerror (saved));
      return FALSE;
    }

  mc_store_configure_sqlite ();
  rc = sqlite3_open_v2 (self->db_path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    return mc_store_set_sqlite_error (self, rc, _("Opening the database"), error);

  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);

  /* WAL + synchronous=FULL: a committed save survives a power cut. */
  if (!mc_store_exec (self,
                      "PRAGMA journal_mode = WAL;"
                      "PRAGMA synchronous = FULL;"
                      "PRAGMA foreign_keys = ON;",
                      error))
    {
      g_prefix_error (error, _("Opening the database “%s”: "), self->db_path);
      return FALSE;
    }

  if (!mc_store_register_functions (self, error))
    return FALSE;

  return mc_store_migrate (self, version, error);
}

McStore *
mc_store_open_at_version (const char  *data_dir,
                          int          version,
                          GError     **error)
{
  g_autoptr(McStore) self = NULL;
  g_autofree char *blob_root = NULL;
  g_autofree char *clerk = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (version > 0 && version <= MC_STORE_SCHEMA_VERSION, NULL);

  self = g_object_new (MC_TYPE_STORE, NULL);
  self->data_dir = g_strdup (data_dir);
  self->db_path = g_build_filename (data_dir, "motcua.db", NULL);
  blob_root = g_build_filename (data_dir, "blobs", NULL);
  self->blobs = mc_blobs_new (blob_root);

  if (!open_database (self, version, error))
    return NULL;
  /* A killed intake or attach leaves its half-copied file behind. */
  mc_blobs_collect_temporaries (self->blobs);

  /* The clerk of this desk acts from now on (mc-core-env.h). */
  clerk = mc_store_get_clerk (self);
  mc_core_set_clerk (clerk);
  return g_steal_pointer (&self);
}

McStore *
mc_store_open (const char  *data_dir,
               GError     **error)
{
  return mc_store_open_at_version (data_dir, MC_STORE_SCHEMA_VERSION, error);
}

McStore *
mc_store_open_reader (McStore  *self,
                      GError  **error)
{
  g_autoptr(McStore) reader = NULL;
  int rc;

  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  reader = g_object_new (MC_TYPE_STORE, NULL);
  reader->data_dir = g_strdup (self->data_dir);
  reader->db_path = g_strdup (self->db_path);
  reader->blobs = g_object_ref (self->blobs);
  rc = sqlite3_open_v2 (reader->db_path, &reader->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    return mc_store_set_sqlite_error (reader, rc, _("Opening the database"), error), NULL;
  sqlite3_busy_timeout (reader->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (reader->db, 1);
  /* The writer made it WAL and migrated it; this one only reads, from
   * its own snapshot, never waiting for a write to commit. */
  if (!mc_store_exec (reader, "PRAGMA query_only = ON;", error) ||
      !mc_store_register_functions (reader, error))
    return NULL;
  return g_steal_pointer (&reader);
}

const char *
mc_store_get_data_dir (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), NULL);
  return self->data_dir;
}

McBlobs *
mc_store_get_blobs (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), NULL);
  return self->blobs;
}

int
mc_store_get_schema_version (McStore *self)
{
  sqlite3_stmt *stmt;
  int version = -1;
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);

  stmt = mc_store_prepare (self, "PRAGMA user_version", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return version;
}

gboolean
mc_store_check_integrity (McStore  *self,
                          GError  **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *result = NULL;
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);

  stmt = mc_store_prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = mc_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_CORRUPT,
                   _("Database: the integrity check failed: %s"), result ? result : "?");
      return FALSE;
    }
  return TRUE;
}

char *
mc_store_get_setting (McStore    *self,
                      const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);

  stmt = mc_store_prepare (self, "SELECT value FROM settings WHERE key = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  mc_store_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = mc_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static gboolean
put_setting (McStore     *self,
             const char  *key,
             const char  *value,
             GError     **error)
{
  sqlite3_stmt *stmt = mc_store_prepare (self,
                                         "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                         error);
  if (stmt == NULL)
    return FALSE;
  mc_store_bind_text (stmt, 1, key);
  mc_store_bind_text (stmt, 2, value);
  return mc_store_step_done (self, stmt, _("Saving settings"), error);
}

gboolean
mc_store_set_setting (McStore     *self,
                      const char  *key,
                      const char  *value,
                      GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);

  return put_setting (self, key, value, error);
}

gboolean
mc_store_delete_setting (McStore     *self,
                         const char  *key,
                         GError     **error)
{
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = mc_store_prepare (self, "DELETE FROM settings WHERE key = ?1", error);

  if (stmt == NULL)
    return FALSE;
  mc_store_bind_text (stmt, 1, key);
  return mc_store_step_done (self, stmt, _("Saving settings"), error);
}

#define CLERK_SETTING "clerk"

char *
mc_store_get_clerk (McStore *self)
{
  g_return_val_if_fail (MC_IS_STORE (self), NULL);

  return mc_store_get_setting (self, CLERK_SETTING);
}

gboolean
mc_store_set_clerk (McStore     *self,
                    const char  *full_name,
                    GError     **error)
{
  g_autofree char *name = NULL;
  g_autoptr(GError) invalid = NULL;

  g_return_val_if_fail (MC_IS_STORE (self), FALSE);

  if (full_name == NULL || *full_name == '\0')
    {
      if (!mc_store_delete_setting (self, CLERK_SETTING, error))
        return FALSE;
      mc_core_set_clerk (NULL);
      return TRUE;
    }

  if (!mc_validate_full_name (full_name, &invalid))
    {
      /* Translators: "%s" says what is wrong with the name. */
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID, _("Receiving clerk: %s"), invalid->message);
      return FALSE;
    }
  name = mc_text_normalize (full_name);
  if (!mc_store_set_setting (self, CLERK_SETTING, name, error))
    return FALSE;
  mc_core_set_clerk (name);
  return TRUE;
}

void
mc_station_free (McStation *station)
{
  if (station == NULL)
    return;
  g_free (station->agency_code);
  g_free (station->agency_name);
  g_free (station);
}

gboolean
mc_store_set_station (McStore     *self,
                      const char  *agency_code,
                      const char  *agency_name,
                      guint        station,
                      GError     **error)
{
  g_autofree char *station_str = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GRecMutexLocker) locker = NULL;

  if (!mc_codes_validate_agency (agency_code, error) ||
      !mc_codes_validate_station (station, error))
    return FALSE;

  name = g_strstrip (g_strdup (agency_name != NULL ? agency_name : ""));
  if (*name == '\0')
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID,
                   _("Agency name: it is required (e.g. UBND xã Tân Lập)"));
      return FALSE;
    }

  station_str = g_strdup_printf ("%u", station);
  locker = g_rec_mutex_locker_new (&self->lock);
  if (!mc_store_begin (self, error))
    return FALSE;
  if (!put_setting (self, "agency_code", agency_code, error) ||
      !put_setting (self, "agency_name", name, error) ||
      !put_setting (self, "station", station_str, error) ||
      !mc_store_commit (self, error))
    {
      mc_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

McStation *
mc_store_get_station (McStore  *self,
                      GError  **error)
{
  g_autoptr(McStation) station = g_new0 (McStation, 1);
  g_autofree char *number = NULL;

  station->agency_code = mc_store_get_setting (self, "agency_code");
  station->agency_name = mc_store_get_setting (self, "agency_name");
  number = mc_store_get_setting (self, "station");

  if (station->agency_code == NULL || number == NULL)
    {
      g_set_error (error, MC_STORE_ERROR, MC_STORE_ERROR_NOT_INITIALIZED,
                   _("This PC is not set up yet: run “motcua init --agency-code CODE --agency-name NAME --station N” "
                     "or open MotCua Desk to set it up"));
      return NULL;
    }
  station->station = (guint) g_ascii_strtoull (number, NULL, 10);
  return g_steal_pointer (&station);
}

McCatalog *
mc_store_load_catalog (McStore  *self,
                       GError  **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *data = NULL;
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);

  stmt = mc_store_prepare (self, "SELECT data FROM catalog WHERE id = 1", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    data = mc_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  if (data == NULL)
    return mc_catalog_new_bundled ();
  return mc_catalog_new_from_data (data, -1, error);
}

/* Keeps an already checked catalog or holiday document: the single row
 * of its table (@sql upserts id 1 with data, source, imported_at). */
static gboolean
put_document (McStore     *self,
              const char  *sql,
              const char  *data,
              gsize        length,
              const char  *source,
              const char  *what,
              GError     **error)
{
  g_autofree char *now = mc_store_now_string ();
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = mc_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, data, (int) length, SQLITE_TRANSIENT);
  mc_store_bind_text (stmt, 2, source);
  mc_store_bind_text (stmt, 3, now);
  return mc_store_step_done (self, stmt, what, error);
}

gboolean
mc_store_import_catalog (McStore     *self,
                         const char  *data,
                         gsize        length,
                         const char  *source,
                         GError     **error)
{
  g_autoptr(McCatalog) catalog = mc_catalog_new_from_data (data, length, error);

  if (catalog == NULL)
    return FALSE;
  return put_document (self,
                       "INSERT INTO catalog (id, data, source, imported_at) VALUES (1, ?1, ?2, ?3) "
                       "ON CONFLICT (id) DO UPDATE SET data = excluded.data, source = excluded.source, "
                       "imported_at = excluded.imported_at",
                       data, length, source, _("Saving the catalog"), error);
}

gboolean
mc_store_import_holiday_data (McStore     *self,
                              const char  *data,
                              gsize        length,
                              const char  *source,
                              GError     **error)
{
  g_autoptr(McCalendar) calendar = mc_calendar_new_defaults ();

  if (!mc_calendar_load_data (calendar, data, (gssize) length, error))
    return FALSE;
  return put_document (self,
                       "INSERT INTO holiday_data (id, data, source, imported_at) VALUES (1, ?1, ?2, ?3) "
                       "ON CONFLICT (id) DO UPDATE SET data = excluded.data, source = excluded.source, "
                       "imported_at = excluded.imported_at",
                       data, length, source, _("Saving the holiday data"), error);
}

char *
mc_store_get_holiday_data (McStore *self)
{
  sqlite3_stmt *stmt;
  char *data = NULL;
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);

  stmt = mc_store_prepare (self, "SELECT data FROM holiday_data WHERE id = 1", NULL);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    data = mc_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return data;
}

void
mc_draft_free (McDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->uuid);
  g_free (draft->updated_at);
  g_free (draft->data);
  g_free (draft);
}

gboolean
mc_store_save_draft (McStore     *self,
                     const char  *uuid,
                     const char  *data,
                     GError     **error)
{
  g_autofree char *now = mc_store_now_string ();
  sqlite3_stmt *stmt;
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);

  stmt = mc_store_prepare (self,
                           "INSERT INTO drafts (uuid, updated_at, data) VALUES (?1, ?2, ?3) "
                           "ON CONFLICT (uuid) DO UPDATE SET updated_at = excluded.updated_at, data = excluded.data",
                           error);
  if (stmt == NULL)
    return FALSE;
  mc_store_bind_text (stmt, 1, uuid);
  mc_store_bind_text (stmt, 2, now);
  mc_store_bind_text (stmt, 3, data);
  return mc_store_step_done (self, stmt, _("Saving the draft"), error);
}

GPtrArray *
mc_store_list_drafts (McStore  *self,
                      GError  **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_draft_free);
  sqlite3_stmt *stmt;
  int rc;
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);

  stmt = mc_store_prepare (self, "SELECT uuid, updated_at, data FROM drafts ORDER BY updated_at DESC", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McDraft *d = g_new0 (McDraft, 1);

      d->uuid = mc_store_column_dup (stmt, 0);
      d->updated_at = mc_store_column_dup (stmt, 1);
      d->data = mc_store_column_dup (stmt, 2);
      g_ptr_array_add (drafts, d);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_store_set_sqlite_error (self, rc, _("Reading drafts"), error);
      return NULL;
    }
  return g_steal_pointer (&drafts);
}

gboolean
mc_store_delete_draft (McStore     *self,
                       const char  *uuid,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);

  stmt = mc_store_prepare (self, "DELETE FROM drafts WHERE uuid = ?1", error);
  if (stmt == NULL)
    return FALSE;
  mc_store_bind_text (stmt, 1, uuid);
  return mc_store_step_done (self, stmt, _("Deleting the draft"), error);
}

guint
mc_store_collect_blobs (McStore  *self,
                        GError  **error)
{
  g_autoptr(GHashTable) referenced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;
  g_autoptr(GRecMutexLocker) locker = g_rec_mutex_locker_new (&self->lock);

  stmt = mc_store_prepare (self, "SELECT DISTINCT sha256 FROM attachments", error);
  if (stmt == NULL)
    return 0;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (referenced, mc_store_column_dup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_store_set_sqlite_error (self, rc, _("Reading attachments"), error);
      return 0;
    }

  /* An hour's grace: blobs are written before the row that names them. */
  return mc_blobs_collect (self->blobs, referenced, 3600, error);
}
