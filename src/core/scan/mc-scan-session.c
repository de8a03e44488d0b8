/* mc-scan-session.c — autosaved scan sessions under <data dir>/scans/
 *
 * Each scan writes its pages as page-0001.png… into a session folder as
 * they arrive; after a crash the GUI finds them (mc_scan_sessions_list)
 * and offers them back (mc_scan_session_restore). A note in the folder,
 * session.ini, says which paper they were for and, once made into a PDF,
 * where that PDF went: so the GUI can tell pages that reached a dossier
 * from pages a crash cut off. Once the pages are in a dossier the folder
 * is removed; what is left behind is bounded by mc_scan_sessions_cleanup():
 * older than MC_SCAN_SESSIONS_MAX_AGE_S (7 days) goes, then the oldest
 * until the whole is under MC_SCAN_SESSIONS_MAX_BYTES (500 MB).
 */
#define G_LOG_DOMAIN "motcua-scan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mc-scan.h"

#define NOTE_FILE  "session.ini"
#define NOTE_GROUP "session"

char *
mc_scan_session_new_dir (const char  *data_dir,
                         GError     **error)
{
  g_autofree char *scans = g_build_filename (data_dir, "scans", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *template = NULL;

  if (g_mkdir_with_parents (scans, 0700) != 0)
    goto fail;
  template = g_strdup_printf ("%s/%s-XXXXXX", scans, stamp);
  if (g_mkdtemp_full (template, 0700) == NULL)
    goto fail;
  return g_steal_pointer (&template);

fail:
  g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_IO,
               _("Could not create a folder for scanned pages in “%s”: %s"), scans, g_strerror (errno));
  return NULL;
}

/* Only finished pages: temporary files of an interrupted save differ. */
static gboolean
is_page_name (const char *name)
{
  guint n;
  char tail[8] = "";

  return sscanf (name, "page-%4u.png%7s", &n, tail) == 1 && strlen (name) == 13;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
mc_scan_session_restore (const char  *dir,
                         GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) local = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &local);
  const char *name;

  if (d == NULL)
    {
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_IO,
                   _("Could not open the scanned pages: %s"), local->message);
      return NULL;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (is_page_name (name))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      McPage *page = mc_page_new_from_file (path, 0, error);

      if (page == NULL)
        return NULL;
      g_ptr_array_add (pages, page);
    }
  return g_steal_pointer (&pages);
}

typedef struct
{
  char   *path;
  gint64  mtime;
  gint64  bytes;
} Session;

static void
session_free (Session *s)
{
  g_free (s->path);
  g_free (s);
}

static int
compare_age (gconstpointer a,
             gconstpointer b)
{
  const Session *x = *(Session * const *) a, *y = *(Session * const *) b;

  return x->mtime < y->mtime ? -1 : x->mtime > y->mtime;
}

/* Size and newest modification of a session's files. */
static void
measure (Session *s)
{
  g_autoptr(GDir) d = g_dir_open (s->path, 0, NULL);
  const char *name;
  GStatBuf st;

  if (g_stat (s->path, &st) == 0)
    s->mtime = st.st_mtime;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (s->path, name, NULL);

      if (g_stat (file, &st) == 0 && S_ISREG (st.st_mode))
        {
          s->bytes += st.st_size;
          s->mtime = MAX (s->mtime, (gint64) st.st_mtime);
        }
    }
}

gboolean
mc_scan_session_remove (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_unlink (file);
    }
  return g_rmdir (path) == 0;
}

guint
mc_scan_sessions_cleanup (const char  *data_dir,
                          gint64       max_bytes,
                          gint64       max_age_s,
                          GError     **error)
{
  g_autofree char *scans = g_build_filename (data_dir, "scans", NULL);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) session_free);
  g_autoptr(GError) local = NULL;
  g_autoptr(GDir) d = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC, total = 0;
  const char *name;
  guint removed = 0;

  if (!g_file_test (scans, G_FILE_TEST_IS_DIR))
    return 0;
  d = g_dir_open (scans, 0, &local);
  if (d == NULL)
    {
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_IO,
                   _("Could not clean up the scanned pages: %s"), local->message);
      return 0;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    {
      Session *s = g_new0 (Session, 1);

      s->path = g_build_filename (scans, name, NULL);
      if (!g_file_test (s->path, G_FILE_TEST_IS_DIR))
        {
          session_free (s);
          continue;
        }
      measure (s);
      g_ptr_array_add (sessions, s);
    }
  g_ptr_array_sort (sessions, compare_age);

  for (guint i = 0; i < sessions->len; i++)
    total += ((Session *) g_ptr_array_index (sessions, i))->bytes;

  /* Oldest first; the newest session is kept whatever its size. */
  for (guint i = 0; i < sessions->len; i++)
    {
      Session *s = g_ptr_array_index (sessions, i);
      gboolean too_old = max_age_s >= 0 && now - s->mtime > max_age_s;
      gboolean too_big = max_bytes >= 0 && total > max_bytes && i + 1 < sessions->len;

      if (!too_old && !too_big)
        continue;
      if (mc_scan_session_remove (s->path))
        {
          g_debug ("removed scan session %s (%" G_GINT64_FORMAT " bytes)", s->path, s->bytes);
          total -= s->bytes;
          removed++;
        }
    }
  return removed;
}

gboolean
mc_scan_session_set_note (const char  *dir,
                          const char  *key,
                          const char  *value,
                          GError     **error)
{
  g_autofree char *path = g_build_filename (dir, NOTE_FILE, NULL);
  g_autoptr(GKeyFile) note = g_key_file_new ();
  g_autoptr(GError) local = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_IO,
                   _("Could not create the folder for scanned pages “%s”: %s"), dir, g_strerror (errno));
      return FALSE;
    }
  /* Missing or unreadable: start afresh, the note is only a hint. */
  g_key_file_load_from_file (note, path, G_KEY_FILE_NONE, NULL);
  g_key_file_set_string (note, NOTE_GROUP, key, value);
  if (!g_key_file_save_to_file (note, path, &local))
    {
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_IO,
                   _("Could not save the scanned pages’ note: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}

void
mc_scan_session_info_free (McScanSessionInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->dir);
  g_free (info->paper);
  g_free (info->incoming);
  g_free (info);
}

static int
compare_info_age (gconstpointer a,
                  gconstpointer b)
{
  const McScanSessionInfo *x = *(McScanSessionInfo * const *) a, *y = *(McScanSessionInfo * const *) b;

  if (x->mtime != y->mtime)
    return x->mtime < y->mtime ? -1 : 1;
  return g_strcmp0 (x->dir, y->dir);
}

GPtrArray *
mc_scan_sessions_list (const char *data_dir)
{
  g_autofree char *scans = g_build_filename (data_dir, "scans", NULL);
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scan_session_info_free);
  g_autoptr(GDir) d = g_dir_open (scans, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *dir = g_build_filename (scans, name, NULL);
      g_autofree char *note_path = NULL;
      g_autoptr(GKeyFile) note = g_key_file_new ();
      g_autoptr(GDir) pages = NULL;
      McScanSessionInfo *info;
      Session s = { dir, 0, 0 };
      const char *page;

      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        continue;
      info = g_new0 (McScanSessionInfo, 1);
      measure (&s);
      info->mtime = s.mtime;
      pages = g_dir_open (dir, 0, NULL);
      while (pages != NULL && (page = g_dir_read_name (pages)) != NULL)
        if (is_page_name (page))
          info->n_pages++;
      note_path = g_build_filename (dir, NOTE_FILE, NULL);
      if (g_key_file_load_from_file (note, note_path, G_KEY_FILE_NONE, NULL))
        {
          info->paper = g_key_file_get_string (note, NOTE_GROUP, "paper", NULL);
          info->incoming = g_key_file_get_string (note, NOTE_GROUP, "incoming", NULL);
        }
      info->dir = g_steal_pointer (&dir);
      g_ptr_array_add (list, info);
    }
  g_ptr_array_sort (list, compare_info_age);
  return list;
}

GPtrArray *
mc_scan_sessions_find_left_over (const char      *data_dir,
                                 McScanNamedFunc  is_named,
                                 gpointer         user_data)
{
  g_autoptr(GPtrArray) all = mc_scan_sessions_list (data_dir);
  g_autofree char *incoming = g_build_filename (data_dir, "incoming", G_DIR_SEPARATOR_S, NULL);
  GPtrArray *left = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_scan_session_info_free);

  for (guint i = 0; i < all->len; i++)
    {
      McScanSessionInfo *info = g_ptr_array_index (all, i);

      if (info->incoming != NULL)
        {
          if (!g_file_test (info->incoming, G_FILE_TEST_EXISTS) ||
              (is_named != NULL && is_named (info->incoming, user_data)))
            {
              g_debug ("scan session %s is in a dossier or draft: removed", info->dir);
              mc_scan_session_remove (info->dir);
              continue;
            }
          g_debug ("%s was never saved with a dossier: its pages are offered again", info->incoming);
          /* Only ever a file of incoming/, whatever the note says. */
          if (g_str_has_prefix (info->incoming, incoming) && strstr (info->incoming, "..") == NULL &&
              g_unlink (info->incoming) == 0)
            {
              g_autofree char *folder = g_path_get_dirname (info->incoming);

              g_rmdir (folder);  /* incoming/<random>/, if empty now */
            }
          g_clear_pointer (&info->incoming, g_free);
        }
      if (info->n_pages > 0)
        g_ptr_array_add (left, g_ptr_array_steal_index (all, i--));
    }
  return left;
}
