/* mc-context-sync.c — the context's uploads: the agent, its news
 * coalesced for the views, and the server's enrolment */
#define G_LOG_DOMAIN "motcua-gui"

#include "config.h"

#include <string.h>

#include "mc-context-private.h"

/* A batch of 100 dossiers going up must not read the list 100 times. */
#define SYNC_CHANGED_DELAY_MS 300

static gboolean
emit_sync_changed_cb (gpointer user_data)
{
  McContext *self = user_data;

  self->sync_changed_source = 0;
  _mc_context_emit_dossiers_changed (self);
  return G_SOURCE_REMOVE;
}

static void
on_sync_dossier_changed_cb (McSyncAgent *agent,
                            const char  *uuid,
                            McContext   *self)
{
  /* The first change is shown within the delay; those that follow
   * meanwhile ride along with it. */
  if (self->sync_changed_source == 0)
    self->sync_changed_source = g_timeout_add (SYNC_CHANGED_DELAY_MS, emit_sync_changed_cb, self);
}

/* On the main thread: the agent reports on the main context it is
 * created in. */
/* Uploads can wait a moment: starting the agent's thread (keyring lookup,
 * network monitor, first probe) while the window draws its first frame
 * would only slow the start-up the clerk sees. */
#define SYNC_START_DELAY_MS 1500

static gboolean
start_agent_cb (gpointer user_data)
{
  McContext *self = user_data;

  self->sync_start_source = 0;
  mc_sync_agent_start (self->sync_agent);
  return G_SOURCE_REMOVE;
}

/* A sync may have brought other holiday data: the calendar looks. */
static void
on_sync_status_changed_cb (McSyncAgent *agent,
                           McContext   *self)
{
  _mc_context_check_calendar_later (self);
}

void
_mc_context_start_sync (McContext *self)
{
  self->sync_agent = mc_sync_agent_new (self->store);
  g_signal_connect (self->sync_agent, "dossier-changed", G_CALLBACK (on_sync_dossier_changed_cb), self);
  g_signal_connect (self->sync_agent, "status-changed", G_CALLBACK (on_sync_status_changed_cb), self);
  self->sync_start_source = g_timeout_add (SYNC_START_DELAY_MS, start_agent_cb, self);
}

void
_mc_context_stop_sync (McContext *self)
{
  g_clear_handle_id (&self->sync_changed_source, g_source_remove);
  g_clear_handle_id (&self->sync_start_source, g_source_remove);
  g_clear_handle_id (&self->calendar_check_source, g_source_remove);
  if (self->sync_agent == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->sync_agent, self);
  mc_sync_agent_stop (self->sync_agent);
  g_clear_object (&self->sync_agent);
}

McSyncAgent *
mc_context_get_sync_agent (McContext *self)
{
  g_return_val_if_fail (MC_IS_CONTEXT (self), NULL);
  return self->sync_agent;
}

void
mc_context_kick_sync (McContext *self)
{
  g_return_if_fail (MC_IS_CONTEXT (self));
  if (self->sync_agent != NULL)
    mc_sync_agent_kick (self->sync_agent);
}

typedef struct
{
  char *url;
  char *token;
  char *ca_file;
} EnrolData;

static void
enrol_data_free (EnrolData *d)
{
  g_free (d->url);
  /* The token is a secret: do not leave it in freed memory. */
  if (d->token != NULL)
    memset (d->token, 0, strlen (d->token));
  g_free (d->token);
  g_free (d->ca_file);
  g_free (d);
}

/* On a thread of its own, not the worker: the server may take its time
 * to answer, and autosaves must not wait behind it. */
static void
enrol_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  McContext *self = source;
  EnrolData *d = task_data;
  g_autofree char *label = NULL;
  GError *error = NULL;

  if (!mc_sync_enrol (self->store, d->url, d->token, d->ca_file, MC_SYNC_TOKEN_SECRET_SERVICE,
                      cancellable, &label, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_atomic_int_set (&self->token_in_file, mc_sync_token_in_file (self->store));
  g_task_return_pointer (task, label != NULL ? g_steal_pointer (&label) : g_strdup (""), g_free);
}

void
mc_context_enrol_async (McContext           *self,
                        const char          *server_url,
                        const char          *token,
                        const char          *ca_file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  EnrolData *d = g_new0 (EnrolData, 1);

  g_return_if_fail (MC_IS_CONTEXT (self));
  d->url = g_strdup (server_url);
  d->token = g_strdup (token);
  d->ca_file = ca_file != NULL && *ca_file != '\0' ? g_strdup (ca_file) : NULL;
  g_task_set_source_tag (task, mc_context_enrol_async);
  g_task_set_task_data (task, d, (GDestroyNotify) enrol_data_free);
  g_task_run_in_thread (task, enrol_thread);
}

char *
mc_context_enrol_finish (McContext     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  char *label;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  label = g_task_propagate_pointer (G_TASK (result), error);
  /* A new server, or a new token: the agent probes again. */
  if (label != NULL)
    mc_context_kick_sync (self);
  return label;
}

static void
unenrol_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  McContext *self = source;
  GError *error = NULL;

  if (!mc_sync_unenrol (self->store, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
mc_context_unenrol_async (McContext           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (MC_IS_CONTEXT (self));
  g_task_set_source_tag (task, mc_context_unenrol_async);
  /* libsecret talks to the Secret Service over D-Bus. */
  g_task_run_in_thread (task, unenrol_thread);
}

gboolean
mc_context_unenrol_finish (McContext     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  ok = g_task_propagate_boolean (G_TASK (result), error);
  if (ok)
    mc_context_kick_sync (self);
  return ok;
}

static gpointer
get_server_func (McContext     *self,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  /* NULL is an answer here (not enrolled): a string either way. */
  char *url = mc_sync_get_server_url (self->store);

  g_atomic_int_set (&self->token_in_file, url != NULL && mc_sync_token_in_file (self->store));
  return url != NULL ? url : g_strdup ("");
}

gboolean
mc_context_get_token_in_file (McContext *self)
{
  g_return_val_if_fail (MC_IS_CONTEXT (self), FALSE);
  return g_atomic_int_get (&self->token_in_file) != 0;
}

void
mc_context_get_server_async (McContext           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  mc_context_run_async (self, get_server_func, NULL, NULL, g_free, cancellable, callback, user_data);
}

char *
mc_context_get_server_finish (McContext     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autofree char *url = mc_context_run_finish (self, result, error);

  if (url == NULL || *url == '\0')
    return NULL;
  return g_steal_pointer (&url);
}

static gpointer
requeue_func (McContext     *self,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  if (!mc_store_requeue (self->store, data, mc_core_get_actor (), error))
    return NULL;
  _mc_context_queued_work_later (self);
  return GINT_TO_POINTER (TRUE);
}

void
mc_context_requeue_async (McContext           *self,
                          const char          *uuid,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  mc_context_run_async (self, requeue_func, g_strdup (uuid), g_free, NULL, cancellable, callback, user_data);
}

gboolean
mc_context_requeue_finish (McContext     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return mc_context_run_finish (self, result, error) != NULL;
}

static gpointer
outbox_item_func (McContext     *self,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GPtrArray) items = mc_store_list_outbox (self->store, error);

  if (items == NULL)
    return NULL;
  for (guint i = 0; i < items->len; i++)
    {
      McOutboxItem *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (item->uuid, data) == 0)
        return g_ptr_array_steal_index (items, i);
    }
  return NULL;
}

void
mc_context_outbox_item_async (McContext           *self,
                              const char          *uuid,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  mc_context_run_async (self, outbox_item_func, g_strdup (uuid), g_free, (GDestroyNotify) mc_outbox_item_free,
                        cancellable, callback, user_data);
}

McOutboxItem *
mc_context_outbox_item_finish (McContext     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return mc_context_run_finish (self, result, error);
}
