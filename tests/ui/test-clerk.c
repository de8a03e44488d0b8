/* test-clerk.c — the receiving clerk and Preferences → Holidays, in the
 * real desk window (under Xvfb)
 *
 * The clerk named in Setup is the actor of a new dossier's history; the
 * quick switch in the header menu changes it for the session only (the
 * default stays in the store and in Preferences). A day off added in
 * Preferences → Holidays moves a new dossier's due date, not an old one's.
 */
#include "test-util.h"

#include <stdio.h>
#include <string.h>
#include "ui-util.h"

#include "mc-application.h"
#include "mc-dossiers-view.h"
#include "mc-holidays-page.h"
#include "mc-preferences-window.h"
#include "mc-window.h"

#define LAN  "Nguyễn Thị Lan"
#define BINH "Trần Văn Bình"

static McApplication *app;
static McWindow *window;
static char *data_dir;
static char *old_uuid;    /* received before the day off */
static char *old_due;

static GtkWidget *
win (void)
{
  return GTK_WIDGET (window);
}

static McContext *
context (void)
{
  return mc_window_get_context (window);
}

static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, response));
  g_object_ref (dialog);
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  mc_ui_settle (50);
}

static void
collect_entries (GtkWidget *root,
                 GPtrArray *out)
{
  if (GTK_IS_ENTRY (root))
    {
      g_ptr_array_add (out, root);
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_entries (c, out);
}

/* The dialog's entries, in reading order. */
static GPtrArray *
entries_of (AdwMessageDialog *dialog)
{
  GPtrArray *entries = g_ptr_array_new ();

  collect_entries (adw_message_dialog_get_extra_child (dialog), entries);
  return entries;
}

static GPtrArray *
events_of (const char *uuid)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *events = mc_store_list_events (mc_context_get_store (context ()), uuid, &error);

  g_assert_no_error (error);
  return events;
}

static void
received_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  mc_context_receive_finish (MC_CONTEXT (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* A dossier received now, through the context as the intake page does. */
static McDossier *
receive_now (const char *name,
             const char *cccd)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autofree char *iso = mc_core_format_time (now);
  McDossier *d = mc_test_sample_dossier (name, cccd, iso);
  gboolean done = FALSE;

  mc_dossier_set_due_date (d, NULL);
  mc_context_receive_async (context (), d, NULL, NULL, NULL, received_cb, &done);
  mc_ui_wait_until (done, 20, "the dossier to be received");
  g_assert_nonnull (mc_dossier_get_due_date (d));
  return d;
}

static McDossiersView *
view (void)
{
  GtkWidget *v = mc_ui_find_type (win (), MC_TYPE_DOSSIERS_VIEW);

  g_assert_nonnull (v);
  return MC_DOSSIERS_VIEW (v);
}

/* The section label the window put first in the primary menu. */
static char *
menu_clerk_label (void)
{
  GMenuModel *menu = G_MENU_MODEL (mc_dossiers_view_get_primary_menu (view ()));
  char *label = NULL;

  g_assert_true (g_menu_model_get_item_attribute (menu, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  return label;
}

static void
test_setup_names_the_clerk (void)
{
  GtkWidget *button, *error_label;

  mc_ui_wait_until (g_strcmp0 (mc_window_get_page (window), "setup") == 0, 20, "the setup page");
  button = mc_ui_get (win (), "setup_button");
  error_label = mc_ui_get (win (), "setup_error_label");
  mc_ui_type (win (), "agency_name_row", "UBND xã Tân Lập");
  mc_ui_type (win (), "agency_code_row", "000.00.12.H29");
  /* Not a person's name: refused, with the reason. */
  mc_ui_type (win (), "clerk_row", "lan.nt@ubnd");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_get_visible (error_label));
  mc_ui_type (win (), "clerk_row", "  Nguyễn  Thị Lan ");
  g_assert_true (gtk_widget_get_sensitive (button));
  mc_ui_snap ("setup-clerk");

  gtk_widget_activate (button);
  mc_ui_wait_until (g_strcmp0 (mc_window_get_page (window), "dossiers") == 0, 20, "the list after setup");
  g_assert_cmpstr (mc_context_get_default_clerk (context ()), ==, LAN);
  g_assert_cmpstr (mc_context_get_clerk (context ()), ==, LAN);
  {
    g_autofree char *kept = mc_store_get_clerk (mc_context_get_store (context ()));
    g_autofree char *label = menu_clerk_label ();

    g_assert_cmpstr (kept, ==, LAN);
    g_assert_nonnull (strstr (label, LAN));
    g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), LAN));
  }

  /* The clerk is the actor of a new dossier's history. */
  {
    g_autoptr(McDossier) d = receive_now ("Đặng Thị Ánh", "001185012345");
    g_autoptr(GPtrArray) events = events_of (mc_dossier_get_uuid (d));

    g_assert_cmpuint (events->len, >=, 1);
    g_assert_cmpstr (((McEvent *) events->pdata[0])->kind, ==, "received");
    g_assert_cmpstr (((McEvent *) events->pdata[0])->actor, ==, LAN);
    old_uuid = g_strdup (mc_dossier_get_uuid (d));
    old_due = g_strdup (mc_dossier_get_due_date (d));
  }
}

static void
test_quick_switch_is_for_the_session (void)
{
  AdwMessageDialog *dialog;
  g_autoptr(GPtrArray) entries = NULL;
  GtkWidget *prefs;

  /* "Change Receiving Clerk…": a bad name keeps the button off. */
  gtk_widget_activate_action (win (), "win.switch-clerk", NULL);
  dialog = mc_ui_wait_message_dialog ();
  entries = entries_of (dialog);
  g_assert_cmpuint (entries->len, ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), "B1nh");
  mc_ui_settle (30);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "switch"));
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), BINH);
  mc_ui_settle (30);
  answer (dialog, "switch");
  mc_ui_wait_until (g_strcmp0 (mc_context_get_clerk (context ()), BINH) == 0, 10, "the switch");

  {
    g_autoptr(McDossier) d = receive_now ("Lê Văn Cường", "001085012346");
    g_autoptr(GPtrArray) events = events_of (mc_dossier_get_uuid (d));
    g_autofree char *kept = mc_store_get_clerk (mc_context_get_store (context ()));
    g_autofree char *label = menu_clerk_label ();
    g_auto(GStrv) recent = mc_store_get_recent_clerks (mc_context_get_store (context ()));

    g_assert_cmpstr (((McEvent *) events->pdata[0])->actor, ==, BINH);
    /* The default is unchanged: the next session starts with Lan. */
    g_assert_cmpstr (kept, ==, LAN);
    g_assert_cmpstr (mc_context_get_default_clerk (context ()), ==, LAN);
    g_assert_nonnull (strstr (label, BINH));
    g_assert_cmpuint (g_strv_length (recent), ==, 2);
    g_assert_cmpstr (recent[0], ==, BINH);
    g_assert_cmpstr (recent[1], ==, LAN);
  }
  /* The header menu, as a clerk opens it. */
  gtk_menu_button_popup (mc_dossiers_view_get_menu_button (view ()));
  mc_ui_snap ("header-menu");
  gtk_menu_button_popdown (mc_dossiers_view_get_menu_button (view ()));

  /* Preferences shows the default, not the session's clerk. */
  prefs = mc_preferences_window_new (GTK_WINDOW (window), context ());
  gtk_window_present (GTK_WINDOW (prefs));
  mc_ui_settle (100);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (mc_ui_get (prefs, "clerk_row"))), ==, LAN);
  mc_ui_snap ("preferences-desk");
  gtk_window_destroy (GTK_WINDOW (prefs));
  mc_ui_settle (50);

  /* Back to Lan from the menu's recent names (win.clerk). */
  gtk_widget_activate_action (win (), "win.clerk", "s", LAN);
  mc_ui_wait_until (g_strcmp0 (mc_context_get_clerk (context ()), LAN) == 0, 10, "the switch back");
}

static void
set_true (gboolean *flag)
{
  *flag = TRUE;
}

static guint
n_edits (void)
{
  g_autoptr(GPtrArray) edits = mc_store_list_calendar_edits (mc_context_get_store (context ()), NULL);

  return edits != NULL ? edits->len : 0;
}

/* Preferences → Holidays: a day off on the old dossier's due date. */
static void
test_holidays_day_off_moves_new_due_dates (void)
{
  GtkWidget *prefs, *page;
  AdwMessageDialog *dialog;
  g_autoptr(GPtrArray) entries = NULL;
  GDate due;
  char typed[16];

  g_assert_true (mc_validate_date (NULL, old_due, &due, NULL));
  prefs = mc_preferences_window_new (GTK_WINDOW (window), context ());
  gtk_window_set_default_size (GTK_WINDOW (prefs), 640, 700);
  mc_preferences_window_show_page (MC_PREFERENCES_WINDOW (prefs), "holidays");
  gtk_window_present (GTK_WINDOW (prefs));
  page = mc_ui_find_type (prefs, MC_TYPE_HOLIDAYS_PAGE);
  g_assert_nonnull (page);
  mc_holidays_page_set_year (MC_HOLIDAYS_PAGE (page), g_date_get_year (&due));
  mc_ui_wait_until (mc_holidays_page_is_loaded (MC_HOLIDAYS_PAGE (page)), 10, "the year's days");

  gtk_widget_activate_action (page, "holidays.add-day-off", NULL);
  dialog = mc_ui_wait_message_dialog ();
  entries = entries_of (dialog);
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "record"));
  g_date_strftime (typed, sizeof typed, "%d/%m/%Y", &due);
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[0]), typed);
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[1]), "Ngày Văn hóa Việt Nam");
  mc_ui_settle (30);
  gtk_editable_set_text (GTK_EDITABLE (entries->pdata[2]), "Thông báo 123/TB-VPCP");
  mc_ui_settle (30);
  answer (dialog, "record");
  /* Confirmed, with who records it. */
  dialog = mc_ui_wait_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), LAN));
  answer (dialog, "record");
  mc_ui_wait_until (n_edits () == 1, 10, "the edit");
  {
    g_autoptr(GPtrArray) edits = mc_store_list_calendar_edits (mc_context_get_store (context ()), NULL);

    g_assert_cmpstr (((McCalendarEdit *) edits->pdata[0])->actor, ==, LAN);
    g_assert_cmpstr (((McCalendarEdit *) edits->pdata[0])->basis, ==, "Thông báo 123/TB-VPCP");
  }
  /* The page reloads on the context's calendar-changed, after the edit is
   * stored: "loaded" alone may still be the load from before the edit. */
  mc_ui_wait_until (mc_holidays_page_is_loaded (MC_HOLIDAYS_PAGE (page)) &&
                    gtk_widget_get_visible (mc_ui_get (page, "edits_group")), 10, "the days again, with the edit");
  g_assert_false (mc_calendar_is_working_day (mc_context_get_calendar (context ()), &due));
  mc_ui_snap ("holidays");
  gtk_window_destroy (GTK_WINDOW (prefs));
  mc_ui_settle (50);

  /* The next dossier counts the day off; the old one keeps its date. */
  {
    g_autoptr(McDossier) d = receive_now ("Phạm Thị Dung", "001185012347");
    g_autoptr(GError) error = NULL;
    g_autoptr(McDossier) old = mc_store_load_dossier (mc_context_get_store (context ()), old_uuid, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (mc_dossier_get_due_date (old), ==, old_due);
    g_assert_cmpstr (mc_dossier_get_due_date (d), >, old_due);
  }

  /* Another program (the CLI, or a sync's import) changes the calendar
   * while the desk runs: the next dossier counts it too. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(McStore) other = mc_store_open (data_dir, &error);
    g_autoptr(McCalendarEdit) edit = NULL;
    g_autoptr(McDossier) d = NULL;
    gboolean changed = FALSE;
    gulong id;

    g_assert_no_error (error);
    edit = mc_calendar_edit_new (MC_CALENDAR_EDIT_REMOVE_DAY_OFF, &due, NULL, "Thông báo 124/TB-VPCP",
                                 "Nguyễn Thị Lan", NULL, &error);
    g_assert_no_error (error);
    g_assert_true (mc_store_record_calendar_edit (other, edit, &error));
    g_assert_no_error (error);
    id = g_signal_connect_swapped (context (), "calendar-changed", G_CALLBACK (set_true), &changed);
    d = receive_now ("Võ Thị Em", "001185012348");
    g_assert_cmpstr (mc_dossier_get_due_date (d), ==, old_due);
    mc_ui_wait_until (changed, 10, "calendar-changed");
    g_signal_handler_disconnect (context (), id);
  }
}

int
main (int argc, char **argv)
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  mc_core_init_i18n ();
  /* Scripts' override off: the clerk is the actor here. */
  g_unsetenv ("MOTCUA_ACTOR");

  data_dir = mc_test_make_tmp_dir ();
  window = mc_ui_start_app ("io.github.motcua.Desk.Test", data_dir, &app);
  if (g_getenv ("MOTCUA_SCREENSHOT_DIR") != NULL)
    gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);

  g_test_add_func ("/clerk/setup-names-the-clerk", test_setup_names_the_clerk);
  g_test_add_func ("/clerk/quick-switch-for-the-session", test_quick_switch_is_for_the_session);
  g_test_add_func ("/clerk/holidays-day-off", test_holidays_day_off_moves_new_due_dates);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  mc_ui_settle (50);
  g_clear_object (&app);
  mc_test_rm_rf (data_dir);
  g_free (data_dir);
  g_free (old_uuid);
  g_free (old_due);
  return status;
}
