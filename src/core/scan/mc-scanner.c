/* mc-scanner.c — the scanner service: one worker thread for every sane_* call
 *
 * Requests (list devices, scan, quit) go into a GAsyncQueue; the worker
 * takes them one at a time and answers on the GMainContext that was
 * thread-default when the request was made, through idle sources attached
 * in order — so every "page-done" of a scan is emitted before its GTask
 * completes.
 */
#define G_LOG_DOMAIN "motcua-scan"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-scan.h"
#include "mc-scan-private.h"

/* ---- Devices and presets ------------------------------------------------ */

McScanDevice *
mc_scan_device_copy (const McScanDevice *device)
{
  McScanDevice *copy;

  g_return_val_if_fail (device != NULL, NULL);
  copy = g_new0 (McScanDevice, 1);
  copy->name = g_strdup (device->name);
  copy->vendor = g_strdup (device->vendor);
  copy->model = g_strdup (device->model);
  copy->type = g_strdup (device->type);
  copy->has_adf = device->has_adf;
  copy->has_duplex = device->has_duplex;
  return copy;
}

G_DEFINE_BOXED_TYPE (McScanDevice, mc_scan_device, mc_scan_device_copy, mc_scan_device_free)

static const struct
{
  const char *label;
  int         resolution;
  gboolean    color;
} presets[MC_SCAN_N_PRESETS] = {
  [MC_SCAN_PRESET_DOCUMENT] = { N_("Document"), 200, FALSE },
  [MC_SCAN_PRESET_COLOR_DOCUMENT] = { N_("Colour document"), 200, TRUE },
  [MC_SCAN_PRESET_PHOTO] = { N_("Photo"), 300, TRUE },
};

const char *
mc_scan_preset_get_label (McScanPreset preset)
{
  g_return_val_if_fail (preset < MC_SCAN_N_PRESETS, NULL);
  return _(presets[preset].label);
}

int
mc_scan_preset_get_resolution (McScanPreset preset)
{
  g_return_val_if_fail (preset < MC_SCAN_N_PRESETS, 200);
  return presets[preset].resolution;
}

gboolean
mc_scan_preset_get_color (McScanPreset preset)
{
  g_return_val_if_fail (preset < MC_SCAN_N_PRESETS, FALSE);
  return presets[preset].color;
}

/* ---- The scanner ---------------------------------------------------------- */

typedef enum
{
  REQUEST_LIST_DEVICES,
  REQUEST_SCAN,
  REQUEST_QUIT,
} RequestKind;

typedef struct
{
  RequestKind  kind;
  GTask       *task;   /* owned; NULL for QUIT */
  McScanJob    job;
} Request;

struct _McScanner
{
  GObject      parent_instance;
  GMutex       lock;       /* guards thread */
  GThread     *thread;
  GAsyncQueue *requests;   /* of Request */
  gint         scanning;   /* atomic */
};

G_DEFINE_FINAL_TYPE (McScanner, mc_scanner, G_TYPE_OBJECT)

enum
{
  SIGNAL_PAGE_DONE,
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
request_free (Request *req)
{
  g_clear_object (&req->task);
  g_free (req->job.device);
  g_free (req->job.autosave_dir);
  g_free (req);
}

/* ---- Marshalling back to the caller's context ---- */

typedef struct
{
  McScanner *scanner;
  GTask     *task;
  McPage    *page;       /* page-done */
  double     fraction;   /* progress */
  GPtrArray *result;     /* completion: devices or pages */
  GError    *error;      /* completion */
} Reply;

static void
reply_free (Reply *r)
{
  g_clear_object (&r->scanner);
  g_clear_object (&r->task);
  g_clear_object (&r->page);
  g_clear_pointer (&r->result, g_ptr_array_unref);
  g_clear_error (&r->error);
  g_free (r);
}

static void
post (GTask       *task,
      GSourceFunc  func,
      Reply       *r)
{
  r->task = g_object_ref (task);
  r->scanner = g_object_ref (g_task_get_source_object (task));
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                              func, r, (GDestroyNotify) reply_free);
}

static gboolean
emit_page_done_cb (gpointer data)
{
  Reply *r = data;

  g_signal_emit (r->scanner, signals[SIGNAL_PAGE_DONE], 0, r->page);
  return G_SOURCE_REMOVE;
}

static gboolean
emit_progress_cb (gpointer data)
{
  Reply *r = data;

  g_signal_emit (r->scanner, signals[SIGNAL_PROGRESS], 0, r->fraction);
  return G_SOURCE_REMOVE;
}

static gboolean
complete_cb (gpointer data)
{
  Reply *r = data;

  if (g_task_get_source_tag (r->task) == mc_scanner_scan_async)
    g_atomic_int_set (&r->scanner->scanning, FALSE);
  if (r->error != NULL)
    g_task_return_error (r->task, g_steal_pointer (&r->error));
  else
    g_task_return_pointer (r->task, g_steal_pointer (&r->result), (GDestroyNotify) g_ptr_array_unref);
  return G_SOURCE_REMOVE;
}

static void
on_page_done (McPage   *page,
              gpointer  data)
{
  Reply *r = g_new0 (Reply, 1);

  r->page = g_object_ref (page);
  post (data, emit_page_done_cb, r);
}

static void
on_progress (double   fraction,
             gpointer data)
{
  Reply *r = g_new0 (Reply, 1);

  r->fraction = fraction;
  post (data, emit_progress_cb, r);
}

/* ---- The worker ---- */

static void
handle_request (Request  *req,
                gboolean  sane_ready,
                GError   *init_error)
{
  Reply *r = g_new0 (Reply, 1);

  if (!sane_ready)
    r->error = g_error_copy (init_error);
  else if (req->kind == REQUEST_LIST_DEVICES)
    r->result = mc_sane_list_devices (&r->error);
  else
    {
      McScanSink sink = { g_task_get_cancellable (req->task), on_page_done, on_progress, req->task };
      GPtrArray *pages = mc_sane_scan (&req->job, &sink, &r->error);

      if (r->error == NULL)
        r->result = pages;
      else
        g_ptr_array_unref (pages);  /* they were handed out with "page-done" and autosaved */
    }
  post (req->task, complete_cb, r);
}

static gpointer
worker_main (gpointer data)
{
  GAsyncQueue *requests = data;
  g_autoptr(GError) init_error = NULL;
  gboolean sane_ready = mc_sane_init (&init_error);

  for (;;)
    {
      Request *req = g_async_queue_pop (requests);
      gboolean quit = req->kind == REQUEST_QUIT;

      if (!quit)
        handle_request (req, sane_ready, init_error);
      request_free (req);
      if (quit)
        break;
    }
  if (sane_ready)
    mc_sane_exit ();
  g_async_queue_unref (requests);
  return NULL;
}

static void
push_request (McScanner *self,
              Request   *req)
{
  g_mutex_lock (&self->lock);
  if (self->thread == NULL)
    self->thread = g_thread_new ("motcua-sane", worker_main, g_async_queue_ref (self->requests));
  g_async_queue_push (self->requests, req);
  g_mutex_unlock (&self->lock);
}

void
mc_scanner_shutdown (McScanner *self)
{
  GThread *thread;
  Request *req;

  g_return_if_fail (MC_IS_SCANNER (self));
  g_mutex_lock (&self->lock);
  thread = g_steal_pointer (&self->thread);
  if (thread != NULL)
    {
      req = g_new0 (Request, 1);
      req->kind = REQUEST_QUIT;
      g_async_queue_push (self->requests, req);
    }
  g_mutex_unlock (&self->lock);
  if (thread != NULL)
    g_thread_join (thread);
}

static void
mc_scanner_finalize (GObject *object)
{
  McScanner *self = MC_SCANNER (object);

  mc_scanner_shutdown (self);
  g_async_queue_unref (self->requests);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (mc_scanner_parent_class)->finalize (object);
}

static void
mc_scanner_class_init (McScannerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_scanner_finalize;

  signals[SIGNAL_PAGE_DONE] =
    g_signal_new ("page-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, MC_TYPE_PAGE);
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DOUBLE);
}

static void
mc_scanner_init (McScanner *self)
{
  g_mutex_init (&self->lock);
  self->requests = g_async_queue_new ();
}

McScanner *
mc_scanner_get_default (void)
{
  static McScanner *instance;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance, g_object_new (MC_TYPE_SCANNER, NULL));
  return instance;
}

gboolean
mc_scanner_is_scanning (McScanner *self)
{
  g_return_val_if_fail (MC_IS_SCANNER (self), FALSE);
  return g_atomic_int_get (&self->scanning);
}

void
mc_scanner_list_devices_async (McScanner           *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Request *req;

  g_return_if_fail (MC_IS_SCANNER (self));
  req = g_new0 (Request, 1);
  req->kind = REQUEST_LIST_DEVICES;
  req->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (req->task, mc_scanner_list_devices_async);
  push_request (self, req);
}

GPtrArray *
mc_scanner_list_devices_finish (McScanner     *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
mc_scanner_scan_async (McScanner           *self,
                       const char          *device,
                       McScanSource         source,
                       int                  resolution,
                       gboolean             color,
                       guint                max_pages,
                       const char          *autosave_dir,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *req;

  g_return_if_fail (MC_IS_SCANNER (self));
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_scanner_scan_async);

  if (device == NULL || *device == '\0' || resolution < 25 || resolution > 1200 ||
      source > MC_SCAN_SOURCE_ADF_DUPLEX)
    {
      g_task_return_new_error (task, MC_SCAN_ERROR, MC_SCAN_ERROR_INVALID,
                               _("Choose a scanner and a resolution from 25 to 1200 dpi."));
      return;
    }
  if (!g_atomic_int_compare_and_exchange (&self->scanning, FALSE, TRUE))
    {
      g_task_return_new_error (task, MC_SCAN_ERROR, MC_SCAN_ERROR_BUSY,
                               _("A scan is already in progress: wait until it has finished, then scan again."));
      return;
    }

  req = g_new0 (Request, 1);
  req->kind = REQUEST_SCAN;
  req->task = g_steal_pointer (&task);
  req->job.device = g_strdup (device);
  req->job.source = source;
  req->job.resolution = resolution;
  req->job.color = color;
  req->job.max_pages = source == MC_SCAN_SOURCE_FLATBED ? 1 : max_pages;
  req->job.autosave_dir = g_strdup (autosave_dir);
  push_request (self, req);
}

GPtrArray *
mc_scanner_scan_finish (McScanner     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
