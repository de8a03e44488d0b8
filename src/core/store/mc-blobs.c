/* mc-blobs.c — content-addressed attachment files */
#define G_LOG_DOMAIN "motcua-blobs"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "mc-blobs.h"
#include "mc-sha256.h"

#define CHUNK_SIZE (64 * 1024)

struct _McBlobs
{
  GObject  parent_instance;
  char    *root;
};

G_DEFINE_FINAL_TYPE (McBlobs, mc_blobs, G_TYPE_OBJECT)

G_DEFINE_QUARK (mc-blobs-error-quark, mc_blobs_error)

static gboolean
is_sha256_hex (const char *s)
{
  if (s == NULL || strlen (s) != 64)
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isxdigit (*s) || g_ascii_isupper (*s))
      return FALSE;
  return TRUE;
}

/* @format has two %s: the path, then the system's reason. */
static gboolean
set_io_error (GError    **error,
              int         saved_errno,
              const char *format,
              const char *path)
{
  g_set_error (error, MC_BLOBS_ERROR, MC_BLOBS_ERROR_IO, format, path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
fsync_dir (const char  *path,
           GError     **error)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd < 0)
    return set_io_error (error, errno, _("Attachment store: cannot open “%s”: %s"), path);
  if (fsync (fd) != 0)
    {
      int saved = errno;
      close (fd);
      return set_io_error (error, saved, _("Attachment store: cannot write “%s” to the disk: %s"), path);
    }
  close (fd);
  return TRUE;
}

static gboolean
ensure_dir (const char  *path,
            GError     **error)
{
  if (g_mkdir_with_parents (path, 0700) != 0)
    return set_io_error (error, errno, _("Attachment store: cannot create “%s”: %s"), path);
  return TRUE;
}

/* Streams from @in to a new temporary file in blobs/tmp, hashing as it
 * goes; returns the temporary path and the digest. */
static char *
write_temp (McBlobs       *self,
            GInputStream  *in,
            gint64         max_size,
            char         **out_sha256,
            gint64        *out_size,
            int           *out_fd,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *tmpdir = g_build_filename (self->root, "tmp", NULL);
  g_autofree char *tmppath = NULL;
  g_autoptr(McSha256) sum = mc_sha256_new ();
  g_autofree guint8 *buf = g_malloc (CHUNK_SIZE);
  gint64 total = 0;
  int fd;

  if (!ensure_dir (tmpdir, error))
    return NULL;

  /* The lock is held until the file is renamed or removed: a temporary
   * nobody holds belongs to a process that died, and another process's
   * mc_blobs_collect_temporaries () removes it at once. Between creating
   * the file and locking it, that collector may see it unlocked: it
   * unlinks only while holding the lock itself, so a file found unlinked
   * once locked here was taken for a dead one's; make another. */
  for (guint attempt = 0;; attempt++)
    {
      struct stat st;

      g_clear_pointer (&tmppath, g_free);
      tmppath = g_build_filename (tmpdir, "blob-XXXXXX", NULL);
      fd = g_mkstemp_full (tmppath, O_WRONLY | O_CLOEXEC, 0600);
      if (fd < 0)
        {
          set_io_error (error, errno, _("Attachment store: cannot create “%s”: %s"), tmppath);
          return NULL;
        }
      (void) flock (fd, LOCK_EX);
      if (fstat (fd, &st) != 0 || st.st_nlink > 0 || attempt >= 8)
        break;
      close (fd);
    }

  for (;;)
    {
      gssize n = g_input_stream_read (in, buf, CHUNK_SIZE, cancellable, error);
      gssize off = 0;

      if (n < 0)
        goto fail;
      if (n == 0)
        break;

      total += n;
      if (max_size > 0 && total > max_size)
        {
          g_autofree char *limit = g_format_size (max_size);

          g_set_error (error, MC_BLOBS_ERROR, MC_BLOBS_ERROR_TOO_LARGE,
                       _("Attachment: the file is larger than the limit of %s"), limit);
          goto fail;
        }

      mc_sha256_update (sum, buf, n);
      while (off < n)
        {
          ssize_t w = write (fd, buf + off, n - off);
          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              set_io_error (error, errno, _("Attachment store: cannot write “%s”: %s"), tmppath);
              goto fail;
            }
          off += w;
        }
    }

  if (fsync (fd) != 0)
    {
      set_io_error (error, errno, _("Attachment store: cannot write “%s” to the disk: %s"), tmppath);
      goto fail;
    }
  /* Still open (and locked) until it is renamed: see finish_temp. */
  *out_fd = fd;
  *out_sha256 = mc_sha256_finish (g_steal_pointer (&sum));
  if (out_size != NULL)
    *out_size = total;
  return g_steal_pointer (&tmppath);

fail:
  if (fd >= 0)
    close (fd);
  g_unlink (tmppath);
  return NULL;
}

/* Moves a finished temporary file to its content address, durably. */
static gboolean
commit_temp (McBlobs     *self,
             const char  *tmppath,
             const char  *sha256,
             GError     **error)
{
  char prefix[3] = { sha256[0], sha256[1], '\0' };
  g_autofree char *dir = g_build_filename (self->root, prefix, NULL);
  g_autofree char *dest = g_build_filename (dir, sha256, NULL);

  if (g_file_test (dest, G_FILE_TEST_IS_REGULAR))
    {
      /* Same content already stored. Refresh its time: it may be an orphan
       * about to be collected, and a dossier is about to name it. */
      g_unlink (tmppath);
      if (g_utime (dest, NULL) != 0)
        return set_io_error (error, errno, _("Attachment store: cannot save “%s”: %s"), dest);
      return TRUE;
    }

  if (!ensure_dir (dir, error))
    return FALSE;
  if (g_rename (tmppath, dest) != 0)
    {
      int saved = errno;
      g_unlink (tmppath);
      return set_io_error (error, saved, _("Attachment store: cannot save “%s”: %s"), dest);
    }
  return fsync_dir (dir, error) && fsync_dir (self->root, error);
}

/* Commits, then closes the temporary's descriptor (releasing its lock). */
static gboolean
finish_temp (McBlobs     *self,
             const char  *tmppath,
             int          fd,
             const char  *sha256,
             GError     **error)
{
  gboolean ok = commit_temp (self, tmppath, sha256, error);

  if (close (fd) != 0 && ok)
    {
      set_io_error (error, errno, _("Attachment store: cannot write “%s”: %s"), tmppath);
      g_unlink (tmppath);
      return FALSE;
    }
  return ok;
}

struct _McBlobsPending
{
  char   *tmppath;
  char   *sha256;
  gint64  size;
  int     fd;     /* open and locked until committed or freed */
};

McBlobsPending *
mc_blobs_write_pending (McBlobs       *self,
                        GFile         *source,
                        gint64         max_size,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GFileInputStream) in = NULL;
  McBlobsPending *p;
  char *sha256 = NULL;
  gint64 size = 0;
  int fd = -1;
  char *tmppath;

  g_return_val_if_fail (MC_IS_BLOBS (self), NULL);
  g_return_val_if_fail (G_IS_FILE (source), NULL);

  in = g_file_read (source, cancellable, error);
  if (in == NULL)
    return NULL;
  tmppath = write_temp (self, G_INPUT_STREAM (in), max_size, &sha256, &size, &fd, cancellable, error);
  if (tmppath == NULL)
    return NULL;
  p = g_new0 (McBlobsPending, 1);
  p->tmppath = tmppath;
  p->sha256 = sha256;
  p->size = size;
  p->fd = fd;
  return p;
}

const char *
mc_blobs_pending_get_sha256 (McBlobsPending *pending)
{
  return pending->sha256;
}

gint64
mc_blobs_pending_get_size (McBlobsPending *pending)
{
  return pending->size;
}

GFile *
mc_blobs_pending_get_file (McBlobsPending *pending)
{
  return g_file_new_for_path (pending->tmppath);
}

gboolean
mc_blobs_pending_commit (McBlobs         *self,
                         McBlobsPending  *pending,
                         GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (MC_IS_BLOBS (self), FALSE);
  g_return_val_if_fail (pending->fd >= 0, FALSE);

  ok = finish_temp (self, pending->tmppath, pending->fd, pending->sha256, error);
  pending->fd = -1;
  g_clear_pointer (&pending->tmppath, g_free);
  return ok;
}

void
mc_blobs_pending_free (McBlobsPending *pending)
{
  if (pending == NULL)
    return;
  if (pending->tmppath != NULL)
    g_unlink (pending->tmppath);
  if (pending->fd >= 0)
    close (pending->fd);
  g_free (pending->tmppath);
  g_free (pending->sha256);
  g_free (pending);
}

static void
mc_blobs_finalize (GObject *object)
{
  McBlobs *self = (McBlobs *) object;

  g_clear_pointer (&self->root, g_free);
  G_OBJECT_CLASS (mc_blobs_parent_class)->finalize (object);
}

static void
mc_blobs_class_init (McBlobsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_blobs_finalize;
}

static void
mc_blobs_init (McBlobs *self)
{
}

McBlobs *
mc_blobs_new (const char *root)
{
  McBlobs *self = g_object_new (MC_TYPE_BLOBS, NULL);

  self->root = g_strdup (root);
  return self;
}

const char *
mc_blobs_get_root (McBlobs *self)
{
  g_return_val_if_fail (MC_IS_BLOBS (self), NULL);
  return self->root;
}

char *
mc_blobs_add_file (McBlobs       *self,
                   GFile         *source,
                   gint64         max_size,
                   gint64        *out_size,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GFileInputStream) in = NULL;
  g_autofree char *tmppath = NULL;
  g_autofree char *sha256 = NULL;
  int fd = -1;

  g_return_val_if_fail (MC_IS_BLOBS (self), NULL);
  g_return_val_if_fail (G_IS_FILE (source), NULL);

  in = g_file_read (source, cancellable, error);
  if (in == NULL)
    return NULL;

  tmppath = write_temp (self, G_INPUT_STREAM (in), max_size, &sha256, out_size, &fd, cancellable, error);
  if (tmppath == NULL)
    return NULL;
  if (!finish_temp (self, tmppath, fd, sha256, error))
    return NULL;

  return g_steal_pointer (&sha256);
}

char *
mc_blobs_add_bytes (McBlobs  *self,
                    GBytes   *bytes,
                    GError  **error)
{
  g_autoptr(GInputStream) in = NULL;
  g_autofree char *tmppath = NULL;
  g_autofree char *sha256 = NULL;
  int fd = -1;

  g_return_val_if_fail (MC_IS_BLOBS (self), NULL);

  in = g_memory_input_stream_new_from_bytes (bytes);
  tmppath = write_temp (self, in, -1, &sha256, NULL, &fd, NULL, error);
  if (tmppath == NULL)
    return NULL;
  if (!finish_temp (self, tmppath, fd, sha256, error))
    return NULL;

  return g_steal_pointer (&sha256);
}

char *
mc_blobs_get_path (McBlobs    *self,
                   const char *sha256)
{
  char prefix[3];

  g_return_val_if_fail (MC_IS_BLOBS (self), NULL);
  g_return_val_if_fail (is_sha256_hex (sha256), NULL);

  prefix[0] = sha256[0];
  prefix[1] = sha256[1];
  prefix[2] = '\0';
  return g_build_filename (self->root, prefix, sha256, NULL);
}

GFile *
mc_blobs_get_file (McBlobs    *self,
                   const char *sha256)
{
  g_autofree char *path = mc_blobs_get_path (self, sha256);

  return path != NULL ? g_file_new_for_path (path) : NULL;
}

gboolean
mc_blobs_contains (McBlobs    *self,
                   const char *sha256)
{
  g_autofree char *path = NULL;

  if (!is_sha256_hex (sha256))
    return FALSE;
  path = mc_blobs_get_path (self, sha256);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

gboolean
mc_blobs_verify (McBlobs     *self,
                 const char  *sha256,
                 GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autofree char *actual = NULL;

  if (!mc_blobs_contains (self, sha256))
    {
      g_set_error (error, MC_BLOBS_ERROR, MC_BLOBS_ERROR_NOT_FOUND,
                   _("Attachment store: the file %s is missing"), sha256 != NULL ? sha256 : "");
      return FALSE;
    }

  file = mc_blobs_get_file (self, sha256);
  in = g_file_read (file, NULL, error);
  if (in == NULL)
    return FALSE;
  actual = mc_sha256_stream (G_INPUT_STREAM (in), NULL, NULL, error);
  if (actual == NULL)
    return FALSE;
  if (g_strcmp0 (actual, sha256) != 0)
    {
      g_set_error (error, MC_BLOBS_ERROR, MC_BLOBS_ERROR_CORRUPT,
                   _("Attachment store: the file %s is damaged (its content changed)"), sha256);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_old_enough (const char *path,
               gint64      min_age_seconds)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return FALSE;
  return (g_get_real_time () / G_USEC_PER_SEC) - st.st_mtime >= min_age_seconds;
}

/* Removes @path if no living process holds its lock (see write_temp),
 * unlinking while holding the lock so a writer that locks the file
 * afterwards sees it gone. TRUE if removed. */
static gboolean
remove_if_abandoned (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  gboolean removed = FALSE;

  if (fd < 0)
    return FALSE;
  if (flock (fd, LOCK_EX | LOCK_NB) == 0)
    removed = g_unlink (path) == 0;
  close (fd);
  return removed;
}

guint
mc_blobs_collect_temporaries (McBlobs *self)
{
  g_autofree char *tmpdir = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint deleted = 0;

  g_return_val_if_fail (MC_IS_BLOBS (self), 0);

  tmpdir = g_build_filename (self->root, "tmp", NULL);
  dir = g_dir_open (tmpdir, 0, NULL);
  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmpdir, name, NULL);

      if (g_str_has_prefix (name, "blob-") && remove_if_abandoned (path))
        deleted++;
    }
  if (deleted > 0)
    g_debug ("removed %u abandoned temporary blob files", deleted);
  return deleted;
}

guint
mc_blobs_collect (McBlobs     *self,
                  GHashTable  *referenced,
                  gint64       min_age_seconds,
                  GError     **error)
{
  g_autoptr(GDir) root = NULL;
  const char *sub;
  guint deleted = 0;

  g_return_val_if_fail (MC_IS_BLOBS (self), 0);

  if (!g_file_test (self->root, G_FILE_TEST_IS_DIR))
    return 0;

  root = g_dir_open (self->root, 0, error);
  if (root == NULL)
    return 0;

  while ((sub = g_dir_read_name (root)) != NULL)
    {
      g_autofree char *subpath = g_build_filename (self->root, sub, NULL);
      g_autoptr(GDir) dir = NULL;
      const char *name;
      gboolean is_tmp = g_str_equal (sub, "tmp");

      if (!is_tmp && strlen (sub) != 2)
        continue;
      dir = g_dir_open (subpath, 0, NULL);
      if (dir == NULL)
        continue;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (subpath, name, NULL);

          /* Leftover temporaries of an interrupted write, and blobs no
           * dossier names, once they are old enough not to belong to a
           * save still in flight. */
          if (!is_tmp && (!is_sha256_hex (name) || g_hash_table_contains (referenced, name)))
            continue;
          if (!is_old_enough (path, min_age_seconds))
            continue;
          if (g_unlink (path) == 0)
            deleted++;
        }
    }

  return deleted;
}
