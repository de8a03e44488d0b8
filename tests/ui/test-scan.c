/* test-scan.c — scanning a paper into a new dossier, as a clerk would
 *
 * Under Xvfb with SANE's "test" backend (SANE_CONFIG_DIR=tests/scan): the
 * scan dialog of the first paper finds test:0, scans from the feeder, a
 * page is rotated and one deleted; Attach lists the PDF under the paper;
 * the saved dossier has it, linked to its paper, with its blob.
 */
#include "test-util.h"

#include <string.h>
#include "ui-util.h"

#include "mc-application.h"
#include "mc-attachment-preview.h"
#include "mc-intake-page.h"
#include "mc-scan-dialog.h"
#include "mc-scan-restore.h"
#include "mc-window.h"

static McApplication *app;
static McWindow *window;
static char *data_dir;

static McScanDialog *
find_scan_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (MC_IS_SCAN_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return MC_SCAN_DIALOG (w);
    }
  return NULL;
}

static guint
count_sessions (void)
{
  g_autoptr(GPtrArray) sessions = mc_scan_sessions_list (data_dir);

  return sessions->len;
}

/* As a click on the button: the response, then the dialog closes. */
static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  mc_ui_settle (20);
}

/* A session as a crash leaves it: @n pages autosaved, nothing attached. */
static char *
make_left_session (guint n)
{
  g_autoptr(GError) error = NULL;
  char *dir = mc_scan_session_new_dir (data_dir, &error);

  g_assert_no_error (error);
  g_assert_true (mc_scan_session_set_note (dir, "paper", "Giấy chứng sinh", &error));
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *name = g_strdup_printf ("page-%04u.png", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      guint8 *px = g_malloc ((gsize) 400 * 560);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(McPage) page = NULL;

      memset (px, 255, (gsize) 400 * 560);
      memset (px + 400 * 40, 0, 400 * 8 * i);  /* a bar: page i */
      bytes = g_bytes_new_take (px, (gsize) 400 * 560);
      page = mc_page_new (400, 560, 50, MC_PAGE_FORMAT_GREY, bytes);
      g_assert_true (mc_page_save (page, path, &error));
    }
  return dir;
}

static void
on_attach_cb (McScanDialog *dialog,
              const char   *path,
              const char   *name,
              char        **out_path)
{
  *out_path = g_strdup (path);
}

/* What the desk does at start with pages a crash left: it offers them;
 * Restore puts them in the next scan dialog, whose Attach hands over one
 * PDF and lets the sessions go; Discard (in the offer or on closing the
 * dialog) removes them. */
static void
test_restore_offer (void)
{
  McContext *context = mc_window_get_context (window);
  g_autofree char *first = make_left_session (2);
  g_autofree char *second = make_left_session (1);
  g_autofree char *pdf = NULL;
  g_autofree char *folder_of_pdf = NULL;
  AdwMessageDialog *offer = NULL;
  McScanDialog *dialog = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_auto(GStrv) dirs = NULL;

  mc_scan_restore_check (GTK_WINDOW (window), context);
  mc_ui_wait_until ((offer = mc_ui_message_dialog ()) != NULL, 10, "the offer of the pages left behind");
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (offer), "3"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (offer), "Giấy chứng sinh"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (offer), ==, "restore");
  mc_ui_snap ("scan-restore-offer");
  answer (offer, "restore");
  mc_ui_wait_until (g_object_get_data (G_OBJECT (context), "mc-scan-restored") != NULL, 10, "the pages restored");

  /* The clerk presses Scan on the paper: the pages are there, in order. */
  dialog = mc_scan_dialog_new (GTK_WINDOW (window), context, "Giấy chứng sinh");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (dialog), ==, 3);
  g_assert_false (mc_scan_restore_take (context, &pages, &dirs));  /* taken once */
  g_signal_connect (dialog, "attach", G_CALLBACK (on_attach_cb), &pdf);
  mc_ui_snap ("scan-restored-dialog");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.attach", NULL);
  mc_ui_wait_until (dialog == NULL, 30, "the dialog to close after Attach");
  g_assert_nonnull (pdf);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));
  /* Handed over: the sessions go a few seconds later. */
  mc_ui_wait_until (!g_file_test (first, G_FILE_TEST_EXISTS) && !g_file_test (second, G_FILE_TEST_EXISTS), 15,
                    "the restored sessions to be removed");
  /* (The receiver owns the PDF; this test has none.) */
  mc_test_rm_rf (folder_of_pdf = g_path_get_dirname (pdf));

  /* Discard in the offer. */
  {
    g_autofree char *left = make_left_session (1);

    mc_scan_restore_check (GTK_WINDOW (window), context);
    mc_ui_wait_until ((offer = mc_ui_message_dialog ()) != NULL, 10, "the offer again");
    answer (offer, "discard");
    mc_ui_wait_until (!g_file_test (left, G_FILE_TEST_EXISTS), 10, "the pages discarded");
    g_assert_null (g_object_get_data (G_OBJECT (context), "mc-scan-restored"));
  }

  /* Restored, then the dialog closed without attaching: asked, discarded. */
  {
    g_autofree char *left = make_left_session (2);

    mc_scan_restore_check (GTK_WINDOW (window), context);
    mc_ui_wait_until ((offer = mc_ui_message_dialog ()) != NULL, 10, "the offer once more");
    answer (offer, "restore");
    mc_ui_wait_until (g_object_get_data (G_OBJECT (context), "mc-scan-restored") != NULL, 10, "the pages restored");
    dialog = mc_scan_dialog_new (GTK_WINDOW (window), context, "Tờ khai");
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    gtk_window_present (GTK_WINDOW (dialog));
    g_assert_cmpuint (mc_scan_dialog_get_n_pages (dialog), ==, 2);
    gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.cancel", NULL);
    mc_ui_wait_until ((offer = mc_ui_message_dialog ()) != NULL, 10, "Discard the Scanned Pages?");
    g_assert_nonnull (dialog);  /* not closed before the clerk says so */
    answer (offer, "discard");
    mc_ui_wait_until (dialog == NULL, 10, "the dialog to close");
    mc_ui_wait_until (!g_file_test (left, G_FILE_TEST_EXISTS), 10, "the discarded pages removed");
  }
}

/* The file names listed under the papers (the buttons that preview them). */
static void
collect_file_names (GtkWidget *root,
                    GPtrArray *names)
{
  if (ADW_IS_BUTTON_CONTENT (root) && gtk_widget_is_visible (root))
    g_ptr_array_add (names, g_strdup (adw_button_content_get_label (ADW_BUTTON_CONTENT (root))));
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_file_names (c, names);
}

static gboolean
lists_pdf (GtkWidget *intake)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  collect_file_names (intake, names);
  for (guint i = 0; i < names->len; i++)
    if (g_str_has_suffix (names->pdata[i], ".pdf"))
      return TRUE;
  return FALSE;
}

static guint
find_string (GListModel *model,
             const char *wanted)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), wanted) == 0)
      return i;
  g_error ("no “%s” in the list", wanted);
  return 0;
}

static void
select_page (McScanDialog *dialog,
             guint         index)
{
  GtkFlowBox *box = GTK_FLOW_BOX (mc_ui_get (GTK_WIDGET (dialog), "pages_box"));

  gtk_flow_box_select_child (box, gtk_flow_box_get_child_at_index (box, (int) index));
  mc_ui_settle (20);
}

static void
test_scan_into_paper (void)
{
  McContext *context = mc_window_get_context (window);
  McProcedure *procedure = mc_catalog_lookup (mc_context_get_catalog (context), "HT-KS");
  const char *paper = ((McRequiredPaper *) g_ptr_array_index (mc_procedure_get_papers (procedure), 0))->name;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) saved = NULL;
  GtkWidget *intake, *entry, *code_label;
  McScanDialog *dialog = NULL;
  AdwComboRow *source_row;
  McPage *rotated;
  guint n;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-dossier", NULL);
  mc_ui_wait_until (g_strcmp0 (mc_window_get_page (window), "intake") == 0, 10, "the intake page");
  intake = mc_ui_find_type (GTK_WIDGET (window), MC_TYPE_INTAKE_PAGE);
  entry = mc_ui_get (intake, "procedure_entry");
  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "khai sinh");
  mc_ui_settle (400);
  g_signal_emit_by_name (entry, "activate");
  mc_ui_settle (100);
  mc_ui_type (intake, "full_name_row", "Đặng Thị Ánh");
  mc_ui_type (intake, "id_number_row", "001185012345");
  mc_ui_type (intake, "date_of_birth_row", "02/03/1985");
  mc_ui_type (intake, "address_row", "Thôn 3, xã Tân Lập");

  /* The first paper's "Scan…". */
  gtk_widget_activate_action (intake, "intake.scan-paper", "u", 0);
  mc_ui_wait_until ((dialog = find_scan_dialog ()) != NULL, 10, "the scan dialog");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  mc_ui_wait_until (g_strcmp0 (mc_scan_dialog_get_device (dialog), "test:0") == 0, 60, "the scanner test:0");

  source_row = ADW_COMBO_ROW (mc_ui_get (GTK_WIDGET (dialog), "source_row"));
  adw_combo_row_set_selected (source_row, find_string (adw_combo_row_get_model (source_row), "Feeder"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.scan", NULL);
  mc_ui_wait_until (mc_scan_dialog_get_n_pages (dialog) >= 2 &&
                    gtk_widget_get_sensitive (mc_ui_get (GTK_WIDGET (dialog), "scan_button")),
                    120, "two pages or more from the feeder");
  mc_ui_snap ("scan-dialog");

  select_page (dialog, 0);
  rotated = mc_scan_dialog_get_page (dialog, 0);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.rotate-right", NULL);
  g_assert_cmpint (mc_page_get_rotation (rotated), ==, 90);

  n = mc_scan_dialog_get_n_pages (dialog);
  select_page (dialog, 1);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.delete-page", NULL);
  g_assert_cmpuint (mc_scan_dialog_get_n_pages (dialog), ==, n - 1);
  g_assert_true (mc_scan_dialog_get_page (dialog, 0) == rotated);

  /* Alt+Right's action: the rotated page goes second, and back. */
  select_page (dialog, 0);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.move-later", NULL);
  g_assert_true (mc_scan_dialog_get_page (dialog, 1) == rotated);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.move-earlier", NULL);
  g_assert_true (mc_scan_dialog_get_page (dialog, 0) == rotated);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "scan.attach", NULL);
  mc_ui_wait_until (dialog == NULL, 30, "the dialog to close after Attach");
  mc_ui_wait_until (lists_pdf (intake), 10, "the PDF listed under the paper");
  mc_ui_snap ("scan-attached");

  /* Saved: the dossier has the PDF, for its paper, and the blob is there. */
  mc_ui_wait_until (gtk_widget_get_sensitive (mc_ui_get (intake, "save_button")), 10, "Save to be enabled");
  /* The other required papers handed in too (Ctrl+T): saving does not ask. */
  gtk_widget_activate_action (intake, "intake.tick-required", NULL);
  gtk_widget_activate (mc_ui_get (intake, "save_button"));
  code_label = mc_ui_get (intake, "result_code_label");
  mc_ui_wait_until (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (code_label)), "000.00.12.H29-"), 30,
                    "the dossier code");

  saved = mc_store_load_dossier (mc_context_get_store (context), gtk_label_get_label (GTK_LABEL (code_label)), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mc_dossier_get_attachments (saved)->len, ==, 1);
  {
    McAttachment *a = g_ptr_array_index (mc_dossier_get_attachments (saved), 0);
    g_autofree char *incoming = g_build_filename (data_dir, "incoming", NULL);
    g_autoptr(GDir) dir = g_dir_open (incoming, 0, NULL);

    g_assert_cmpstr (a->paper, ==, paper);
    g_assert_cmpstr (a->mime_type, ==, "application/pdf");
    g_assert_true (g_str_has_suffix (a->name, ".pdf"));
    g_assert_true (mc_blobs_contains (mc_store_get_blobs (mc_context_get_store (context)), a->sha256));
    /* Attached: the copy kept for a crash is gone. */
    g_assert_true (dir == NULL || g_dir_read_name (dir) == NULL);
  }
  /* And so are the autosaved pages, once handed over: nothing to offer
   * at the next start. */
  mc_ui_wait_until (count_sessions () == 0, 15, "the scan session removed");

  /* The history says so; the preview counts the PDF's pages. */
  {
    McAttachment *a = g_ptr_array_index (mc_dossier_get_attachments (saved), 0);
    g_autoptr(GPtrArray) events = mc_store_list_events (mc_context_get_store (context), mc_dossier_get_uuid (saved), &error);
    g_autofree char *path = mc_blobs_get_path (mc_store_get_blobs (mc_context_get_store (context)), a->sha256);
    g_autofree char *expected = g_strdup_printf ("PDF document, %u pages", n - 1);
    McAttachmentPreview *preview = NULL;
    gboolean attached = FALSE;
    GtkWidget *status;

    g_assert_no_error (error);
    for (guint i = 0; i < events->len; i++)
      attached |= g_strcmp0 (((McEvent *) events->pdata[i])->kind, "attached") == 0;
    g_assert_true (attached);

    preview = mc_attachment_preview_new (GTK_WINDOW (window), path, a->name, a->mime_type);
    gtk_window_present (GTK_WINDOW (preview));
    status = mc_ui_find_type (GTK_WIDGET (preview), ADW_TYPE_STATUS_PAGE);
    g_assert_nonnull (status);
    mc_ui_wait_until (g_strcmp0 (adw_status_page_get_description (ADW_STATUS_PAGE (status)), expected) == 0, 10,
                      "the PDF's page count");
    mc_ui_snap ("scan-preview");
    gtk_window_destroy (GTK_WINDOW (preview));
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  mc_core_init_i18n ();

  /* Set up already: the test starts at the dossier list. */
  data_dir = mc_test_make_tmp_dir ();
  {
    g_autoptr(McStore) store = mc_store_open (data_dir, &error);

    g_assert_no_error (error);
    g_assert_true (mc_store_set_station (store, "000.00.12.H29", "UBND xã Tân Lập", 1, &error));
  }
  window = mc_ui_start_app ("io.github.motcua.Desk.Test", data_dir, &app);
  if (g_getenv ("MOTCUA_SCREENSHOT_DIR") != NULL)
    gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  mc_ui_wait_until (g_strcmp0 (mc_window_get_page (window), "dossiers") == 0, 20, "the dossier list");

  g_test_add_func ("/scan/restore-offer", test_restore_offer);
  g_test_add_func ("/scan/scan-into-paper", test_scan_into_paper);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  mc_ui_settle (50);
  g_clear_object (&app);
  mc_test_rm_rf (data_dir);
  g_free (data_dir);
  return status;
}
