/* test-return.c — handing the result over from the details pane (under Xvfb)
 *
 * Three dossiers: two the province finished (done), one still processing.
 * "Awaiting Hand-Over" lists the two finished ones; "Hand Over…" is shown
 * for them only; its dialog proposes the applicant, the clerk types who
 * came instead, and the hand-over is recorded (state returned, the
 * receiver kept, the history says so) and the dossier leaves the list.
 *
 * The desk's other decisions share the dialog's frame: on the dossier
 * still processing, a new appointment date checked as typed, a save that
 * fails (the date was moved meanwhile from elsewhere) bringing the dialog
 * back with what was typed and why, now checked against the date as it
 * is in the store, then saved; then a refusal, after which no decision is
 * offered.
 *
 * Decided elsewhere while a dialog is open: a refusal written by another
 * connection makes a stop's save fail, and a hand-over written by another
 * connection a hand-over's; each dialog comes back saying so, with what
 * was typed and nothing to save. A refusal recorded by this desk (as the
 * upload agent's news would) while a dialog is open shows in it at once.
 */
#include "test-util.h"

#include <string.h>
#include "ui-util.h"

#include "mc-application.h"
#include "mc-dossier-row.h"
#include "mc-window.h"

static McWindow *window;
static char *data_dir;
static char *codes[5];   /* done, done, processing, processing, processing */

static GtkWidget *
win (void)
{
  return GTK_WIDGET (window);
}

static GListModel *
list_model (void)
{
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (mc_ui_get (win (), "list_view"))));
}

static gboolean
listed (const char *code)
{
  GListModel *model = list_model ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(McDossierRow) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (mc_dossier_row_get_code (row), code) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
open_details (const char *code)
{
  GtkLabel *code_label = GTK_LABEL (mc_ui_get (win (), "details_code_label"));
  GListModel *model = list_model ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(McDossierRow) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (mc_dossier_row_get_code (row), code) == 0)
        {
          g_signal_emit_by_name (mc_ui_get (win (), "list_view"), "activate", i);
          break;
        }
    }
  mc_ui_wait_until (g_strcmp0 (gtk_label_get_label (code_label), code) == 0, 10, "the details of the dossier");
}

static gboolean
history_mentions (const char *text)
{
  GtkWidget *list = mc_ui_get (win (), "history_list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_PREFERENCES_ROW (row) &&
        strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), text) != NULL)
      return TRUE;
  return FALSE;
}

static McDossier *
stored (const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (data_dir, &error);
  McDossier *d;

  g_assert_no_error (error);
  d = mc_store_load_dossier (store, code, &error);
  g_assert_no_error (error);
  return d;
}

static void
test_hand_over (void)
{
  GtkWidget *awaiting, *return_button, *row;
  AdwMessageDialog *dialog = NULL;
  g_autoptr(McDossier) after = NULL;

  mc_ui_wait_until (g_strcmp0 (mc_window_get_page (window), "dossiers") == 0, 20, "the dossier list");
  mc_ui_wait_until (listed (codes[2]), 20, "the dossiers listed");

  /* Awaiting hand-over: the two finished ones only. */
  awaiting = mc_ui_get (win (), "awaiting_button");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (awaiting), TRUE);
  mc_ui_wait_until (g_list_model_get_n_items (list_model ()) == 2 && listed (codes[0]) && listed (codes[1]), 20,
                    "the two dossiers awaiting hand-over");
  g_assert_false (gtk_widget_get_sensitive (mc_ui_get (win (), "state_dropdown")));

  open_details (codes[0]);
  return_button = mc_ui_get (win (), "return_button");
  mc_ui_wait_until (gtk_widget_get_visible (return_button), 10, "the Hand Over button");
  g_assert_false (gtk_widget_get_visible (mc_ui_get (win (), "returned_row")));
  mc_ui_snap ("return-awaiting");

  g_assert_true (gtk_widget_is_sensitive (return_button));
  /* The button's action, from the button (a click needs it realized,
   * which the details page may not be yet under load). */
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (return_button)), ==, "details.return");
  g_assert_true (gtk_widget_activate_action (return_button, "details.return", NULL));
  mc_ui_wait_until ((dialog = mc_ui_message_dialog ()) != NULL, 10, "the hand-over dialog");
  row = mc_ui_find_type (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (row);
  /* The applicant by default. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Đặng Thị Ánh");
  /* Not a person's name: the hand-over cannot be saved. */
  gtk_editable_set_text (GTK_EDITABLE (row), "12345");
  mc_ui_settle (20);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "return"));
  /* Her husband came for it. */
  gtk_editable_set_text (GTK_EDITABLE (row), "Nguyễn Văn An");
  mc_ui_settle (20);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "return"));
  mc_ui_snap ("return-dialog");

  adw_message_dialog_response (dialog, "return");
  mc_ui_wait_until (mc_ui_message_dialog () == NULL, 10, "the dialog to close");

  /* It leaves the list; the details say returned, to whom. */
  mc_ui_wait_until (!listed (codes[0]) && listed (codes[1]) && g_list_model_get_n_items (list_model ()) == 1, 20,
                    "the dossier to leave the awaiting hand-over list");
  after = stored (codes[0]);
  g_assert_cmpint (mc_dossier_get_state (after), ==, MC_DOSSIER_STATE_RETURNED);
  g_assert_cmpstr (mc_dossier_get_returned_to (after), ==, "Nguyễn Văn An");
  g_assert_nonnull (mc_dossier_get_returned_at (after));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (awaiting), FALSE);
  mc_ui_wait_until (listed (codes[0]) && listed (codes[2]), 20, "every dossier listed again");
  open_details (codes[0]);
  mc_ui_wait_until (history_mentions ("Nguyễn Văn An"), 10, "the hand-over in the history");
  g_assert_false (gtk_widget_get_visible (return_button));
  g_assert_true (gtk_widget_get_visible (mc_ui_get (win (), "returned_row")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (mc_ui_get (win (), "returned_row"))), ==,
                   "Nguyễn Văn An");
  mc_ui_snap ("return-details");

  /* Nothing to hand over while the province is still at it. */
  open_details (codes[2]);
  mc_ui_settle (100);
  g_assert_false (gtk_widget_get_visible (return_button));
}

/* The entry rows of @dialog, in order. */
static GPtrArray *
entry_rows (AdwMessageDialog *dialog)
{
  GPtrArray *rows = g_ptr_array_new ();
  GtkWidget *first = mc_ui_find_type (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);

  g_assert_nonnull (first);
  for (GtkWidget *w = first; w != NULL; w = gtk_widget_get_next_sibling (w))
    if (ADW_IS_ENTRY_ROW (w))
      g_ptr_array_add (rows, w);
  return rows;
}

/* The dialog's error line, if shown. */
static const char *
shown_error (AdwMessageDialog *dialog)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);

  for (GtkWidget *label = gtk_widget_get_first_child (box); label != NULL; label = gtk_widget_get_next_sibling (label))
    if (GTK_IS_LABEL (label) && gtk_widget_has_css_class (label, "field-error"))
      return gtk_widget_get_visible (label) ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
  return NULL;
}

/* "dd/mm/yyyy" and "yyyy-mm-dd" of @days after @iso. */
static void
days_after (const char *iso,
            int         days,
            char      **typed,
            char      **stored_date)
{
  g_autoptr(GDateTime) d = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) later = NULL;

  if (d == NULL)
    {
      g_autofree char *full = g_strconcat (iso, "T00:00:00Z", NULL);
      d = g_date_time_new_from_iso8601 (full, NULL);
    }
  g_assert_nonnull (d);
  later = g_date_time_add_days (d, days);
  *typed = g_date_time_format (later, "%d/%m/%Y");
  *stored_date = g_date_time_format (later, "%Y-%m-%d");
}

static gboolean
has_text (const char *haystack,
          const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

/* The dialog's text: what the decision does. */
static const char *
body (AdwMessageDialog *dialog)
{
  return adw_message_dialog_get_body (dialog);
}

static gboolean
date_flagged (GtkWidget *row)
{
  return gtk_widget_has_css_class (row, "error");
}

static void
test_decisions (void)
{
  GtkWidget *actions_button;
  AdwMessageDialog *dialog = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(McDossier) before = NULL;
  g_autoptr(McDossier) after = NULL;
  g_autoptr(McDossier) refused = NULL;
  g_autofree char *typed = NULL, *first_iso = NULL, *moved_typed = NULL, *moved_iso = NULL;
  g_autofree char *final_typed = NULL, *final_iso = NULL;
  g_autofree char *between_typed = NULL, *between_iso = NULL, *old_typed = NULL, *old_iso = NULL;
  g_autoptr(GError) error = NULL;
  const char *shown;

  mc_ui_wait_until (listed (codes[2]), 20, "the dossier still processing listed");
  open_details (codes[2]);
  actions_button = mc_ui_get (win (), "actions_button");
  mc_ui_wait_until (gtk_widget_get_sensitive (actions_button), 10, "the decisions offered");
  before = stored (codes[2]);
  days_after (mc_dossier_get_due_date (before), 7, &typed, &first_iso);
  days_after (mc_dossier_get_due_date (before), 10, &moved_typed, &moved_iso);
  days_after (mc_dossier_get_due_date (before), 20, &final_typed, &final_iso);
  days_after (mc_dossier_get_due_date (before), 9, &between_typed, &between_iso);
  days_after (mc_dossier_get_due_date (before), 0, &old_typed, &old_iso);

  /* A new date: the date row first, then the reason. */
  g_assert_true (gtk_widget_activate_action (actions_button, "details.new-date", NULL));
  mc_ui_wait_until ((dialog = mc_ui_message_dialog ()) != NULL, 10, "the new-date dialog");
  rows = entry_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_true (has_text (body (dialog), old_typed));

  /* Not a date, then a date not after the current one: said, not saved. */
  gtk_editable_set_text (GTK_EDITABLE (rows->pdata[1]), "Chờ xác minh nhân thân");
  gtk_editable_set_text (GTK_EDITABLE (rows->pdata[0]), "31/02/2026");
  mc_ui_settle (20);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_nonnull (shown_error (dialog));
  gtk_editable_set_text (GTK_EDITABLE (rows->pdata[0]), "01/01/2020");
  mc_ui_settle (20);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_nonnull (shown_error (dialog));
  gtk_editable_set_text (GTK_EDITABLE (rows->pdata[0]), typed);
  mc_ui_settle (20);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_null (shown_error (dialog));

  /* One decision at a time: asking again shows the same dialog. */
  g_assert_true (gtk_widget_activate_action (actions_button, "details.refuse", NULL));
  mc_ui_settle (50);
  g_assert_true (mc_ui_message_dialog () == dialog);

  /* Meanwhile the date is moved further from elsewhere (the CLI): the
   * typed date is no longer after it, and the save fails. */
  {
    g_autoptr(McStore) store = mc_store_open (data_dir, &error);

    g_assert_no_error (error);
    g_assert_true (mc_store_record_desk_action (store, codes[2], MC_DESK_ACTION_NEW_DATE, "Đã hẹn lại qua điện thoại",
                                                moved_iso, "test", &error));
    g_assert_no_error (error);
  }
  adw_message_dialog_response (dialog, "save");
  mc_ui_wait_until ((shown = shown_error (dialog)) != NULL && gtk_widget_get_visible (GTK_WIDGET (dialog)), 20,
                    "the dialog back with why the save failed");
  /* The date as the clerk reads and types it. */
  g_assert_true (strstr (shown, moved_typed) != NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rows->pdata[0])), ==, typed);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (rows->pdata[1])), ==, "Chờ xác minh nhân thân");
  /* Checked again against the date as it is now: the typed one is before
   * it, and the dialog's text gives the new one. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_true (date_flagged (rows->pdata[0]));
  g_assert_true (has_text (body (dialog), moved_typed));
  g_assert_false (has_text (body (dialog), old_typed));
  /* The pane behind read it again too. */
  mc_ui_wait_until (has_text (gtk_label_get_label (GTK_LABEL (mc_ui_get (win (), "due_label"))), moved_typed), 10,
                    "the moved date in the details");
  mc_ui_snap ("decision-failed");

  /* As the clerk types: a date between the old and the current one is
   * not after the current one, nor is the current one itself. */
  gtk_editable_set_text (GTK_EDITABLE (rows->pdata[0]), between_typed);
  mc_ui_settle (20);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_true (date_flagged (rows->pdata[0]));
  g_assert_true (has_text (shown_error (dialog), moved_typed));
  gtk_editable_set_text (GTK_EDITABLE (rows->pdata[0]), moved_typed);
  mc_ui_settle (20);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_true (has_text (shown_error (dialog), moved_typed));

  gtk_editable_set_text (GTK_EDITABLE (rows->pdata[0]), final_typed);
  mc_ui_settle (20);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_false (date_flagged (rows->pdata[0]));
  g_assert_null (shown_error (dialog));
  adw_message_dialog_response (dialog, "save");
  mc_ui_wait_until (mc_ui_message_dialog () == NULL, 10, "the dialog to close");
  mc_ui_wait_until (history_mentions ("Chờ xác minh nhân thân"), 10, "the new date in the history");
  after = stored (codes[2]);
  g_assert_cmpstr (mc_dossier_get_due_date (after), ==, final_iso);
  g_assert_cmpint (mc_dossier_get_state (after), ==, MC_DOSSIER_STATE_PROCESSING);

  /* A refusal closes it: nothing more is offered. */
  g_assert_true (gtk_widget_activate_action (actions_button, "details.refuse", NULL));
  mc_ui_wait_until ((dialog = mc_ui_message_dialog ()) != NULL, 10, "the refusal dialog");
  g_ptr_array_unref (rows);
  rows = entry_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (rows->pdata[0]), "Không thuộc thẩm quyền giải quyết của xã");
  mc_ui_settle (20);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  adw_message_dialog_response (dialog, "save");
  mc_ui_wait_until (mc_ui_message_dialog () == NULL, 10, "the refusal dialog to close");
  mc_ui_wait_until (!gtk_widget_get_sensitive (actions_button), 10, "no decision offered after a refusal");
  refused = stored (codes[2]);
  g_assert_cmpint (mc_dossier_get_state (refused), ==, MC_DOSSIER_STATE_REJECTED);
}

/* Opens the decision @action_name (one row: the reason) on the dossier
 * shown and types @reason. */
static AdwMessageDialog *
open_decision (GtkWidget  *actions_button,
               const char *action_name,
               const char *reason)
{
  AdwMessageDialog *dialog = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_true (gtk_widget_activate_action (actions_button, action_name, NULL));
  mc_ui_wait_until ((dialog = mc_ui_message_dialog ()) != NULL, 10, "the decision dialog");
  rows = entry_rows (dialog);
  g_assert_cmpuint (rows->len, ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (rows->pdata[0]), reason);
  mc_ui_settle (20);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  return dialog;
}

static void
record_elsewhere (const char   *code,
                  McDeskAction  action,
                  const char   *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (data_dir, &error);

  g_assert_no_error (error);
  if (action == MC_DESK_ACTION_RETURN)
    g_assert_true (mc_store_record_return (store, code, text, NULL, "test", &error));
  else
    g_assert_true (mc_store_record_desk_action (store, code, action, text, NULL, "test", &error));
  g_assert_no_error (error);
}

static void
recorded_here_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_context_record_action_finish (MC_CONTEXT (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_decided_elsewhere (void)
{
  GtkWidget *actions_button = mc_ui_get (win (), "actions_button");
  AdwMessageDialog *dialog = NULL;
  GtkWidget *row;
  g_autoptr(McDossier) here = NULL;
  const char *shown;
  gboolean recorded = FALSE;

  /* A stop is being written when another desk refuses the dossier. */
  mc_ui_wait_until (listed (codes[3]) && listed (codes[4]), 20, "the dossiers still processing listed");
  open_details (codes[3]);
  mc_ui_wait_until (gtk_widget_get_sensitive (actions_button), 10, "the decisions offered");
  dialog = open_decision (actions_button, "details.stop", "Công dân đề nghị dừng");
  record_elsewhere (codes[3], MC_DESK_ACTION_REFUSE, "Hồ sơ giả mạo");
  adw_message_dialog_response (dialog, "save");
  mc_ui_wait_until ((shown = shown_error (dialog)) != NULL && gtk_widget_get_visible (GTK_WIDGET (dialog)), 20,
                    "the stop dialog back with why the save failed");
  g_assert_true (has_text (shown, codes[3]));
  row = mc_ui_find_type (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Công dân đề nghị dừng");
  /* Nothing to save that could succeed, even once the clerk types. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_true (!adw_message_dialog_has_response (dialog, "save-print") ||
                 !adw_message_dialog_get_response_enabled (dialog, "save-print"));
  gtk_editable_set_text (GTK_EDITABLE (row), "Công dân đề nghị dừng giải quyết");
  mc_ui_settle (20);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  g_assert_true (has_text (shown_error (dialog), codes[3]));
  g_assert_true (has_text (shown_error (dialog), mc_dossier_state_get_label (MC_DOSSIER_STATE_REJECTED)));
  mc_ui_snap ("decision-closed");
  adw_message_dialog_response (dialog, "cancel");
  mc_ui_wait_until (mc_ui_message_dialog () == NULL, 10, "the stop dialog to close");
  /* The pane read it again: nothing more is offered. */
  mc_ui_wait_until (!gtk_widget_get_sensitive (actions_button), 10, "no decision offered after the refusal");

  /* A refusal recorded by this desk while a supplement is being written
   * (the upload agent's news reach the views the same way). */
  open_details (codes[4]);
  mc_ui_wait_until (gtk_widget_get_sensitive (actions_button), 10, "the decisions offered");
  dialog = open_decision (actions_button, "details.supplement", "Thiếu bản sao giấy khai sinh");
  here = stored (codes[4]);
  mc_context_record_action_async (mc_window_get_context (window), mc_dossier_get_uuid (here), MC_DESK_ACTION_REFUSE,
                                  "Không thuộc thẩm quyền", NULL, NULL, recorded_here_cb, &recorded);
  mc_ui_wait_until (recorded && !adw_message_dialog_get_response_enabled (dialog, "save"), 20,
                    "the supplement dialog to see the refusal");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (has_text (shown_error (dialog), codes[4]));
  adw_message_dialog_response (dialog, "cancel");
  mc_ui_wait_until (mc_ui_message_dialog () == NULL, 10, "the supplement dialog to close");

  /* The result handed over from another desk while this one writes it. */
  open_details (codes[1]);
  mc_ui_wait_until (gtk_widget_get_visible (mc_ui_get (win (), "return_button")), 10, "the Hand Over button");
  g_assert_true (gtk_widget_activate_action (mc_ui_get (win (), "return_button"), "details.return", NULL));
  mc_ui_wait_until ((dialog = mc_ui_message_dialog ()) != NULL, 10, "the hand-over dialog");
  row = mc_ui_find_type (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  gtk_editable_set_text (GTK_EDITABLE (row), "Lê Thị Mai");
  mc_ui_settle (20);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "return"));
  record_elsewhere (codes[1], MC_DESK_ACTION_RETURN, "Lê Văn Bình");
  adw_message_dialog_response (dialog, "return");
  mc_ui_wait_until ((shown = shown_error (dialog)) != NULL && gtk_widget_get_visible (GTK_WIDGET (dialog)), 20,
                    "the hand-over dialog back with why the save failed");
  g_assert_true (has_text (shown, "Lê Văn Bình"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Lê Thị Mai");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "return"));
  adw_message_dialog_response (dialog, "cancel");
  mc_ui_wait_until (mc_ui_message_dialog () == NULL, 10, "the hand-over dialog to close");
  mc_ui_wait_until (!gtk_widget_get_visible (mc_ui_get (win (), "return_button")), 10,
                    "no hand-over offered once handed over");
}

static void
fill_store (const char *dir)
{
  g_autoptr(McStore) store = mc_test_open_store (dir, 1);
  const char *names[] = { "Đặng Thị Ánh", "Lê Văn Bình", "Phạm Thị Cúc", "Trần Văn Dũng", "Vũ Thị Hoa" };
  const McDossierState states[] = { MC_DOSSIER_STATE_DONE, MC_DOSSIER_STATE_DONE, MC_DOSSIER_STATE_PROCESSING,
                                    MC_DOSSIER_STATE_PROCESSING, MC_DOSSIER_STATE_PROCESSING };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *cccd = g_strdup_printf ("00118501234%u", i);
      g_autofree char *at = g_strdup_printf ("2026-11-2%uT09:15:00+07:00", 3 + i);
      g_autoptr(McDossier) d = mc_test_sample_dossier (names[i], cccd, at);

      g_assert_true (mc_store_insert_dossier (store, d, NULL, "test", &error));
      g_assert_no_error (error);
      g_assert_true (mc_store_set_dossier_state (store, mc_dossier_get_uuid (d), states[i], "sync", NULL, &error));
      g_assert_no_error (error);
      codes[i] = g_strdup (mc_dossier_get_code (d));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(McApplication) app = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  mc_core_init_i18n ();

  data_dir = mc_test_make_tmp_dir ();
  fill_store (data_dir);
  window = mc_ui_start_app ("io.github.motcua.Desk.Test", data_dir, &app);

  g_test_add_func ("/return/hand-over", test_hand_over);
  g_test_add_func ("/return/decisions", test_decisions);
  g_test_add_func ("/return/decided-elsewhere", test_decided_elsewhere);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  mc_ui_settle (50);
  g_clear_object (&app);
  mc_test_rm_rf (data_dir);
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    g_free (codes[i]);
  g_free (data_dir);
  return status;
}
