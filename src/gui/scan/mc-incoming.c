/* mc-incoming.c — files waiting to be attached */
#define G_LOG_DOMAIN "motcua-scan"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mc-attachments.h"
#include "mc-incoming.h"
#include "mc-intake.h"
#include "mc-scan.h"

void
mc_incoming_file_free (McIncomingFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file->name);
  g_free (file->mime_type);
  g_free (file);
}

static char *
get_dir (McContext *context)
{
  return g_build_filename (mc_store_get_data_dir (mc_context_get_store (context)), "incoming", NULL);
}

char *
mc_incoming_new_path (McContext  *context,
                      const char *name)
{
  g_autofree char *dir = get_dir (context);
  g_autofree char *random = g_uuid_string_random ();
  g_autofree char *base = g_path_get_basename (name);

  return g_build_filename (dir, random, base, NULL);
}

gboolean
mc_incoming_contains (McContext  *context,
                      const char *path)
{
  g_autofree char *dir = get_dir (context);
  g_autofree char *prefix = g_strconcat (dir, G_DIR_SEPARATOR_S, NULL);

  return path != NULL && g_str_has_prefix (path, prefix) && strstr (path, "..") == NULL;
}

void
mc_incoming_remove_now (McContext  *context,
                        const char *path)
{
  g_autofree char *folder = NULL;

  if (!mc_incoming_contains (context, path))
    return;
  if (g_unlink (path) != 0 && errno != ENOENT)
    g_debug ("Could not remove %s: %s", path, g_strerror (errno));
  folder = g_path_get_dirname (path);
  g_rmdir (folder);
}

char *
mc_incoming_file_name_for (const char *paper,
                           const char *extension)
{
  GString *name = g_string_new (NULL);

  for (const char *p = paper; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' ||
          c == '>' || c == '|' || g_unichar_iscntrl (c))
        g_string_append (name, " - ");
      else
        g_string_append_unichar (name, c);
      if (name->len > 120)
        break;
    }
  g_strstrip (name->str);
  g_string_set_size (name, strlen (name->str));
  if (name->len == 0 || name->str[0] == '.')
    g_string_prepend (name, _("Scan"));
  g_string_append_printf (name, ".%s", extension);
  return g_string_free (name, FALSE);
}

/* ---- importing --------------------------------------------------------- */

static char *
make_room (McContext   *context,
           const char  *name,
           GError     **error)
{
  char *path = mc_incoming_new_path (context, name);
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The file could not be kept in the data folder (%s). Check that the disk is not full."),
                   g_strerror (saved));
      g_free (path);
      return NULL;
    }
  return path;
}

static gpointer
import_func (McContext     *context,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  GFile *source = data;
  g_autofree char *mime = NULL;
  g_autofree char *base = g_file_get_basename (source);
  g_autofree char *path = NULL;
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GError) local_error = NULL;
  McIncomingFile *file;

  if (!mc_attachment_check_file (source, MC_INTAKE_MAX_ATTACHMENT_SIZE, &mime, error))
    return NULL;
  path = make_room (context, base, error);
  if (path == NULL)
    return NULL;
  dest = g_file_new_for_path (path);
  if (!g_file_copy (source, dest, G_FILE_COPY_NONE, cancellable, NULL, NULL, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("“%s” could not be copied: %s"), base, local_error->message);
      mc_incoming_remove_now (context, path);
      return NULL;
    }
  file = g_new0 (McIncomingFile, 1);
  file->path = g_steal_pointer (&path);
  file->name = g_steal_pointer (&base);
  file->mime_type = g_steal_pointer (&mime);
  return file;
}

void
mc_incoming_import_async (McContext           *context,
                          GFile               *source,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  mc_context_run_async (context, import_func, g_object_ref (source), g_object_unref,
                        (GDestroyNotify) mc_incoming_file_free, cancellable, callback, user_data);
}

McIncomingFile *
mc_incoming_import_finish (McContext     *context,
                           GAsyncResult  *result,
                           GError       **error)
{
  return mc_context_run_finish (context, result, error);
}

/* ---- scans ------------------------------------------------------------- */

typedef struct
{
  GPtrArray *pages;
  char      *name;
} PdfData;

static void
pdf_data_free (PdfData *d)
{
  g_ptr_array_unref (d->pages);
  g_free (d->name);
  g_free (d);
}

static gpointer
write_pdf_func (McContext     *context,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  PdfData *d = data;
  g_autofree char *path = make_room (context, d->name, error);
  McIncomingFile *file;

  if (path == NULL)
    return NULL;
  if (!mc_scan_write_pdf (d->pages, path, error))
    {
      mc_incoming_remove_now (context, path);
      return NULL;
    }
  file = g_new0 (McIncomingFile, 1);
  file->path = g_steal_pointer (&path);
  file->name = g_strdup (d->name);
  file->mime_type = g_strdup (MC_ATTACHMENT_MIME_PDF);
  return file;
}

void
mc_incoming_write_pdf_async (McContext           *context,
                             GPtrArray           *pages,
                             const char          *name,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  PdfData *d = g_new0 (PdfData, 1);

  /* The dialog stays busy while this runs: no page changes under it. */
  d->pages = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < pages->len; i++)
    g_ptr_array_add (d->pages, g_object_ref (g_ptr_array_index (pages, i)));
  d->name = g_path_get_basename (name);
  mc_context_run_async (context, write_pdf_func, d, (GDestroyNotify) pdf_data_free,
                        (GDestroyNotify) mc_incoming_file_free, cancellable, callback, user_data);
}

McIncomingFile *
mc_incoming_write_pdf_finish (McContext     *context,
                              GAsyncResult  *result,
                              GError       **error)
{
  return mc_context_run_finish (context, result, error);
}

/* ---- discarding -------------------------------------------------------- */

static gpointer
discard_func (McContext     *context,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  mc_incoming_remove_now (context, data);
  return GINT_TO_POINTER (TRUE);
}

void
mc_incoming_discard (McContext  *context,
                     const char *path)
{
  mc_context_run_async (context, discard_func, g_strdup (path), g_free, NULL, NULL, NULL, NULL);
}
