/* test-desk-list.c — the desk's dossier list, driven as a clerk would:
 * found by a diacritic-free search and opened; the list's keyboard, date
 * and Overdue filters. Part of test-desk (test-desk.h): these run after
 * the intake tests, on the dossier they saved.
 */
#include "test-util.h"

#include <string.h>
#include "ui-util.h"
#include "test-desk.h"

#include "mc-dossier-row.h"
#include "mc-dossiers-view.h"
#include "mc-window.h"

static guint
n_listed (void)
{
  GtkListView *list = GTK_LIST_VIEW (page ("list_view"));
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (list));

  return g_list_model_get_n_items (model);
}

static void
test_find_and_open (void)
{
  GtkWidget *view = page ("dossiers_view");
  GtkWidget *search = mc_ui_get (view, "search_entry");
  GtkListView *list = GTK_LIST_VIEW (mc_ui_get (view, "list_view"));
  GtkLabel *code_label = GTK_LABEL (mc_ui_get (view, "details_code_label"));
  g_autoptr(GError) error = NULL;
  McStore *store = mc_context_get_store (mc_window_get_context (window));

  g_assert_nonnull (saved_code);

  /* A second dossier, so the search has something to leave out. */
  {
    g_autoptr(McDossier) other = mc_test_sample_dossier ("Trần Văn Bình", "001085012345", "2026-11-20T09:00:00+07:00");
    g_assert_true (mc_store_insert_dossier (store, other, NULL, "test", &error));
    g_assert_no_error (error);
  }
  if (g_getenv ("MOTCUA_SCREENSHOT_DIR") != NULL)
    {
      /* A fuller list for the screenshots. */
      static const char *names[] = { "Nguyễn Văn Hùng", "Lê Thị Hoa", "Phạm Minh Tuấn", "Hoàng Thị Lan",
                                     "Vũ Đức Thắng", "Bùi Thị Mai", "Đỗ Văn Nam" };
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_autofree char *at = g_strdup_printf ("2026-11-%02uT%02u:15:00+07:00", 13 + i, 8 + i);
          g_autoptr(McDossier) d = mc_test_sample_dossier (names[i], i % 2 ? "001185012345" : "001085012345", at);
          g_assert_true (mc_store_insert_dossier (store, d, NULL, "test", &error));
          if (i % 3 == 1)
            mc_store_set_dossier_state (store, mc_dossier_get_uuid (d), MC_DOSSIER_STATE_UPLOADED, "sync", NULL, &error);
        }
    }
  gtk_widget_activate_action (view, "dossiers.reload", NULL);
  mc_ui_wait_until (n_listed () >= 2, 10, "both dossiers in the list");
  mc_ui_snap ("list");

  /* Ctrl+F's action focuses the search; no accents, any case. */
  gtk_widget_activate_action (win (), "win.search", NULL);
  mc_ui_settle (50);
  gtk_editable_set_text (GTK_EDITABLE (search), "DANG thi anh");
  mc_ui_wait_until (n_listed () == 1, 10, "the search to find one dossier");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (mc_ui_get (view, "count_label"))), "1"));

  /* Open it: its code, applicant and history show; Attach… only works with a dossier open. */
  g_signal_emit_by_name (list, "activate", 0);
  mc_ui_wait_until (g_strcmp0 (gtk_label_get_label (code_label), saved_code) == 0, 10, "the details of the dossier");
  g_assert_true (gtk_widget_get_sensitive (mc_ui_get (view, "attach_button")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (mc_ui_get (view, "details_applicant_label"))), "Đặng Thị Ánh"));
  mc_ui_wait_until (gtk_widget_get_first_child (mc_ui_get (view, "history_list")) != NULL, 10, "the history");
  mc_ui_snap ("details");

  /* A search that matches nothing says so, and the details no longer
   * show the dossier the list now hides. */
  gtk_editable_set_text (GTK_EDITABLE (search), "khong co ai");
  mc_ui_wait_until (n_listed () == 0, 10, "no result");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (mc_ui_get (view, "list_stack"))), ==, "no-results");
  mc_ui_wait_until (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (mc_ui_get (view, "stack"))), "empty") == 0,
                    10, "the details to empty");
  g_assert_false (gtk_widget_get_sensitive (mc_ui_get (view, "attach_button")));

  /* The next start keeps the state filter, not the search text. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (mc_ui_get (view, "state_dropdown")), 1);
  mc_ui_settle (100);
  {
    GtkWidget *next = g_object_ref_sink (g_object_new (MC_TYPE_DOSSIERS_VIEW, NULL));

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mc_ui_get (next, "search_entry"))), ==, "");
    g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (mc_ui_get (next, "state_dropdown"))), ==, 1);
    g_object_unref (next);
  }
  gtk_drop_down_set_selected (GTK_DROP_DOWN (mc_ui_get (view, "state_dropdown")), 0);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  mc_ui_wait_until (n_listed () >= 2, 10, "the whole list again");
}

static char *
vn_day (int days_from_today,
        const char *format)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days_from_today);

  return g_date_time_format (day, format);
}

/* The list is one Tab stop; dates are typed, Enter applies them, no
 * future day; "Overdue" keeps what is past its due date and not finished. */
static void
test_list_keyboard_and_filters (void)
{
  GtkWidget *view = page ("dossiers_view");
  GtkWidget *list = mc_ui_get (view, "list_view");
  GtkEntry *from_entry = GTK_ENTRY (mc_ui_get (view, "from_entry"));
  McStore *store = mc_context_get_store (mc_window_get_context (window));
  g_autoptr(GError) error = NULL;
  g_autofree char *received = vn_day (-10, "%Y-%m-%dT09:00:00+07:00");
  g_autofree char *due = vn_day (-3, "%Y-%m-%d");
  g_autofree char *today = vn_day (0, "%d/%m/%Y");
  g_autofree char *tomorrow = vn_day (1, "%d/%m/%Y");
  g_autofree char *overdue_on = vn_day (0, "%Y-%m-%d");
  g_autoptr(McDossier) late = mc_test_sample_dossier ("Phan Văn Trễ", "001085012345", received);
  McDossierQuery query = { 0 };
  guint total;
  gint64 expected;

  mc_dossier_set_due_date (late, due);
  g_assert_true (mc_store_insert_dossier (store, late, NULL, "test", &error));
  g_assert_no_error (error);
  gtk_widget_activate_action (view, "dossiers.reload", NULL);
  total = (guint) mc_store_count_dossiers (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, >=, 4);
  mc_ui_wait_until (n_listed () == total, 10, "every dossier");

  /* One stop: Tab from a row leaves the list, whatever row it is. */
  /* Right after the reload the list may still be refilling its rows and
   * refuse the focus for a moment (seen once under load): ask until it
   * takes it. */
  mc_ui_wait_until ((gtk_widget_grab_focus (list), focus_in (view, "list_view")), 10, "the focus in the list");
  g_assert_true (press_key_in (list, GDK_KEY_Tab));
  g_assert_false (focus_in (view, "list_view"));
  gtk_widget_grab_focus (list);
  g_assert_true (press_key_in (list, GDK_KEY_ISO_Left_Tab));
  g_assert_false (focus_in (view, "list_view"));

  /* A typed date, and Enter: from today on, only today's dossiers. */
  gtk_editable_set_text (GTK_EDITABLE (from_entry), tomorrow);
  g_signal_emit_by_name (from_entry, "activate");
  mc_ui_settle (200);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (from_entry), "error"));
  g_assert_cmpuint (n_listed (), ==, total);
  gtk_editable_set_text (GTK_EDITABLE (from_entry), today);
  g_signal_emit_by_name (from_entry, "activate");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (from_entry), "error"));
  query.from_date = vn_day (0, "%Y-%m-%d");
  expected = mc_store_count_dossiers (store, &query, &error);
  g_assert_no_error (error);
  mc_dossier_query_clear (&query);
  g_assert_cmpint (expected, >=, 2);   /* the two taken in above */
  g_assert_cmpint (expected, <, total);
  mc_ui_wait_until (n_listed () == (guint) expected, 10, "today's dossiers");
  gtk_widget_activate_action (view, "dossiers.clear-filters", NULL);
  mc_ui_wait_until (n_listed () == total, 10, "the whole list again");

  /* Overdue: the late one, not today's. */
  query.overdue_on = g_strdup (overdue_on);
  expected = mc_store_count_dossiers (store, &query, &error);
  g_assert_no_error (error);
  mc_dossier_query_clear (&query);
  g_assert_cmpint (expected, >=, 1);
  g_assert_cmpint (expected, <, total);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mc_ui_get (view, "overdue_button")), TRUE);
  mc_ui_wait_until (n_listed () == (guint) expected, 10, "the overdue dossiers");
  gtk_widget_activate_action (view, "dossiers.clear-filters", NULL);
  mc_ui_wait_until (n_listed () == total, 10, "the whole list again");
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (mc_ui_get (view, "overdue_button"))));
}

void
desk_add_list_tests (void)
{
  g_test_add_func ("/desk/find-and-open", test_find_and_open);
  g_test_add_func ("/desk/list-keyboard-and-filters", test_list_keyboard_and_filters);
}
