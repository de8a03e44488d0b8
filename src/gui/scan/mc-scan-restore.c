/* mc-scan-restore.c — scanned pages a crash left behind, offered back */
#define G_LOG_DOMAIN "motcua-scan"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mc-incoming.h"
#include "mc-scan-restore.h"
#include "mc-scan.h"
#include "mc-window.h"

#define HELD_KEY "mc-scan-restored"

/* Time for the receiver of a PDF to have its draft saved (the intake form
 * autosaves one second after a change) before the pages' session goes. */
#define HANDED_OVER_DELAY_S 5

typedef struct
{
  GPtrArray *pages;   /* McPage */
  GStrv      dirs;
} Held;

static void
held_free (Held *held)
{
  g_ptr_array_unref (held->pages);
  g_strfreev (held->dirs);
  g_free (held);
}

/* ---- finding what was left (on the worker) ---------------------------- */

typedef struct
{
  GPtrArray *sessions;  /* McScanSessionInfo */
  guint      n_pages;
} Found;

static void
found_free (Found *found)
{
  g_ptr_array_unref (found->sessions);
  g_free (found);
}

/* incoming/<random>/<name>: the random folder name is plain ASCII, so a
 * draft names the file if its JSON text holds that name, however the
 * rest of the path was escaped. */
static gboolean
is_named_cb (const char *path,
             gpointer    user_data)
{
  GString *drafts = user_data;
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *random = g_path_get_basename (folder);

  return strlen (random) >= 16 && strstr (drafts->str, random) != NULL;
}

/* Newest modification time of the files of @dir (0 if none). */
static gint64
newest_mtime (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  gint64 newest = 0;
  GStatBuf st;

  if (g_stat (dir, &st) == 0)
    newest = st.st_mtime;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      if (g_stat (file, &st) == 0)
        newest = MAX (newest, (gint64) st.st_mtime);
    }
  return newest;
}

/* Folders of incoming/ no draft names, older than the sessions' cap. */
static void
sweep_incoming (const char *data_dir,
                GString    *drafts)
{
  g_autofree char *incoming = g_build_filename (data_dir, "incoming", NULL);
  g_autoptr(GDir) d = g_dir_open (incoming, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *folder = g_build_filename (incoming, name, NULL);
      g_autoptr(GDir) files = NULL;
      const char *file;

      if (!g_file_test (folder, G_FILE_TEST_IS_DIR) || strstr (drafts->str, name) != NULL ||
          now - newest_mtime (folder) <= MC_SCAN_SESSIONS_MAX_AGE_S)
        continue;
      files = g_dir_open (folder, 0, NULL);
      while (files != NULL && (file = g_dir_read_name (files)) != NULL)
        {
          g_autofree char *path = g_build_filename (folder, file, NULL);
          g_unlink (path);
        }
      if (g_rmdir (folder) == 0)
        g_debug ("removed %s: no draft names it, and it is old", folder);
    }
}

static gpointer
check_func (McContext     *context,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  McStore *store = mc_context_get_store (context);
  const char *data_dir = mc_store_get_data_dir (store);
  g_autoptr(GPtrArray) drafts = mc_store_list_drafts (store, error);
  g_autoptr(GString) named = g_string_new (NULL);
  Found *found;

  /* Without the drafts nothing can be told apart: leave all as it is. */
  if (drafts == NULL)
    return NULL;
  for (guint i = 0; i < drafts->len; i++)
    g_string_append (named, ((McDraft *) g_ptr_array_index (drafts, i))->data);

  found = g_new0 (Found, 1);
  found->sessions = mc_scan_sessions_find_left_over (data_dir, is_named_cb, named);
  for (guint i = 0; i < found->sessions->len; i++)
    found->n_pages += ((McScanSessionInfo *) g_ptr_array_index (found->sessions, i))->n_pages;
  sweep_incoming (data_dir, named);
  return found;
}

/* ---- loading and discarding (on the worker) --------------------------- */

static gpointer
load_func (McContext     *context,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  GStrv dirs = data;
  Held *held = g_new0 (Held, 1);

  held->pages = g_ptr_array_new_with_free_func (g_object_unref);
  held->dirs = g_strdupv (dirs);
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) pages = mc_scan_session_restore (dirs[i], error);

      if (pages == NULL)
        {
          held_free (held);
          return NULL;
        }
      g_ptr_array_extend_and_steal (held->pages, g_steal_pointer (&pages));
    }
  return held;
}

static gpointer
forget_func (McContext     *context,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  GStrv dirs = data;

  for (guint i = 0; dirs[i] != NULL; i++)
    if (!mc_scan_session_remove (dirs[i]))
      g_debug ("Could not remove the scan session %s", dirs[i]);
  return GINT_TO_POINTER (TRUE);
}

typedef struct
{
  GStrv  dirs;
  char  *key;
  char  *value;
} Note;

static void
note_free (Note *note)
{
  g_strfreev (note->dirs);
  g_free (note->key);
  g_free (note->value);
  g_free (note);
}

static gpointer
note_func (McContext     *context,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Note *note = data;

  for (guint i = 0; note->dirs[i] != NULL; i++)
    {
      g_autoptr(GError) local = NULL;

      if (!mc_scan_session_set_note (note->dirs[i], note->key, note->value, &local))
        g_debug ("%s", local->message);
    }
  return GINT_TO_POINTER (TRUE);
}

static void
add_note (McContext          *context,
          const char * const *dirs,
          const char         *key,
          const char         *value)
{
  Note *note = g_new0 (Note, 1);

  note->dirs = g_strdupv ((GStrv) dirs);
  note->key = g_strdup (key);
  note->value = g_strdup (value);
  mc_context_run_async (context, note_func, note, (GDestroyNotify) note_free, NULL, NULL, NULL, NULL);
}

/* ---- the offer (main thread) ------------------------------------------ */

static void
toast (GtkWindow  *window,
       const char *message)
{
  if (MC_IS_WINDOW (window))
    mc_window_toast (MC_WINDOW (window), message);
}

typedef struct
{
  GtkWindow *window;   /* weak */
  McContext *context;
  GStrv      dirs;
  gboolean   answered;
} Offer;

static void
offer_free (Offer *offer)
{
  g_clear_weak_pointer (&offer->window);
  g_clear_object (&offer->context);
  g_strfreev (offer->dirs);
  g_free (offer);
}

static Offer *
offer_copy (Offer *offer)
{
  Offer *copy = g_new0 (Offer, 1);

  g_set_weak_pointer (&copy->window, offer->window);
  copy->context = g_object_ref (offer->context);
  copy->dirs = g_strdupv (offer->dirs);
  return copy;
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Offer *offer = user_data;
  g_autoptr(GError) error = NULL;
  Held *held = mc_context_run_finish (MC_CONTEXT (source), result, &error);
  g_autofree char *message = NULL;

  if (held == NULL)
    message = g_strdup_printf (_("The scanned pages could not be restored: %s"), error->message);
  else
    {
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u scanned page is back: press Scan on the paper it belongs to",
                                              "%u scanned pages are back: press Scan on the paper they belong to",
                                              held->pages->len),
                                 held->pages->len);
      g_object_set_data_full (G_OBJECT (offer->context), HELD_KEY, held, (GDestroyNotify) held_free);
    }
  if (offer->window != NULL)
    toast (offer->window, message);
  offer_free (offer);
}

static void
on_offer_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      Offer            *offer)
{
  /* Closing after a response may bring the close response too. */
  if (offer->answered)
    return;
  offer->answered = TRUE;
  if (g_str_equal (response, "restore"))
    mc_context_run_async (offer->context, load_func, g_strdupv (offer->dirs), (GDestroyNotify) g_strfreev,
                          (GDestroyNotify) held_free, NULL, loaded_cb, offer_copy (offer));
  else if (g_str_equal (response, "discard"))
    {
      mc_scan_restore_forget (offer->context, (const char * const *) offer->dirs);
      if (offer->window != NULL)
        toast (offer->window, _("The scanned pages were discarded"));
    }
  /* "later": they stay, and come back at the next start (for a week). */
}

static void
offer (GtkWindow *window,
       McContext *context,
       Found     *found)
{
  g_autoptr(GPtrArray) dirs = g_ptr_array_new ();
  g_autoptr(GString) papers = g_string_new (NULL);
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *body = NULL;
  McScanSessionInfo *newest = g_ptr_array_index (found->sessions, found->sessions->len - 1);
  Offer *o = g_new0 (Offer, 1);
  GtkWidget *dialog;

  for (guint i = 0; i < found->sessions->len; i++)
    {
      McScanSessionInfo *info = g_ptr_array_index (found->sessions, i);

      g_ptr_array_add (dirs, g_strdup (info->dir));
      if (info->paper != NULL && strstr (papers->str, info->paper) == NULL)
        g_string_append_printf (papers, "%s“%s”", papers->len > 0 ? ", " : "", info->paper);
    }
  g_ptr_array_add (dirs, NULL);

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Pages scanned before the desk closed: %u page",
                                          "Pages scanned before the desk closed: %u pages", found->n_pages),
                             found->n_pages);
  when = g_date_time_new_from_unix_local (newest->mtime);
  stamp = g_date_time_format (when, "%H:%M %d/%m/%Y");
  body = papers->len > 0
         ? g_strdup_printf (_("Scanned at %s for %s, and not yet attached to a dossier. Restore them to check "
                              "them and attach them to their paper, or discard them."), stamp, papers->str)
         : g_strdup_printf (_("Scanned at %s, and not yet attached to a dossier. Restore them to check them and "
                              "attach them to their paper, or discard them."), stamp);

  dialog = adw_message_dialog_new (window, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "discard", _("_Discard"),
                                    "later", _("_Later"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");

  g_set_weak_pointer (&o->window, window);
  o->context = g_object_ref (context);
  o->dirs = (GStrv) g_ptr_array_free (g_steal_pointer (&dirs), FALSE);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_offer_response_cb), o,
                         (GClosureNotify) (void (*) (void)) offer_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GtkWindow) window = user_data;
  g_autoptr(GError) error = NULL;
  Found *found = mc_context_run_finish (MC_CONTEXT (source), result, &error);

  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
        g_debug ("Could not look for scanned pages left behind: %s", error->message);
      return;
    }
  /* Not over a window that is going away (the desk quitting). */
  if (found->n_pages > 0 && gtk_widget_get_visible (GTK_WIDGET (window)))
    offer (window, MC_CONTEXT (source), found);
  found_free (found);
}

/* ---- public API ------------------------------------------------------- */

void
mc_scan_restore_check (GtkWindow *window,
                       McContext *context)
{
  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (MC_IS_CONTEXT (context));

  mc_context_run_async (context, check_func, NULL, NULL, (GDestroyNotify) found_free, NULL,
                        checked_cb, g_object_ref (window));
}

gboolean
mc_scan_restore_take (McContext  *context,
                      GPtrArray **out_pages,
                      GStrv      *out_dirs)
{
  Held *held;

  g_return_val_if_fail (MC_IS_CONTEXT (context), FALSE);
  held = g_object_steal_data (G_OBJECT (context), HELD_KEY);
  if (held == NULL)
    return FALSE;
  *out_pages = g_steal_pointer (&held->pages);
  *out_dirs = g_steal_pointer (&held->dirs);
  g_free (held);
  return TRUE;
}

void
mc_scan_restore_note_paper (McContext  *context,
                            const char *dir,
                            const char *paper)
{
  const char *dirs[] = { dir, NULL };

  g_return_if_fail (MC_IS_CONTEXT (context));
  if (dir != NULL && paper != NULL)
    add_note (context, dirs, "paper", paper);
}

typedef struct
{
  McContext *context;
  GStrv      dirs;
} Later;

static gboolean
forget_later_cb (gpointer user_data)
{
  Later *later = user_data;

  mc_scan_restore_forget (later->context, (const char * const *) later->dirs);
  return G_SOURCE_REMOVE;
}

static void
later_free (Later *later)
{
  g_object_unref (later->context);
  g_strfreev (later->dirs);
  g_free (later);
}

void
mc_scan_restore_handed_over (McContext          *context,
                             const char * const *dirs,
                             const char         *incoming_path)
{
  Later *later;

  g_return_if_fail (MC_IS_CONTEXT (context));
  if (dirs == NULL || dirs[0] == NULL)
    return;
  add_note (context, dirs, "incoming", incoming_path);
  later = g_new0 (Later, 1);
  later->context = g_object_ref (context);
  later->dirs = g_strdupv ((GStrv) dirs);
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, HANDED_OVER_DELAY_S, forget_later_cb, later,
                              (GDestroyNotify) later_free);
}

void
mc_scan_restore_forget (McContext          *context,
                        const char * const *dirs)
{
  g_return_if_fail (MC_IS_CONTEXT (context));
  if (dirs == NULL || dirs[0] == NULL)
    return;
  mc_context_run_async (context, forget_func, g_strdupv ((GStrv) dirs), (GDestroyNotify) g_strfreev,
                        NULL, NULL, NULL, NULL);
}
