/* mc-context-drafts.c — the context's drafts: what the clerk typed, saved
 * on the worker thread a moment after each change, and deleted once the
 * dossier is saved */
#define G_LOG_DOMAIN "motcua-gui"

#include "config.h"

#include "mc-context-private.h"

typedef struct
{
  char *uuid;
  char *data;
} DraftData;

static void
draft_data_free (DraftData *d)
{
  g_free (d->uuid);
  g_free (d->data);
  g_free (d);
}

static gpointer
save_draft_func (McContext     *self,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  DraftData *d = data;

  if (!mc_store_save_draft (self->store, d->uuid, d->data, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
log_draft_error_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!mc_context_save_draft_finish (MC_CONTEXT (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not autosave the draft: %s", error->message);
}

void
mc_context_save_draft_async (McContext           *self,
                             const char          *uuid,
                             const char          *data,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  DraftData *d = g_new0 (DraftData, 1);

  d->uuid = g_strdup (uuid);
  d->data = g_strdup (data);
  mc_context_run_async (self, save_draft_func, d, (GDestroyNotify) draft_data_free, NULL, cancellable,
                        callback != NULL ? callback : log_draft_error_cb, user_data);
}

gboolean
mc_context_save_draft_finish (McContext     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return mc_context_run_finish (self, result, error) != NULL;
}

static gpointer
delete_draft_func (McContext     *self,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  if (!mc_store_delete_draft (self->store, data, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

void
mc_context_delete_draft_async (McContext           *self,
                               const char          *uuid,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  mc_context_run_async (self, delete_draft_func, g_strdup (uuid), g_free, NULL, cancellable,
                        callback != NULL ? callback : log_draft_error_cb, user_data);
}

gboolean
mc_context_delete_draft_finish (McContext     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return mc_context_run_finish (self, result, error) != NULL;
}

static gpointer
list_drafts_func (McContext     *self,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  return mc_store_list_drafts (self->store, error);
}

void
mc_context_list_drafts_async (McContext           *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  mc_context_run_async (self, list_drafts_func, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                        cancellable, callback, user_data);
}

GPtrArray *
mc_context_list_drafts_finish (McContext     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return mc_context_run_finish (self, result, error);
}
