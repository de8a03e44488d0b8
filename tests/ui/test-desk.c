/* test-desk.c — the real desk window, driven as a clerk would (under Xvfb)
 *
 * First-run setup; a dossier taken in through the form, with an invalid
 * field that blocks saving; found in the list by a diacritic-free search;
 * its details opened.
 */
#include "test-util.h"

#include <stdio.h>
#include <string.h>
#include "ui-util.h"
#include "test-desk.h"

#include "mc-application.h"
#include "mc-dossier-row.h"
#include "mc-dossiers-view.h"
#include "mc-intake-page.h"
#include "mc-window.h"

static McApplication *app;
McWindow *window;
static char *data_dir;

GtkWidget *
win (void)
{
  return GTK_WIDGET (window);
}

static gboolean
on_page (const char *page)
{
  return g_strcmp0 (mc_window_get_page (window), page) == 0;
}

static void
test_first_run_setup (void)
{
  GtkWidget *button, *error_label;

  mc_ui_wait_until (on_page ("setup"), 20, "the setup page");
  button = mc_ui_get (win (), "setup_button");
  error_label = mc_ui_get (win (), "setup_error_label");
  g_assert_false (gtk_widget_get_sensitive (button));

  mc_ui_type (win (), "agency_name_row", "UBND xã Tân Lập");
  mc_ui_type (win (), "agency_code_row", "000-00-12");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "000-00-12"));

  mc_ui_snap ("setup-error");
  /* Cut short by a group: refused as well. */
  mc_ui_type (win (), "agency_code_row", "000.00.12");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_get_visible (error_label));
  mc_ui_type (win (), "agency_code_row", "000.00.12.H29");
  g_assert_true (gtk_widget_get_sensitive (button));
  mc_ui_snap ("setup");
  g_assert_false (gtk_widget_get_visible (error_label));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (mc_ui_get (win (), "station_spin")), 3);

  gtk_widget_activate (button);
  mc_ui_wait_until (on_page ("dossiers"), 20, "the dossier list after setup");
  g_assert_cmpuint (mc_context_get_station (mc_window_get_context (window))->station, ==, 3);
  g_assert_cmpstr (mc_context_get_station (mc_window_get_context (window))->agency_code, ==, "000.00.12.H29");
}

char *saved_code;

GtkWidget *
page (const char *id)
{
  return mc_ui_get (win (), id);
}

static gboolean
is_visible (GtkWidget  *root,
            const char *id)
{
  return gtk_widget_get_visible (mc_ui_get (root, id));
}

/* What Tab and Shift+Tab do: the window's move-focus. */
static void
press_tab (gboolean back)
{
  gtk_widget_child_focus (win (), back ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);
  mc_ui_settle (30);
}

/* The focus is on @id or inside it. */
gboolean
focus_in (GtkWidget  *root,
          const char *id)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *w = mc_ui_get (root, id);

  return focus != NULL && (focus == w || gtk_widget_is_ancestor (focus, w));
}

static void
assert_focus_in (GtkWidget  *root,
                 const char *id)
{
  if (!focus_in (root, id))
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
      const char *near = NULL;

      for (GtkWidget *w = focus; w != NULL && near == NULL; w = gtk_widget_get_parent (w))
        near = gtk_buildable_get_buildable_id (GTK_BUILDABLE (w));
      g_error ("the focus is on a %s (in “%s”), not in “%s”", focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "nothing",
               near != NULL ? near : "?", id);
    }
}

/* A key as the checklist hears it: its key controller, with the keyval. */
gboolean
press_key_in (GtkWidget *widget,
              guint      keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !handled; i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_EVENT_CONTROLLER_KEY (c))
        g_signal_emit_by_name (c, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
    }
  mc_ui_settle (30);
  return handled;
}

static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  mc_ui_settle (50);
}

static GtkWidget *
papers_list_box (GtkWidget *intake)
{
  GtkWidget *list = mc_ui_find_type (mc_ui_get (intake, "papers_list"), GTK_TYPE_LIST_BOX);

  g_assert_nonnull (list);
  return list;
}

/* The checklist's row of the paper @index (paper rows alternate with the
 * rows of their files). */
static GtkWidget *
paper_row (GtkWidget *intake,
           guint      index)
{
  GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (papers_list_box (intake)), (int) index * 2));

  g_assert_nonnull (row);
  return row;
}

static gboolean
paper_ticked (GtkWidget *intake,
              guint      index)
{
  return gtk_check_button_get_active (g_object_get_data (G_OBJECT (paper_row (intake, index)), "mc-check"));
}

static GPtrArray *
history_kinds (const char *code)
{
  McStore *store = mc_context_get_store (mc_window_get_context (window));
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) d = mc_store_load_dossier (store, code, &error);
  GPtrArray *events;

  g_assert_no_error (error);
  events = mc_store_list_events (store, mc_dossier_get_uuid (d), &error);
  g_assert_no_error (error);
  return events;
}

static gboolean
has_event (GPtrArray  *events,
           const char *kind)
{
  for (guint i = 0; i < events->len; i++)
    if (g_strcmp0 (((McEvent *) events->pdata[i])->kind, kind) == 0)
      return TRUE;
  return FALSE;
}

static GtkFileChooser *
wait_file_chooser (void)
{
  GtkFileChooser *found = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (found == NULL)
    {
      GListModel *tops = gtk_window_get_toplevels ();  /* owned by GTK */

      for (guint i = 0; i < g_list_model_get_n_items (tops) && found == NULL; i++)
        {
          g_autoptr(GObject) w = g_list_model_get_item (tops, i);
          if (GTK_IS_FILE_CHOOSER (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
            found = GTK_FILE_CHOOSER (w);
        }
      if (found == NULL && g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for the file chooser");
      mc_ui_settle (10);
    }
  return found;
}

/* "Save as PDF…" on the saved page, through the real file chooser, with
 * criticals fatal (a GTask used after it was handed on was one). */
static void
save_receipt_as_pdf (GtkWidget *intake)
{
  g_autofree char *path = g_build_filename (data_dir, "receipt.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  GtkFileChooser *chooser;
  gsize length = 0;

  gtk_widget_activate (mc_ui_get (intake, "export_button"));
  chooser = wait_file_chooser ();
  {
    g_autoptr(GFile) folder = g_file_new_for_path (data_dir);
    g_autoptr(GFile) chosen = NULL;

    g_assert_true (gtk_file_chooser_set_current_folder (chooser, folder, NULL));
    gtk_file_chooser_set_current_name (chooser, "receipt.pdf");
    mc_ui_settle (300);
    chosen = gtk_file_chooser_get_file (chooser);
    g_assert_nonnull (chosen);
    g_assert_true (g_file_equal (chosen, file));
  }
  /* Enter in the file name: the dialog's Save. */
  gtk_widget_activate_action (GTK_WIDGET (chooser), "default.activate", NULL);
  mc_ui_wait_until (g_file_test (path, G_FILE_TEST_EXISTS), 20, "the PDF");
  mc_ui_settle (300);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
}

static void
test_intake_with_invalid_field (void)
{
  GtkWidget *intake, *save, *entry, *code_label;

  gtk_widget_activate_action (win (), "win.new-dossier", NULL);
  mc_ui_wait_until (on_page ("intake"), 10, "the intake page");
  intake = mc_ui_find_type (win (), MC_TYPE_INTAKE_PAGE);
  g_assert_nonnull (intake);
  save = mc_ui_get (intake, "save_button");
  entry = mc_ui_get (intake, "procedure_entry");
  g_assert_false (gtk_widget_get_sensitive (save));

  /* The procedure, by part of its name without accents; Enter picks it. */
  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "khai sinh");
  mc_ui_settle (400);
  g_signal_emit_by_name (entry, "activate");
  mc_ui_settle (100);

  /* Passing through empty fields with Tab marks none of them. */
  gtk_widget_grab_focus (mc_ui_get (intake, "full_name_row"));
  press_tab (FALSE);
  press_tab (FALSE);
  press_tab (FALSE);
  g_assert_false (is_visible (intake, "full_name_error"));
  g_assert_false (is_visible (intake, "id_number_error"));
  g_assert_false (gtk_widget_has_css_class (mc_ui_get (intake, "full_name_row"), "error"));

  mc_ui_type (intake, "full_name_row", "Đặng Thị Ánh");
  mc_ui_type (intake, "date_of_birth_row", "02/03/1985");
  mc_ui_type (intake, "address_row", "Thôn 3, xã Tân Lập");
  mc_ui_type (intake, "phone_row", "0912 345 678");

  /* One digit short: no message while typing; on leaving with Tab the
   * core's message shows beside the field, Save stays off, and Tab goes
   * on to the next field all the same. */
  mc_ui_type (intake, "id_number_row", "00118501234");
  g_assert_false (is_visible (intake, "id_number_error"));
  press_tab (FALSE);
  mc_ui_wait_until (is_visible (intake, "id_number_error"), 5, "the ID number's message");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (mc_ui_get (intake, "id_number_error"))), "12"));
  g_assert_false (gtk_widget_get_sensitive (save));
  assert_focus_in (intake, "date_of_birth_row");
  press_tab (FALSE);
  assert_focus_in (intake, "phone_row");
  press_tab (FALSE);
  assert_focus_in (intake, "address_row");
  press_tab (FALSE);
  assert_focus_in (intake, "email_row");
  /* And back, over the message, to the field in error. */
  press_tab (TRUE);
  press_tab (TRUE);
  press_tab (TRUE);
  assert_focus_in (intake, "date_of_birth_row");
  press_tab (TRUE);
  assert_focus_in (intake, "id_number_row");
  mc_ui_snap ("intake-error");

  mc_ui_type (intake, "id_number_row", "001185012345");
  mc_ui_wait_until (!is_visible (intake, "id_number_error"), 5, "the message to go");
  mc_ui_wait_until (gtk_widget_get_sensitive (save), 5, "Save to be enabled");

  /* Saving with the required papers unticked asks; going back lands on
   * the first paper to tick. */
  gtk_widget_activate (save);
  answer (mc_ui_wait_message_dialog (), "back");
  g_assert_true (gtk_widget_has_focus (paper_row (intake, 0)));

  /* The checklist from the keyboard: Space ticks, Down moves on, one Tab leaves. */
  g_assert_true (press_key_in (papers_list_box (intake), GDK_KEY_space));
  g_assert_true (paper_ticked (intake, 0));
  g_assert_true (press_key_in (papers_list_box (intake), GDK_KEY_Down));
  g_assert_true (gtk_widget_has_focus (paper_row (intake, 1)));
  g_assert_true (press_key_in (papers_list_box (intake), GDK_KEY_space));
  g_assert_true (paper_ticked (intake, 1));
  g_assert_true (press_key_in (papers_list_box (intake), GDK_KEY_Up));
  g_assert_true (gtk_widget_has_focus (paper_row (intake, 0)));
  g_assert_true (press_key_in (papers_list_box (intake), GDK_KEY_Tab));
  assert_focus_in (intake, "sets_spin");
  g_assert_true (press_key_in (papers_list_box (intake), GDK_KEY_space) == FALSE);
  mc_ui_snap ("intake");

  /* The third required paper is still missing: a supplement request
   * (Form 02) is recorded with the receipt. */
  gtk_widget_activate (save);
  answer (mc_ui_wait_message_dialog (), "supplement");
  code_label = mc_ui_get (intake, "result_code_label");
  mc_ui_wait_until (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (code_label)), "000.00.12.H29-"), 20,
                    "the dossier code");
  saved_code = g_strdup (gtk_label_get_label (GTK_LABEL (code_label)));
  /* Station 3 issues codes 3000–3999. */
  g_assert_true (g_str_has_suffix (saved_code, "-3000"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (mc_ui_get (intake, "result_due_label"))), !=, "");
  g_assert_true (is_visible (intake, "supplement_button"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (mc_ui_get (intake, "result_missing_label"))),
                            "Giấy tờ tùy thân"));
  {
    g_autoptr(GPtrArray) events = history_kinds (saved_code);
    McStore *store = mc_context_get_store (mc_window_get_context (window));
    g_autoptr(GError) error = NULL;
    g_autoptr(McDossier) d = mc_store_load_dossier (store, saved_code, &error);

    g_assert_true (has_event (events, "supplement"));
    g_assert_cmpint (mc_dossier_get_state (d), ==, MC_DOSSIER_STATE_SUPPLEMENT_REQUESTED);
    g_assert_cmpuint (mc_dossier_get_papers (d)->len, ==, 2);
  }
  mc_ui_snap ("receipt");
  save_receipt_as_pdf (intake);

  gtk_widget_activate (mc_ui_get (intake, "done_button"));
  mc_ui_wait_until (on_page ("dossiers"), 10, "the list after Done");

  /* Saved for good: the store has it, the draft is gone. */
  {
    g_autoptr(GError) error = NULL;
    McStore *store = mc_context_get_store (mc_window_get_context (window));
    g_autoptr(McDossier) d = mc_store_load_dossier (store, saved_code, &error);
    g_autoptr(GPtrArray) drafts = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (mc_dossier_get_applicant_name (d), ==, "Đặng Thị Ánh");
    g_assert_cmpstr (mc_dossier_get_procedure_code (d), ==, "HT-KS");
    mc_ui_settle (200);
    drafts = mc_store_list_drafts (store, &error);
    g_assert_cmpuint (drafts->len, ==, 0);
  }
}

/* Ctrl+T ticks every required paper; one handed back later, the dossier
 * is taken in incomplete, and its history says without what. */
static void
test_intake_incomplete (void)
{
  GtkWidget *intake, *entry, *code_label;
  g_autoptr(GPtrArray) events = NULL;

  gtk_widget_activate_action (win (), "win.new-dossier", NULL);
  mc_ui_wait_until (on_page ("intake"), 10, "the intake page");
  intake = mc_ui_find_type (win (), MC_TYPE_INTAKE_PAGE);
  entry = mc_ui_get (intake, "procedure_entry");
  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "khai sinh");
  mc_ui_settle (400);
  g_signal_emit_by_name (entry, "activate");
  mc_ui_settle (100);
  mc_ui_type (intake, "full_name_row", "Lò Văn Páo");
  mc_ui_type (intake, "id_number_row", "001085012345");
  mc_ui_type (intake, "date_of_birth_row", "02/03/1985");
  mc_ui_type (intake, "address_row", "Bản Mường, xã Tân Lập");

  gtk_widget_activate_action (intake, "intake.tick-required", NULL);
  mc_ui_settle (50);
  g_assert_true (paper_ticked (intake, 0));
  g_assert_true (paper_ticked (intake, 1));
  g_assert_true (paper_ticked (intake, 2));
  g_assert_false (paper_ticked (intake, 3));   /* only if applicable */
  gtk_widget_grab_focus (paper_row (intake, 1));
  g_assert_true (press_key_in (papers_list_box (intake), GDK_KEY_space));
  g_assert_false (paper_ticked (intake, 1));

  gtk_widget_activate_action (intake, "intake.save", NULL);
  answer (mc_ui_wait_message_dialog (), "incomplete");
  code_label = mc_ui_get (intake, "result_code_label");
  mc_ui_wait_until (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (code_label)), "000.00.12.H29-"), 20,
                    "the dossier code");
  mc_ui_wait_until (is_visible (intake, "result_missing_label"), 10, "the missing papers");
  g_assert_false (is_visible (intake, "supplement_button"));
  events = history_kinds (gtk_label_get_label (GTK_LABEL (code_label)));
  g_assert_true (has_event (events, "incomplete"));
  for (guint i = 0; i < events->len; i++)
    if (g_strcmp0 (((McEvent *) events->pdata[i])->kind, "incomplete") == 0)
      {
        g_autofree char *text = mc_dossier_row_describe_event (events->pdata[i]);
        g_assert_nonnull (strstr (text, "Giấy chứng sinh"));
      }
  gtk_widget_activate (mc_ui_get (intake, "done_button"));
  mc_ui_wait_until (on_page ("dossiers"), 10, "the list after Done");
}

/* A typical birth registration from the list, keyboard only, counting
 * every key that is not the data itself (the target: ≤ 15). */
static void
test_intake_keystrokes (void)
{
  GtkWidget *intake, *entry, *code_label;
  guint keys = 0;
  struct { const char *row, *text; gboolean tab; } fields[] = {
    { "full_name_row", "Mai Thị Hoa", FALSE },
    { "id_number_row", "001185012345", FALSE },
    { "date_of_birth_row", "02/03/1985", FALSE },
    { "phone_row", "0912345678", FALSE },
    { "address_row", "Thôn 5, xã Tân Lập", FALSE },
  };

  gtk_widget_activate_action (win (), "win.new-dossier", NULL);                  /* Ctrl+N */
  keys++;
  mc_ui_wait_until (on_page ("intake"), 10, "the intake page");
  intake = mc_ui_find_type (win (), MC_TYPE_INTAKE_PAGE);
  mc_ui_settle (100);
  assert_focus_in (intake, "procedure_entry");
  entry = mc_ui_get (intake, "procedure_entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), "khai sinh");
  mc_ui_settle (400);
  g_signal_emit_by_name (entry, "activate");                                       /* Enter */
  keys++;
  mc_ui_settle (50);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *row = mc_ui_get (intake, fields[i].row);

      if (!focus_in (intake, fields[i].row))
        {
          /* Only the ID kind's list stands between two fields: Tab passes it. */
          assert_focus_in (intake, "id_kind_row");
          press_tab (FALSE);                                                      /* Tab */
          keys++;
        }
      assert_focus_in (intake, fields[i].row);
      gtk_editable_set_text (GTK_EDITABLE (row), fields[i].text);
      g_signal_emit_by_name (row, "entry-activated");                              /* Enter */
      keys++;
      mc_ui_settle (30);
    }
  assert_focus_in (intake, "email_row");
  gtk_widget_activate_action (intake, "intake.tick-required", NULL);              /* Ctrl+T */
  keys++;
  gtk_widget_activate_action (intake, "intake.save", NULL);                       /* Ctrl+S */
  keys++;
  code_label = mc_ui_get (intake, "result_code_label");
  mc_ui_wait_until (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (code_label)), "000.00.12.H29-") &&
                    is_visible (intake, "new_button") && !is_visible (intake, "result_missing_label"), 20,
                    "the receipt");
  /* Then Ctrl+P and Enter in the print dialog (two copies already ticked). */
  keys += 2;
  g_test_message ("keystrokes beyond the data for a birth registration: %u", keys);
  g_assert_cmpuint (keys, <=, 15);
  gtk_widget_activate (mc_ui_get (intake, "done_button"));
  mc_ui_wait_until (on_page ("dossiers"), 10, "the list after Done");
}

/* Ctrl+Q right after typing: the autosave that was still pending is
 * written, and every queued write finishes, before the process ends. */
static void
test_quit_keeps_typing (void)
{
  GtkWidget *intake;
  g_autoptr(McStore) other = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_activate_action (win (), "win.new-dossier", NULL);
  mc_ui_wait_until (on_page ("intake"), 10, "the intake page");
  intake = mc_ui_find_type (win (), MC_TYPE_INTAKE_PAGE);
  mc_ui_type (intake, "full_name_row", "Ngô Thị Quyên");

  /* What the application does on quit, within the autosave delay. */
  mc_window_prepare_quit (window);

  other = mc_store_open (data_dir, &error);
  g_assert_no_error (error);
  drafts = mc_store_list_drafts (other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_nonnull (strstr (((McDraft *) drafts->pdata[0])->data, "Ngô Thị Quyên"));
}

/* The nth (0-based) descendant of @root whose widget name is @name. */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name,
            guint      *nth)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0 && (*nth)-- == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name, nth);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
get_named (GtkWidget  *root,
           const char *name,
           guint       nth)
{
  GtkWidget *w = find_named (root, name, &nth);

  if (w == NULL)
    g_error ("no widget named “%s”", name);
  return w;
}

/* Fees default from the catalog (one set by the province stays empty);
 * an exemption is refused until its reason is typed; what is saved is
 * what the clerk confirmed. */
static void
test_intake_fees (void)
{
  GtkWidget *intake, *entry, *code_label, *papers_error;
  g_autofree char *before = NULL;
  g_autoptr(McDossier) saved = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *fees;
  McFee *fee;

  gtk_widget_activate_action (win (), "win.new-dossier", NULL);
  mc_ui_wait_until (on_page ("intake"), 10, "the intake page");
  intake = mc_ui_find_type (win (), MC_TYPE_INTAKE_PAGE);
  entry = mc_ui_get (intake, "procedure_entry");
  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "chứng thực hợp đồng");
  mc_ui_settle (400);
  g_signal_emit_by_name (entry, "activate");
  mc_ui_settle (100);

  g_assert_true (gtk_widget_get_visible (get_named (intake, "fees-group", 0)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_named (intake, "fee-amount", 0))), ==, "50000");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (get_named (intake, "fee-amount", 1))), ==, "");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (get_named (intake, "fees-total", 0))), ==, "50.000 đồng");
  g_assert_false (gtk_widget_get_visible (get_named (intake, "fee-reason", 0)));

  mc_ui_type (intake, "full_name_row", "Hà Thị Thu");
  mc_ui_type (intake, "id_number_row", "001185012345");
  mc_ui_type (intake, "date_of_birth_row", "02/03/1985");
  mc_ui_type (intake, "address_row", "Thôn 2, xã Tân Lập");
  gtk_widget_activate_action (intake, "intake.tick-required", NULL);
  /* The second fee is collected after all: typed the Vietnamese way. */
  gtk_editable_set_text (GTK_EDITABLE (get_named (intake, "fee-amount", 1)), "25.000");
  mc_ui_settle (50);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (get_named (intake, "fees-total", 0))), ==, "75.000 đồng");

  /* Exempt without a reason: not saved, and the message names the fee. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (get_named (intake, "fee-exempt", 0)), TRUE);
  mc_ui_settle (50);
  g_assert_true (gtk_widget_get_visible (get_named (intake, "fee-reason", 0)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (get_named (intake, "fees-total", 0))), ==, "…");
  /* It reads "Miễn", not the catalog's amount, and cannot be typed in;
   * undone, the amount is back. */
  entry = get_named (intake, "fee-amount", 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, g_dgettext ("motcua-desk", "Exempt"));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (entry)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (get_named (intake, "fee-exempt", 0)), FALSE);
  mc_ui_settle (50);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "50000");
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (entry)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (get_named (intake, "fees-total", 0))), ==, "75.000 đồng");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (get_named (intake, "fee-exempt", 0)), TRUE);
  mc_ui_settle (50);
  gtk_widget_activate_action (intake, "intake.save", NULL);
  mc_ui_settle (200);
  g_assert_true (on_page ("intake"));
  papers_error = mc_ui_get (intake, "papers_error");
  mc_ui_wait_until (gtk_widget_get_visible (papers_error), 10, "the fees' message");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (papers_error)), "Phí chứng thực hợp đồng, giao dịch"));

  gtk_editable_set_text (GTK_EDITABLE (get_named (intake, "fee-reason", 0)), "Người có công với cách mạng");
  mc_ui_settle (50);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (get_named (intake, "fees-total", 0))), ==, "25.000 đồng");
  g_assert_false (gtk_widget_get_visible (papers_error));
  gtk_widget_grab_focus (get_named (intake, "fee-reason", 0));
  mc_ui_settle (100);
  mc_ui_snap ("intake-fees");

  /* The result page may still show the code of the dossier before. */
  code_label = mc_ui_get (intake, "result_code_label");
  before = g_strdup (gtk_label_get_label (GTK_LABEL (code_label)));
  gtk_widget_activate_action (intake, "intake.save", NULL);
  mc_ui_wait_until (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (code_label)), "000.00.12.H29-") &&
                    g_strcmp0 (gtk_label_get_label (GTK_LABEL (code_label)), before) != 0, 20,
                    "the dossier code");
  saved = mc_store_load_dossier (mc_context_get_store (mc_window_get_context (window)),
                                 gtk_label_get_label (GTK_LABEL (code_label)), &error);
  g_assert_no_error (error);
  fees = mc_dossier_get_fees (saved);
  for (guint i = 0; i < fees->len; i++)
    g_test_message ("fee %u: %s %" G_GINT64_FORMAT " %d %s", i, ((McFee *) fees->pdata[i])->name,
                    ((McFee *) fees->pdata[i])->amount, ((McFee *) fees->pdata[i])->exempt,
                    ((McFee *) fees->pdata[i])->reason);
  g_assert_cmpuint (fees->len, ==, 2);
  fee = fees->pdata[0];
  g_assert_cmpstr (fee->name, ==, "Phí chứng thực hợp đồng, giao dịch");
  g_assert_true (fee->exempt);
  g_assert_cmpint (fee->amount, ==, 0);
  g_assert_cmpstr (fee->reason, ==, "Người có công với cách mạng");
  fee = fees->pdata[1];
  g_assert_false (fee->exempt);
  g_assert_cmpint (fee->amount, ==, 25000);
  gtk_widget_activate (mc_ui_get (intake, "done_button"));
  mc_ui_wait_until (on_page ("dossiers"), 10, "the list after Done");
}

int
main (int    argc,
      char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  /* Criticals stay fatal; GTK warns about focus events that Xvfb without
   * a window manager never sends, which is no fault of ours. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  mc_core_init_i18n ();

  data_dir = mc_test_make_tmp_dir ();
  window = mc_ui_start_app ("io.github.motcua.Desk.Test", data_dir, &app);
  if (g_getenv ("MOTCUA_SCREENSHOT_DIR") != NULL)
    {
      /* MOTCUA_SCREENSHOT_SIZE=900x700 for the small screens. */
      const char *size = g_getenv ("MOTCUA_SCREENSHOT_SIZE");
      int w = 1366, h = 768;

      if (size != NULL && sscanf (size, "%dx%d", &w, &h) != 2)
        g_error ("MOTCUA_SCREENSHOT_SIZE must be WIDTHxHEIGHT, not “%s”", size);
      gtk_window_set_default_size (GTK_WINDOW (window), w, h);
    }

  g_test_add_func ("/desk/first-run-setup", test_first_run_setup);
  g_test_add_func ("/desk/intake", test_intake_with_invalid_field);
  g_test_add_func ("/desk/intake-fees", test_intake_fees);
  g_test_add_func ("/desk/intake-incomplete", test_intake_incomplete);
  g_test_add_func ("/desk/intake-keystrokes", test_intake_keystrokes);
  desk_add_list_tests ();
  /* Last: it shuts the window's store work down. */
  g_test_add_func ("/desk/quit-keeps-typing", test_quit_keeps_typing);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  mc_ui_settle (50);
  g_clear_object (&app);
  mc_test_rm_rf (data_dir);
  g_free (data_dir);
  return status;
}
