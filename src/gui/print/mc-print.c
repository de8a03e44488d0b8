/* mc-print.c — printing a dossier's slips and saving them as PDF */
#define G_LOG_DOMAIN "motcua-print"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-print.h"
#include "mc-window.h"

/* The printer picked last, offered first next time (main thread only). */
static char *last_printer;

/* ---- on the worker ---------------------------------------------------- */

typedef struct
{
  McFormKind  kind;
  char       *uuid;
  char       *path;       /* export only */
} Request;

static void
request_free (Request *r)
{
  g_free (r->uuid);
  g_free (r->path);
  g_free (r);
}

static Request *
request_new (McFormKind  kind,
             const char *uuid,
             const char *path)
{
  Request *r = g_new0 (Request, 1);

  r->kind = kind;
  r->uuid = g_strdup (uuid);
  r->path = g_strdup (path);
  return r;
}

typedef struct
{
  McFormDoc *doc;
  char      *file_name;   /* suggested for the PDF */
  char      *job_name;
} Prepared;

static void
prepared_free (Prepared *p)
{
  g_clear_object (&p->doc);
  g_free (p->file_name);
  g_free (p->job_name);
  g_free (p);
}

/* Loads the dossier; the slips are then built by mc_form_doc_new_for_stored ()
 * with everything the store knows, as the CLI builds them. On the worker. */
static McDossier *
load_dossier (McContext   *context,
              const char  *uuid,
              GError     **error)
{
  return mc_store_load_dossier (mc_context_get_store (context), uuid, error);
}

static const McFormInfo *
find_form (GDateTime  *at,
           McFormKind  kind)
{
  guint n = 0;
  const McFormInfo *forms = mc_forms_list (at, &n);

  for (guint i = 0; i < n; i++)
    if (forms[i].kind == kind)
      return &forms[i];
  return NULL;
}

/* "<code>-bien-nhan.pdf", "<code>-mau-02.pdf": plain ASCII, as the file
 * may travel by USB stick or e-mail. */
static char *
suggest_file_name (McDossier  *dossier,
                   McFormKind  kind)
{
  const McFormInfo *info = find_form (mc_dossier_get_received_at (dossier), kind);
  const char *code = mc_dossier_get_code (dossier);

  if (kind == MC_FORM_RECEIPT)
    return g_strdup_printf ("%s-bien-nhan.pdf", code);
  if (info != NULL)
    return g_strdup_printf ("%s-mau-%s.pdf", code, info->number);
  return g_strdup_printf ("%s-mau.pdf", code);
}

static gpointer
prepare_func (McContext     *context,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Request *r = data;
  g_autoptr(McDossier) dossier = NULL;
  Prepared *p;
  McFormDoc *doc;

  if ((dossier = load_dossier (context, r->uuid, error)) == NULL)
    return NULL;
  doc = mc_form_doc_new_for_stored (mc_context_get_store (context), r->kind, dossier, error);
  if (doc == NULL)
    return NULL;
  p = g_new0 (Prepared, 1);
  p->doc = doc;
  p->file_name = suggest_file_name (dossier, r->kind);
  p->job_name = g_strndup (p->file_name, strlen (p->file_name) - strlen (".pdf"));
  return p;
}

static gpointer
export_func (McContext     *context,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Request *r = data;
  g_autoptr(McFormDoc) doc = NULL;
  g_autoptr(McDossier) dossier = NULL;

  if ((dossier = load_dossier (context, r->uuid, error)) == NULL)
    return NULL;
  doc = mc_form_doc_new_for_stored (mc_context_get_store (context), r->kind, dossier, error);
  if (doc == NULL)
    return NULL;
  if (!mc_form_doc_write_pdf (doc, mc_form_doc_get_default_page (doc), 1, r->path, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static gpointer
list_forms_func (McContext     *context,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(McDossier) dossier = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new ();
  const McFormInfo *forms;
  guint n = 0;

  if ((dossier = load_dossier (context, data, error)) == NULL)
    return NULL;
  forms = mc_forms_list (mc_dossier_get_received_at (dossier), &n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McFormDoc) doc = NULL;
      g_autoptr(GError) local_error = NULL;

      if (forms[i].kind == MC_FORM_RECEIPT || forms[i].kind == MC_FORM_LEDGER)
        continue;
      /* Building the slip is how the renderer says whether it applies;
       * any other failure is left for printing to explain. */
      doc = mc_form_doc_new_for_stored (mc_context_get_store (context), forms[i].kind, dossier, &local_error);
      if (doc == NULL && g_error_matches (local_error, MC_FORMS_ERROR, MC_FORMS_ERROR_NOT_APPLICABLE))
        continue;
      g_ptr_array_add (result, (gpointer) &forms[i]);
    }
  return g_steal_pointer (&result);
}

/* ---- exporting without a dialog ---------------------------------------- */

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (mc_context_run_finish (MC_CONTEXT (source), result, &error) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
mc_print_export_pdf_async (McContext           *context,
                           McFormKind           kind,
                           const char          *uuid,
                           const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MC_IS_CONTEXT (context));
  g_return_if_fail (uuid != NULL && path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_print_export_pdf_async);
  mc_context_run_async (context, export_func, request_new (kind, uuid, path), (GDestroyNotify) request_free,
                        NULL, cancellable, export_done_cb, g_steal_pointer (&task));
}

gboolean
mc_print_export_pdf_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_print_export_pdf_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- which forms apply ------------------------------------------------- */

static void
list_forms_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *forms = mc_context_run_finish (MC_CONTEXT (source), result, &error);

  if (forms == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, forms, (GDestroyNotify) g_ptr_array_unref);
}

void
mc_print_list_forms_async (McContext           *context,
                           const char          *uuid,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MC_IS_CONTEXT (context));
  g_return_if_fail (uuid != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_print_list_forms_async);
  mc_context_run_async (context, list_forms_func, g_strdup (uuid), g_free, (GDestroyNotify) g_ptr_array_unref,
                        cancellable, list_forms_done_cb, g_steal_pointer (&task));
}

GPtrArray *
mc_print_list_forms_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_print_list_forms_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- printing and exporting with dialogs -------------------------------- */

typedef struct
{
  GtkWindow            *parent;
  McContext            *context;
  McFormKind            kind;
  char                 *uuid;
  gboolean              export_pdf;
  Prepared             *prepared;
  GtkPrintOperation    *op;
  GtkFileChooserNative *chooser;
  GtkWidget            *two_copies;   /* weak: the dialog owns it */
  guint                 n_marked;     /* copies drawn here, each marked (1: one, unmarked) */
  guint                 n_doc_pages;
  char                 *path;         /* the PDF written */
  gboolean              finished;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_weak_pointer (&job->two_copies);
  g_clear_object (&job->parent);
  g_clear_object (&job->context);
  g_free (job->uuid);
  g_clear_pointer (&job->prepared, prepared_free);
  if (job->op != NULL)
    g_signal_handlers_disconnect_by_data (job->op, job);
  g_clear_object (&job->op);
  if (job->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (job->chooser));
  g_clear_object (&job->chooser);
  g_free (job->path);
  g_free (job);
}

static GtkPageSetup *
page_setup_for (McPageSize size)
{
  GtkPageSetup *setup = gtk_page_setup_new ();
  GtkPaperSize *paper = gtk_paper_size_new (size == MC_PAGE_A5 ? GTK_PAPER_NAME_A5 : GTK_PAPER_NAME_A4);

  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_page_setup_set_orientation (setup, size == MC_PAGE_A4_LANDSCAPE ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                                      : GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_paper_size_free (paper);
  return setup;
}

static GObject *
on_create_custom_widget_cb (GtkPrintOperation *op,
                            PrintJob          *job)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *check = gtk_check_button_new_with_mnemonic (_("_Two copies: one for the citizen, one for the file"));
  GtkWidget *hint = gtk_label_new (_("Each copy is printed in full and marked: first the citizen’s copy, then the file copy."));

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  /* The receipt is handed over and a copy kept; other slips as the clerk decides. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), job->kind == MC_FORM_RECEIPT);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_set_margin_start (hint, 28);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), hint);
  g_set_weak_pointer (&job->two_copies, check);
  return G_OBJECT (box);
}

/* Emitted before the job is made from the settings (gtkprintoperation-unix.c),
 * so the copies set here reach every backend, "Print to File" included;
 * "begin-print" would be too late for the backends that copy by hand. */
static void
on_custom_widget_apply_cb (GtkPrintOperation *op,
                           GtkWidget         *widget,
                           PrintJob          *job)
{
  /* The two copies are drawn here rather than asked of the printer, so
   * that each says whose it is ("Bản giao người nộp" / "Bản lưu"). */
  job->n_marked = job->two_copies != NULL && gtk_check_button_get_active (GTK_CHECK_BUTTON (job->two_copies)) ? 2 : 1;
}

static void
on_begin_print_cb (GtkPrintOperation *op,
                   GtkPrintContext   *context,
                   PrintJob          *job)
{
  guint pages = mc_form_doc_paginate (job->prepared->doc, gtk_print_context_get_width (context),
                                      gtk_print_context_get_height (context));

  job->n_doc_pages = MAX (pages, 1);
  gtk_print_operation_set_n_pages (op, job->n_doc_pages * MAX (job->n_marked, 1));
}

static void
on_draw_page_cb (GtkPrintOperation *op,
                 GtkPrintContext   *context,
                 int                page,
                 PrintJob          *job)
{
  guint copy = (guint) page / MAX (job->n_doc_pages, 1);
  McFormKind kind = job->kind;

  mc_form_doc_set_copy_mark (job->prepared->doc, mc_form_copy_mark (kind, copy, MAX (job->n_marked, 1)));
  mc_form_doc_render_page (job->prepared->doc, gtk_print_context_get_cairo_context (context),
                           (guint) page % MAX (job->n_doc_pages, 1));
}

static void
complete_print (GTask                   *task,
                GtkPrintOperationResult  result)
{
  PrintJob *job = g_task_get_task_data (task);
  GtkPrintSettings *settings = gtk_print_operation_get_print_settings (job->op);
  GError *error = NULL;

  if (job->finished)
    return;
  job->finished = TRUE;
  switch (result)
    {
    case GTK_PRINT_OPERATION_RESULT_APPLY:
      if (settings != NULL && gtk_print_settings_get_printer (settings) != NULL)
        {
          g_free (last_printer);
          last_printer = g_strdup (gtk_print_settings_get_printer (settings));
        }
      g_task_return_boolean (task, TRUE);
      break;
    case GTK_PRINT_OPERATION_RESULT_ERROR:
      gtk_print_operation_get_error (job->op, &error);
      if (error == NULL)
        error = g_error_new_literal (GTK_PRINT_ERROR, GTK_PRINT_ERROR_GENERAL, _("The printer reported an error."));
      g_task_return_error (task, error);
      break;
    case GTK_PRINT_OPERATION_RESULT_CANCEL:
    case GTK_PRINT_OPERATION_RESULT_IN_PROGRESS:
    default:
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Printing was cancelled"));
      break;
    }
  /* The reference run_print() took for the operation. */
  g_object_unref (task);
}

static void
on_done_cb (GtkPrintOperation       *op,
            GtkPrintOperationResult  result,
            PrintJob                *job)
{
  GTask *task = g_object_get_data (G_OBJECT (op), "mc-print-task");

  complete_print (task, result);
}

static void
run_print (GTask *task)
{
  PrintJob *job = g_task_get_task_data (task);
  McFormDoc *doc = job->prepared->doc;
  g_autoptr(GtkPageSetup) setup = page_setup_for (mc_form_doc_get_default_page (doc));
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  if (last_printer != NULL)
    gtk_print_settings_set_printer (settings, last_printer);
  /* "Print to File" names its file like "Save as PDF…" does. */
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_BASENAME, job->prepared->job_name);

  job->op = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (job->op, job->prepared->job_name);
  gtk_print_operation_set_print_settings (job->op, settings);
  gtk_print_operation_set_default_page_setup (job->op, setup);
  gtk_print_operation_set_embed_page_setup (job->op, TRUE);
  /* The renderer lays the slip out on the whole sheet, in points, as in the PDF. */
  gtk_print_operation_set_use_full_page (job->op, TRUE);
  gtk_print_operation_set_unit (job->op, GTK_UNIT_POINTS);
  gtk_print_operation_set_allow_async (job->op, TRUE);
  gtk_print_operation_set_custom_tab_label (job->op, _("Copies for the Citizen"));

  g_object_set_data (G_OBJECT (job->op), "mc-print-task", task);
  g_signal_connect (job->op, "create-custom-widget", G_CALLBACK (on_create_custom_widget_cb), job);
  g_signal_connect (job->op, "custom-widget-apply", G_CALLBACK (on_custom_widget_apply_cb), job);
  g_signal_connect (job->op, "begin-print", G_CALLBACK (on_begin_print_cb), job);
  g_signal_connect (job->op, "draw-page", G_CALLBACK (on_draw_page_cb), job);
  g_signal_connect (job->op, "done", G_CALLBACK (on_done_cb), job);

  /* Held until "done" (or the synchronous result below). */
  g_object_ref (task);
  result = gtk_print_operation_run (job->op, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, job->parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && !job->finished)
    {
      job->finished = TRUE;
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
    }
  else if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    complete_print (task, result);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (mc_print_export_pdf_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  PrintJob *job = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;
  GCancellable *cancellable;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Saving was cancelled"));
      return;
    }
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  job->path = file != NULL ? g_file_get_path (file) : NULL;
  if (job->path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The PDF can only be saved in a folder of this computer. "
                                 "Choose a folder such as Documents and try again."));
      return;
    }
  /* Read before the task is handed over: C leaves the order in which the
   * arguments are evaluated open, and the steal may come first. */
  cancellable = g_task_get_cancellable (task);
  mc_print_export_pdf_async (job->context, job->kind, job->uuid, job->path, cancellable,
                             exported_cb, g_steal_pointer (&task));
}

static void
run_chooser (GTask *task)
{
  PrintJob *job = g_task_get_task_data (task);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  job->chooser = gtk_file_chooser_native_new (_("Save as PDF"), job->parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                              _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (job->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (job->chooser), filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (job->chooser), filter);
  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (documents);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (job->chooser), folder, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (job->chooser), job->prepared->file_name);
  g_signal_connect (job->chooser, "response", G_CALLBACK (on_chooser_response_cb), g_object_ref (task));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (job->chooser));
}

static void
prepared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PrintJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  job->prepared = mc_context_run_finish (MC_CONTEXT (source), result, &error);
  if (job->prepared == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  if (job->export_pdf)
    run_chooser (task);
  else
    run_print (task);
}

void
mc_print_form_async (GtkWindow           *parent,
                     McContext           *context,
                     McFormKind           kind,
                     const char          *uuid,
                     gboolean             export_pdf,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PrintJob *job;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (MC_IS_CONTEXT (context));
  g_return_if_fail (uuid != NULL);

  job = g_new0 (PrintJob, 1);
  job->parent = parent != NULL ? g_object_ref (parent) : NULL;
  job->context = g_object_ref (context);
  job->kind = kind;
  job->uuid = g_strdup (uuid);
  job->export_pdf = export_pdf;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_print_form_async);
  g_task_set_task_data (task, job, (GDestroyNotify) print_job_free);
  mc_context_run_async (context, prepare_func, request_new (kind, uuid, NULL), (GDestroyNotify) request_free,
                        (GDestroyNotify) prepared_free, cancellable, prepared_cb, g_steal_pointer (&task));
}

gboolean
mc_print_form_finish (GAsyncResult  *result,
                      char         **out_path,
                      GError       **error)
{
  PrintJob *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mc_print_form_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  job = g_task_get_task_data (G_TASK (result));
  if (out_path != NULL)
    *out_path = job->export_pdf ? g_strdup (job->path) : NULL;
  return TRUE;
}

/* ---- reporting, for buttons and shortcuts ------------------------------ */

#define BUSY_KEY "mc-print-busy"

typedef struct
{
  GtkWidget *widget;
  gboolean   export_pdf;
} Report;

static const char *
advice_for (const GError *error,
            gboolean      export_pdf)
{
  if (export_pdf && (error->domain == G_IO_ERROR || g_error_matches (error, MC_FORMS_ERROR, MC_FORMS_ERROR_IO)))
    return _("Choose another folder, or check that the disk is not full, then try again.");
  if (!export_pdf && error->domain == GTK_PRINT_ERROR)
    return _("Check that the printer is switched on, connected and has paper, then try again. "
             "The slip can also be saved as a PDF and printed later.");
  return NULL;
}

static void
show_error (Report       *report,
            const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (report->widget);
  const char *advice = advice_for (error, report->export_pdf);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   report->export_pdf ? _("The PDF Was Not Saved") : _("The Slip Was Not Printed"),
                                   NULL);
  if (advice != NULL)
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), "%s\n\n%s", error->message, advice);
  else
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_OK"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_toast (GtkWidget  *widget,
            const char *message)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *overlay;

  if (MC_IS_WINDOW (root))
    {
      mc_window_toast (MC_WINDOW (root), message);
      return;
    }
  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
report_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Report *report = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_object_set_data (G_OBJECT (report->widget), BUSY_KEY, NULL);
  if (!mc_print_form_finish (result, &path, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (report, error);
    }
  else if (path != NULL)
    {
      g_autofree char *name = g_path_get_basename (path);
      g_autofree char *message = g_strdup_printf (_("Saved as “%s”"), name);

      show_toast (report->widget, message);
    }
  else
    show_toast (report->widget, _("Sent to the printer"));
  g_object_unref (report->widget);
  g_free (report);
}

void
mc_print_form (GtkWidget  *widget,
               McContext  *context,
               McFormKind  kind,
               const char *uuid,
               gboolean    export_pdf)
{
  GtkRoot *root;
  Report *report;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (MC_IS_CONTEXT (context));
  g_return_if_fail (uuid != NULL);

  /* Ctrl+P pressed twice before the dialog is up opens one dialog. */
  if (g_object_get_data (G_OBJECT (widget), BUSY_KEY) != NULL)
    return;
  g_object_set_data (G_OBJECT (widget), BUSY_KEY, GINT_TO_POINTER (TRUE));

  root = gtk_widget_get_root (widget);
  report = g_new0 (Report, 1);
  report->widget = g_object_ref (widget);
  report->export_pdf = export_pdf;
  mc_print_form_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, context, kind, uuid, export_pdf,
                       NULL, report_cb, report);
}
