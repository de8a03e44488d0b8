/* test-desk-many.c — the desk over more dossiers than it counts (under Xvfb)
 *
 * 10 001 dossiers, one more than the list's count cap: the result count
 * and the state filter say "more than 10 000" (in the clerk's language),
 * the list holds the first 10 000 and grows when its end is reached, and
 * a search under the cap is counted exactly.
 */
#include "test-util.h"

#include <string.h>
#include "ui-util.h"

#include "mc-application.h"
#include "mc-dossier-count.h"
#include "mc-window.h"

#define N_DOSSIERS (MC_DOSSIER_COUNT_CAP + 1)

static McWindow *window;

static GtkWidget *
view_child (const char *id)
{
  return mc_ui_get (GTK_WIDGET (window), id);
}

static guint
n_listed (void)
{
  GtkListView *list = GTK_LIST_VIEW (view_child ("list_view"));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list)));
}

static const char *
count_text (void)
{
  return gtk_label_get_label (GTK_LABEL (view_child ("count_label")));
}

static char *
first_state_item (void)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (view_child ("state_dropdown"));

  return g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (dropdown)), 0));
}

static gboolean
vietnamese (void)
{
  return g_str_has_prefix (g_getenv ("LC_ALL") != NULL ? g_getenv ("LC_ALL") : "", "vi");
}

static void
test_more_than_the_cap (void)
{
  g_autofree char *all = NULL;
  const char *more = vietnamese () ? "Hơn 10\u00a0000 hồ sơ" : "More than 10\u00a0000 dossiers";
  const char *all_more = vietnamese () ? "Mọi trạng thái (hơn 10\u00a0000)" : "All states (more than 10\u00a0000)";

  mc_ui_wait_until (g_strcmp0 (mc_window_get_page (window), "dossiers") == 0, 20, "the dossier list");
  mc_ui_wait_until (g_strcmp0 (count_text (), more) == 0, 30, "the capped count");
  g_assert_cmpuint (n_listed (), ==, MC_DOSSIER_COUNT_CAP);
  mc_ui_wait_until ((all = first_state_item ()) != NULL && g_strcmp0 (all, all_more) == 0, 30,
                    "the capped count in the state filter");

  /* The end of the list reached: it counts on and finds the last one. */
  {
    GtkWidget *list = view_child ("list_view");

    gtk_widget_activate_action (list, "list.scroll-to-item", "u", MC_DOSSIER_COUNT_CAP - 1);
    mc_ui_wait_until (n_listed () == N_DOSSIERS, 30, "the list grown past the cap");
    mc_ui_wait_until (g_strcmp0 (count_text (), vietnamese () ? "10\u00a0001 hồ sơ" : "10\u00a0001 dossiers") == 0,
                      30, "the exact count once the list is read to its end");
  }

  /* A search under the cap is counted exactly. */
  gtk_editable_set_text (GTK_EDITABLE (view_child ("search_entry")), "Trần Thị Bình");
  mc_ui_wait_until (n_listed () == 1, 30, "the search to find one dossier");
  mc_ui_wait_until (g_strcmp0 (count_text (), vietnamese () ? "1 hồ sơ" : "1 dossier") == 0, 30, "one dossier");
}

static void
fill_store (const char *dir)
{
  g_autoptr(McStore) store = mc_test_open_store (dir, 1);
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) base = g_date_time_new (tz, 2026, 1, 5, 8, 0, 0);

  for (guint i = 0; i < N_DOSSIERS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) at = g_date_time_add_minutes (base, 7 * i);
      g_autofree char *iso = mc_core_format_time (at);
      g_autofree char *cccd = g_strdup_printf ("001085%06u", i);
      /* The oldest is the only Trần Thị Bình. */
      g_autoptr(McDossier) d = mc_test_sample_dossier (i == 0 ? "Trần Thị Bình" : "Nguyễn Văn An", cccd, iso);

      g_assert_true (mc_store_insert_dossier (store, d, NULL, "test", &error));
      g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(McApplication) app = NULL;
  g_autofree char *data_dir = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  mc_core_init_i18n ();

  data_dir = mc_test_make_tmp_dir ();
  fill_store (data_dir);
  window = mc_ui_start_app ("io.github.motcua.Desk.Test", data_dir, &app);

  g_test_add_func ("/desk-many/more-than-the-cap", test_more_than_the_cap);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  mc_ui_settle (50);
  g_clear_object (&app);
  mc_test_rm_rf (data_dir);
  return status;
}
