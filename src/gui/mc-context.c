/* mc-context.c — the services the desk's widgets share */
#define G_LOG_DOMAIN "motcua-gui"

#include "config.h"

#include "mc-context-private.h"
#include "mc-scan.h"
#include "mc-incoming.h"

G_DEFINE_FINAL_TYPE (McContext, mc_context, G_TYPE_OBJECT)

enum {
  STATION_CHANGED,
  DOSSIERS_CHANGED,
  CLERK_CHANGED,
  CALENDAR_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  McContextFunc   func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
} Job;

static void
job_free (Job *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  g_free (job);
}

/* Set on the reader thread to the context it reads for:
 * mc_context_get_store () then answers the read connection. */
static GPrivate reading_for;

static void
reader_func (gpointer data,
             gpointer user_data);

static void
worker_func (gpointer data,
             gpointer user_data)
{
  g_autoptr(GTask) task = data;
  McContext *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;

  result = job->func (self, job->data, g_task_get_cancellable (task), &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, job->result_free);
}

static void
reader_func (gpointer data,
             gpointer user_data)
{
  GTask *task = data;

  g_private_set (&reading_for, g_task_get_source_object (task));
  worker_func (data, user_data);
  g_private_set (&reading_for, NULL);
}

static void
mc_context_finalize (GObject *object)
{
  McContext *self = (McContext *) object;

  /* Normally done by mc_context_shutdown (), on the main thread. */
  _mc_context_stop_sync (self);
  /* mc_context_shutdown () drained the queue on the main thread. Never
   * wait here: the last reference may be dropped on the worker itself. */
  if (self->worker != NULL)
    g_thread_pool_free (self->worker, FALSE, FALSE);
  if (self->reader != NULL)
    g_thread_pool_free (self->reader, FALSE, FALSE);
  g_clear_object (&self->read_store);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->station, mc_station_free);
  g_clear_handle_id (&self->calendar_check_source, g_source_remove);
  g_clear_pointer (&self->old_calendars, g_ptr_array_unref);
  g_free (self->calendar_stamp);
  g_free (self->default_clerk);
  g_strfreev (self->recent_clerks);

  G_OBJECT_CLASS (mc_context_parent_class)->finalize (object);
}

static void
mc_context_class_init (McContextClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_context_finalize;

  signals[STATION_CHANGED] = g_signal_new ("station-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Emitted on the main thread after a dossier was saved or changed. */
  signals[DOSSIERS_CHANGED] = g_signal_new ("dossiers-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The clerk in effect changed (a switch, or the default set). */
  signals[CLERK_CHANGED] = g_signal_new ("clerk-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The calendar was loaded again (an edit, newer holiday data). */
  signals[CALENDAR_CHANGED] = g_signal_new ("calendar-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mc_context_init (McContext *self)
{
  self->worker = g_thread_pool_new (worker_func, NULL, 1, FALSE, NULL);
  self->reader = g_thread_pool_new (reader_func, NULL, 1, FALSE, NULL);
}

static void
push_job (McContext           *self,
          GThreadPool         *pool,
          McContextFunc        func,
          gpointer             task_data,
          GDestroyNotify       task_data_free,
          GDestroyNotify       result_free,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Job *job;

  if (pool == NULL)
    {
      g_task_set_source_tag (task, mc_context_run_async);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, "The desk is closing");
      g_object_unref (task);
      if (task_data_free != NULL && task_data != NULL)
        task_data_free (task_data);
      return;
    }

  job = g_new0 (Job, 1);
  job->func = func;
  job->data = task_data;
  job->data_free = task_data_free;
  job->result_free = result_free;
  g_task_set_source_tag (task, mc_context_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  g_thread_pool_push (pool, task, NULL);
}

void
mc_context_run_async (McContext           *self,
                      McContextFunc        func,
                      gpointer             task_data,
                      GDestroyNotify       task_data_free,
                      GDestroyNotify       result_free,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  push_job (self, self->worker, func, task_data, task_data_free, result_free, cancellable, callback, user_data);
}

void
mc_context_read_async (McContext           *self,
                       McContextFunc        func,
                       gpointer             task_data,
                       GDestroyNotify       task_data_free,
                       GDestroyNotify       result_free,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  /* Before the read connection is open (or if it could not be), reads
   * queue with the writes as before. */
  push_job (self, self->read_store != NULL ? self->reader : self->worker,
            func, task_data, task_data_free, result_free, cancellable, callback, user_data);
}

gpointer
mc_context_run_finish (McContext     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_mc_context_emit_dossiers_changed (McContext *self)
{
  g_signal_emit (self, signals[DOSSIERS_CHANGED], 0);
}

void
_mc_context_emit_clerk_changed (McContext *self)
{
  g_signal_emit (self, signals[CLERK_CHANGED], 0);
}

void
_mc_context_emit_calendar_changed (McContext *self)
{
  g_signal_emit (self, signals[CALENDAR_CHANGED], 0);
}

/* Opening: on a plain GTask thread, as there is no context yet. */

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *data_dir = task_data;
  g_autoptr(McContext) self = g_object_new (MC_TYPE_CONTEXT, NULL);
  g_autoptr(GError) error = NULL;

  self->store = mc_store_open (data_dir, &error);
  if (self->store == NULL)
    goto fail;
  self->read_store = mc_store_open_reader (self->store, &error);
  if (self->read_store == NULL)
    goto fail;
  self->catalog = mc_store_load_catalog (self->store, &error);
  if (self->catalog == NULL)
    goto fail;
  if (!_mc_context_reload_calendar (self, TRUE, &error))
    goto fail;
  self->default_clerk = mc_store_get_clerk (self->store);
  self->recent_clerks = mc_store_get_recent_clerks (self->store);
  /* Not set up yet is the first run, not an error. */
  self->station = mc_store_get_station (self->store, NULL);
  /* Scan sessions autosaved long ago, or too many: keep the disk in check
   * (a week, 500 MB; the newest session is always kept). */
  mc_scan_sessions_cleanup (data_dir, 500 * 1024 * 1024, 7 * 24 * 3600, NULL);

  g_task_return_pointer (task, g_steal_pointer (&self), g_object_unref);
  return;

fail:
  g_task_return_error (task, g_steal_pointer (&error));
}

void
mc_context_open_async (const char          *data_dir,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, mc_context_open_async);
  g_task_set_task_data (task, g_strdup (data_dir), g_free);
  g_task_run_in_thread (task, open_thread);
}

McContext *
mc_context_open_finish (GAsyncResult  *result,
                        GError       **error)
{
  McContext *self = g_task_propagate_pointer (G_TASK (result), error);

  if (self != NULL && self->sync_agent == NULL)
    _mc_context_start_sync (self);
  return self;
}

void
mc_context_shutdown (McContext *self)
{
  g_return_if_fail (MC_IS_CONTEXT (self));

  /* First the uploads: an upload in flight is cut and resumes next time. */
  _mc_context_stop_sync (self);
  if (self->reader != NULL)
    g_thread_pool_free (g_steal_pointer (&self->reader), FALSE, TRUE);
  if (self->worker == NULL)
    return;
  g_thread_pool_free (g_steal_pointer (&self->worker), FALSE, TRUE);
}

McStore *
mc_context_get_store (McContext *self)
{
  g_return_val_if_fail (MC_IS_CONTEXT (self), NULL);
  if (self->read_store != NULL && g_private_get (&reading_for) == self)
    return self->read_store;
  return self->store;
}

McCatalog *
mc_context_get_catalog (McContext *self)
{
  g_return_val_if_fail (MC_IS_CONTEXT (self), NULL);
  return self->catalog;
}

McCalendar *
mc_context_get_calendar (McContext *self)
{
  g_return_val_if_fail (MC_IS_CONTEXT (self), NULL);
  /* Replaced on the worker when reloaded; the old one stays alive. */
  return g_atomic_pointer_get (&self->calendar);
}

const McStation *
mc_context_get_station (McContext *self)
{
  g_return_val_if_fail (MC_IS_CONTEXT (self), NULL);
  return self->station;
}

/* Station */

typedef struct
{
  char  *code;
  char  *name;
  guint  station;
} StationData;

static void
station_data_free (StationData *d)
{
  g_free (d->code);
  g_free (d->name);
  g_free (d);
}

static gpointer
set_station_func (McContext     *self,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  StationData *d = data;

  if (!mc_store_set_station (self->store, d->code, d->name, d->station, error))
    return NULL;
  return mc_store_get_station (self->store, error);
}

void
mc_context_set_station_async (McContext           *self,
                              const char          *agency_code,
                              const char          *agency_name,
                              guint                station,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  StationData *d = g_new0 (StationData, 1);

  d->code = g_strdup (agency_code);
  d->name = g_strdup (agency_name);
  d->station = station;
  mc_context_run_async (self, set_station_func, d, (GDestroyNotify) station_data_free,
                        (GDestroyNotify) mc_station_free, cancellable, callback, user_data);
}

gboolean
mc_context_set_station_finish (McContext     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  McStation *station = mc_context_run_finish (self, result, error);

  if (station == NULL)
    return FALSE;
  g_clear_pointer (&self->station, mc_station_free);
  self->station = station;
  g_signal_emit (self, signals[STATION_CHANGED], 0);
  return TRUE;
}

/* Receiving and correcting */

typedef struct
{
  McDossier *dossier;
  GPtrArray *paths;
  char      *draft_uuid;
  char      *reason;
} SaveData;

static void
save_data_free (SaveData *d)
{
  g_clear_object (&d->dossier);
  g_clear_pointer (&d->paths, g_ptr_array_unref);
  g_free (d->draft_uuid);
  g_free (d->reason);
  g_free (d);
}

/* Called on the worker after a write committed that queued outbox work
 * (a dossier saved or corrected, an action, an attachment): every view
 * refreshes, even if the widget that asked for the write has gone
 * meanwhile, and the agent looks at the outbox again. */
static gboolean
emit_changed_and_kick_cb (gpointer user_data)
{
  McContext *self = user_data;

  g_signal_emit (self, signals[DOSSIERS_CHANGED], 0);
  mc_context_kick_sync (self);
  return G_SOURCE_REMOVE;
}

void
_mc_context_queued_work_later (McContext *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, emit_changed_and_kick_cb, g_object_ref (self), g_object_unref);
}

static gpointer
receive_func (McContext     *self,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  SaveData *d = data;
  g_autoptr(GError) reload_error = NULL;

  /* An edit recorded or holiday data imported by another program (the
   * CLI) counts from the next dossier on, as the desk's own do. */
  if (!_mc_context_reload_calendar (self, FALSE, &reload_error))
    g_warning ("The calendar could not be loaded again: %s", reload_error->message);
  if (!mc_intake_receive (self->store, self->catalog, self->calendar, d->dossier, d->paths,
                          d->draft_uuid, cancellable, error))
    return NULL;
  _mc_context_queued_work_later (self);
  return GINT_TO_POINTER (TRUE);
}

void
mc_context_receive_async (McContext           *self,
                          McDossier           *dossier,
                          GPtrArray           *attachment_paths,
                          const char          *draft_uuid,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  SaveData *d = g_new0 (SaveData, 1);

  d->dossier = g_object_ref (dossier);
  d->paths = attachment_paths != NULL ? g_ptr_array_ref (attachment_paths) : NULL;
  d->draft_uuid = g_strdup (draft_uuid);
  mc_context_run_async (self, receive_func, d, (GDestroyNotify) save_data_free, NULL,
                        cancellable, callback, user_data);
}

static gboolean
finish_change (McContext     *self,
               GAsyncResult  *result,
               GError       **error)
{
  /* "dossiers-changed" was already queued by the worker. */
  return mc_context_run_finish (self, result, error) != NULL;
}

gboolean
mc_context_receive_finish (McContext     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return finish_change (self, result, error);
}

static gpointer
update_func (McContext     *self,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  SaveData *d = data;

  if (!mc_store_update_dossier (self->store, d->dossier, mc_core_get_actor (), d->reason, error))
    return NULL;
  _mc_context_queued_work_later (self);
  return GINT_TO_POINTER (TRUE);
}

void
mc_context_update_async (McContext           *self,
                         McDossier           *dossier,
                         const char          *reason,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  SaveData *d = g_new0 (SaveData, 1);

  d->dossier = g_object_ref (dossier);
  d->reason = g_strdup (reason);
  mc_context_run_async (self, update_func, d, (GDestroyNotify) save_data_free, NULL,
                        cancellable, callback, user_data);
}

gboolean
mc_context_update_finish (McContext     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return finish_change (self, result, error);
}

/* The desk's decisions */

typedef struct
{
  char         *uuid;
  McDeskAction  action;
  char         *reason;
  char         *new_due_date;
} ActionData;

static void
action_data_free (ActionData *d)
{
  g_free (d->uuid);
  g_free (d->reason);
  g_free (d->new_due_date);
  g_free (d);
}

static gpointer
record_action_func (McContext     *self,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  ActionData *d = data;

  if (!mc_store_record_desk_action (self->store, d->uuid, d->action, d->reason, d->new_due_date,
                                    mc_core_get_actor (), error))
    return NULL;
  _mc_context_queued_work_later (self);
  return GINT_TO_POINTER (TRUE);
}

void
mc_context_record_action_async (McContext           *self,
                                const char          *uuid,
                                McDeskAction         action,
                                const char          *reason,
                                const char          *new_due_date,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ActionData *d = g_new0 (ActionData, 1);

  d->uuid = g_strdup (uuid);
  d->action = action;
  d->reason = g_strdup (reason);
  d->new_due_date = g_strdup (new_due_date);
  mc_context_run_async (self, record_action_func, d, (GDestroyNotify) action_data_free, NULL,
                        cancellable, callback, user_data);
}

gboolean
mc_context_record_action_finish (McContext     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish_change (self, result, error);
}

/* Handing the result over */

static gpointer
record_return_func (McContext     *self,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  char **d = data;   /* uuid, received_by, note */

  if (!mc_store_record_return (self->store, d[0], d[1], d[2], mc_core_get_actor (), error))
    return NULL;
  _mc_context_queued_work_later (self);
  return GINT_TO_POINTER (TRUE);
}

void
mc_context_record_return_async (McContext           *self,
                                const char          *uuid,
                                const char          *received_by,
                                const char          *note,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  char **d = g_new0 (char *, 4);

  d[0] = g_strdup (uuid);
  d[1] = g_strdup (received_by);
  d[2] = g_strdup (note);
  mc_context_run_async (self, record_return_func, d, (GDestroyNotify) g_strfreev, NULL, cancellable, callback,
                        user_data);
}

gboolean
mc_context_record_return_finish (McContext     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish_change (self, result, error);
}

/* Attaching a file to a saved dossier */

typedef struct
{
  char *uuid;
  char *path;
  char *paper;
} AttachData;

static void
attach_data_free (AttachData *d)
{
  g_free (d->uuid);
  g_free (d->path);
  g_free (d->paper);
  g_free (d);
}

static gpointer
attach_func (McContext     *self,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  AttachData *d = data;
  g_autoptr(GFile) file = g_file_new_for_path (d->path);
  McAttachment *a;

  a = mc_store_add_attachment (self->store, d->uuid, file, d->paper, mc_core_get_actor (), cancellable, error);
  if (a == NULL)
    return NULL;
  /* The blob now holds it: the copy kept for a crash can go. */
  mc_incoming_remove_now (self, d->path);
  _mc_context_queued_work_later (self);
  return a;
}

void
mc_context_attach_async (McContext           *self,
                         const char          *uuid_or_code,
                         const char          *path,
                         const char          *paper,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  AttachData *d = g_new0 (AttachData, 1);

  d->uuid = g_strdup (uuid_or_code);
  d->path = g_strdup (path);
  d->paper = g_strdup (paper);
  mc_context_run_async (self, attach_func, d, (GDestroyNotify) attach_data_free,
                        (GDestroyNotify) mc_attachment_free, cancellable, callback, user_data);
}

McAttachment *
mc_context_attach_finish (McContext     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return mc_context_run_finish (self, result, error);
}

/* Loading one dossier */

typedef struct
{
  McDossier *dossier;
  GPtrArray *events;
} Loaded;

static void
loaded_free (Loaded *l)
{
  g_clear_object (&l->dossier);
  g_clear_pointer (&l->events, g_ptr_array_unref);
  g_free (l);
}

static gpointer
load_func (McContext     *self,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(McDossier) dossier = mc_store_load_dossier (self->store, data, error);
  Loaded *l;

  if (dossier == NULL)
    return NULL;
  l = g_new0 (Loaded, 1);
  l->events = mc_store_list_events (self->store, mc_dossier_get_uuid (dossier), error);
  if (l->events == NULL)
    {
      loaded_free (l);
      return NULL;
    }
  l->dossier = g_steal_pointer (&dossier);
  return l;
}

void
mc_context_load_async (McContext           *self,
                       const char          *uuid_or_code,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  mc_context_run_async (self, load_func, g_strdup (uuid_or_code), g_free, (GDestroyNotify) loaded_free,
                        cancellable, callback, user_data);
}

McDossier *
mc_context_load_finish (McContext     *self,
                        GAsyncResult  *result,
                        GPtrArray    **out_events,
                        GError       **error)
{
  Loaded *l = mc_context_run_finish (self, result, error);
  McDossier *dossier;

  if (l == NULL)
    return NULL;
  dossier = g_steal_pointer (&l->dossier);
  if (out_events != NULL)
    *out_events = g_steal_pointer (&l->events);
  loaded_free (l);
  return dossier;
}
