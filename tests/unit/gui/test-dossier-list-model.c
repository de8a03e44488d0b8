/* test-dossier-list-model.c — the lazy dossier list over a real store, without a display
 *
 * A temporary store of a few hundred dossiers, read through the GListModel
 * API the way GtkListView reads it: counts, newest first, search and
 * filters, placeholders filled by pages, a bounded cache, results of an
 * older query dropped, reloads when dossiers change; counts capped and
 * the list grown past the cap; pages by keyset, the same rows as OFFSET.
 */
#include "test-util.h"

#include <gtk/gtk.h>
#include <string.h>

#include "mc-context.h"
#include "mc-dossier-list-model.h"
#include "mc-dossier-list-model-private.h"

#define N_DOSSIERS  260
#define PAGE_SIZE   50
#define CACHE_PAGES 3
#define WAIT_SECONDS 20

static const char *names[] = {
  "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung",
  "Đặng Văn Đức", "Hoàng Thị Hoa", "Nguyễn Thị Lan", "Võ Văn Minh",
};

typedef struct
{
  char      *dir;
  McContext *context;
  McStore   *store;       /* the context's */
  GPtrArray *expected;    /* McDossier, newest first, as the store lists them */
} Fixture;

/* Waiting on the main loop, bounded */

typedef gboolean (*Condition) (gpointer data);

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_for (Condition  condition,
          gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out after %d s", WAIT_SECONDS);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

static gboolean
model_settled (gpointer data)
{
  return !mc_dossier_list_model_get_loading (data);
}

static gboolean
row_loaded (gpointer data)
{
  return mc_dossier_row_get_loaded (data);
}

static gboolean
pointer_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
wait_settled (McDossierListModel *model)
{
  wait_for (model_settled, model);
}

/* The row at @position once its page is read (transfer full). */
static McDossierRow *
loaded_row (McDossierListModel *model,
            guint               position)
{
  McDossierRow *row = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_nonnull (row);
  wait_for (row_loaded, row);
  return row;
}

/* Fixture: a store of N_DOSSIERS, one every three hours from 1 Nov 2026 */

static GDateTime *
received_time (guint i)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) base = g_date_time_new (tz, 2026, 11, 1, 8, 0, 0);

  return g_date_time_add_hours (base, 3 * i);
}

static void
context_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(McContext **) user_data = mc_context_open_finish (result, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(McStore) store = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = mc_test_make_tmp_dir ();
  store = mc_test_open_store (f->dir, 1);
  for (guint i = 0; i < N_DOSSIERS; i++)
    {
      g_autoptr(GDateTime) at = received_time (i);
      g_autofree char *iso = mc_core_format_time (at);
      g_autofree char *cccd = g_strdup_printf ("001085%06u", i);
      g_autoptr(McDossier) d = mc_test_sample_dossier (names[i % G_N_ELEMENTS (names)], cccd, iso);

      g_assert_true (mc_store_insert_dossier (store, d, NULL, "test", &error));
      g_assert_no_error (error);
    }
  g_clear_object (&store);

  mc_context_open_async (f->dir, NULL, context_opened_cb, &f->context);
  wait_for (pointer_set, &f->context);
  f->store = mc_context_get_store (f->context);
  f->expected = mc_store_list_dossiers (f->store, NULL, 0, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->expected->len, ==, N_DOSSIERS);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->expected, g_ptr_array_unref);
  g_clear_object (&f->context);
  mc_test_rm_rf (f->dir);
  g_free (f->dir);
}

static McDossier *
expected (Fixture *f,
          guint    i)
{
  return g_ptr_array_index (f->expected, i);
}

/* Records items-changed */

typedef struct
{
  guint n;        /* the count after the last change */
  guint calls;
  guint position;
  guint removed;
  guint added;
} Changes;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Changes    *changes)
{
  /* Each step leaves the count it says (a list view relies on it). */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, changes->n - removed + added);
  changes->n = g_list_model_get_n_items (model);
  /* A change comes in two steps (removed, then added): summed. */
  if (changes->calls == 0 || position < changes->position)
    changes->position = position;
  changes->calls++;
  changes->removed += removed;
  changes->added += added;
}

static gulong
watch_changes (McDossierListModel *model,
               Changes            *changes)
{
  changes->n = g_list_model_get_n_items (G_LIST_MODEL (model));
  return g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), changes);
}

/* Tests */

static void
test_count_and_order (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(McDossierListModel) model = mc_dossier_list_model_new_full (f->context, PAGE_SIZE, CACHE_PAGES);
  GListModel *list = G_LIST_MODEL (model);

  g_assert_true (g_list_model_get_item_type (list) == MC_TYPE_DOSSIER_ROW);
  wait_settled (model);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_DOSSIERS);
  g_assert_null (mc_dossier_list_model_get_error (model));

  /* Every row, in order, newest first; the cache never holds more than its bound. */
  for (guint i = 0; i < N_DOSSIERS; i++)
    {
      g_autoptr(McDossierRow) row = loaded_row (model, i);

      g_assert_cmpstr (mc_dossier_row_get_uuid (row), ==, mc_dossier_get_uuid (expected (f, i)));
      g_assert_cmpstr (mc_dossier_row_get_code (row), ==, mc_dossier_get_code (expected (f, i)));
      if (i > 0)
        g_assert_cmpint (g_date_time_compare (mc_dossier_get_received_at (expected (f, i - 1)),
                                              mc_dossier_get_received_at (expected (f, i))), >, 0);
      g_assert_cmpuint (mc_dossier_list_model_get_n_cached_pages (model), <=, CACHE_PAGES);
    }

  /* The newest is the last one inserted: 1 Nov 2026 08:00 + 3 h × 259. */
  {
    g_autoptr(McDossierRow) first = loaded_row (model, 0);
    g_autoptr(GDateTime) newest = received_time (N_DOSSIERS - 1);
    g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
    g_autoptr(GDateTime) local = g_date_time_to_timezone (newest, tz);
    g_autofree char *shown = g_date_time_format (local, "%d/%m/%Y %H:%M");

    g_assert_cmpstr (mc_dossier_row_get_received (first), ==, shown);
    g_assert_cmpstr (mc_dossier_row_get_due_date (first), ==, "24/11/2026");
    g_assert_cmpstr (mc_dossier_row_get_state (first), ==, "received");
  }
  g_assert_null (g_list_model_get_item (list, N_DOSSIERS));
}

static void
test_placeholder_filled_in_place (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(McDossierListModel) model = mc_dossier_list_model_new_full (f->context, PAGE_SIZE, CACHE_PAGES);
  g_autoptr(McDossierRow) row = NULL;
  g_autoptr(McDossierRow) again = NULL;
  guint position = 3 * PAGE_SIZE + 7;

  wait_settled (model);
  /* The count brought the first page only: a later row starts empty. */
  row = g_list_model_get_item (G_LIST_MODEL (model), position);
  g_assert_false (mc_dossier_row_get_loaded (row));
  g_assert_null (mc_dossier_row_get_code (row));
  g_assert_null (mc_dossier_row_get_state (row));

  wait_for (row_loaded, row);
  g_assert_cmpstr (mc_dossier_row_get_code (row), ==, mc_dossier_get_code (expected (f, position)));
  g_assert_cmpstr (mc_dossier_row_get_applicant_name (row), ==,
                   mc_dossier_get_applicant_name (expected (f, position)));
  g_assert_cmpstr (mc_dossier_row_get_procedure_name (row), ==, "Đăng ký khai sinh");

  /* Filled in place: the list hands out the same object. */
  again = g_list_model_get_item (G_LIST_MODEL (model), position);
  g_assert_true (again == row);
}

static guint
count_matching (Fixture    *f,
                const char *folded_word)
{
  guint n = 0;

  for (guint i = 0; i < f->expected->len; i++)
    {
      g_autofree char *name = mc_text_fold (mc_dossier_get_applicant_name (expected (f, i)));

      if (strstr (name, folded_word) != NULL)
        n++;
    }
  return n;
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(McDossierListModel) model = mc_dossier_list_model_new_full (f->context, PAGE_SIZE, CACHE_PAGES);
  McDossierQuery query = { 0 };
  guint n;

  /* By name, without diacritics, đ → d. */
  query.search = g_strdup ("dang van duc");
  mc_dossier_list_model_set_query (model, &query);
  wait_settled (model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, count_matching (f, "dang van duc"));
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(McDossierRow) row = loaded_row (model, i);
      g_assert_cmpstr (mc_dossier_row_get_applicant_name (row), ==, "Đặng Văn Đức");
    }
  mc_dossier_query_clear (&query);

  /* By code. */
  query.search = g_strdup (mc_dossier_get_code (expected (f, 17)));
  mc_dossier_list_model_set_query (model, &query);
  wait_settled (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  {
    g_autoptr(McDossierRow) row = loaded_row (model, 0);
    g_assert_cmpstr (mc_dossier_row_get_uuid (row), ==, mc_dossier_get_uuid (expected (f, 17)));
  }
  mc_dossier_query_clear (&query);

  /* By ID number. */
  query.search = g_strdup (mc_dossier_get_id_number (expected (f, 200)));
  mc_dossier_list_model_set_query (model, &query);
  wait_settled (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  {
    g_autoptr(McDossierRow) row = loaded_row (model, 0);
    g_autoptr(McDossierRow) same = NULL;
    Changes changes = { 0 };
    gulong id;

    g_assert_cmpstr (mc_dossier_row_get_id_number (row), ==, mc_dossier_get_id_number (expected (f, 200)));

    /* The same query again changes nothing (a search entry settling). */
    id = watch_changes (model, &changes);
    mc_dossier_list_model_set_query (model, &query);
    g_assert_false (mc_dossier_list_model_get_loading (model));
    same = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_true (same == row);
    g_assert_cmpuint (changes.calls, ==, 0);
    g_signal_handler_disconnect (model, id);
  }
  mc_dossier_query_clear (&query);

  /* Nothing. */
  query.search = g_strdup ("zzzz");
  mc_dossier_list_model_set_query (model, &query);
  wait_settled (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  mc_dossier_query_clear (&query);
}

static void
test_state_and_date_filters (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(McDossierListModel) model = mc_dossier_list_model_new_full (f->context, PAGE_SIZE, CACHE_PAGES);
  g_autoptr(GError) error = NULL;
  McDossierQuery query = { 0 };
  guint expected_in_range = 0;

  for (guint i = 0; i < 7; i++)
    {
      g_assert_true (mc_store_set_dossier_state (f->store, mc_dossier_get_uuid (expected (f, 10 * i)),
                                                 MC_DOSSIER_STATE_UPLOADED, "test", NULL, &error));
      g_assert_no_error (error);
    }

  query.has_state = TRUE;
  query.state = MC_DOSSIER_STATE_UPLOADED;
  mc_dossier_list_model_set_query (model, &query);
  wait_settled (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 7);
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(McDossierRow) row = loaded_row (model, i);
      g_assert_cmpstr (mc_dossier_row_get_state (row), ==, "uploaded");
      g_assert_cmpstr (mc_dossier_row_get_uuid (row), ==, mc_dossier_get_uuid (expected (f, 10 * i)));
    }

  /* Received on 3 and 4 November 2026, Vietnam time: counted here from the times inserted. */
  for (guint i = 0; i < N_DOSSIERS; i++)
    {
      g_autoptr(GDateTime) at = received_time (i);
      if (g_date_time_get_month (at) == 11 &&
          (g_date_time_get_day_of_month (at) == 3 || g_date_time_get_day_of_month (at) == 4))
        expected_in_range++;
    }
  query.has_state = FALSE;
  query.from_date = g_strdup ("2026-11-03");
  query.to_date = g_strdup ("2026-11-04");
  mc_dossier_list_model_set_query (model, &query);
  wait_settled (model);
  g_assert_cmpuint (expected_in_range, ==, 16);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected_in_range);
  mc_dossier_query_clear (&query);
}

static void
test_generation_drop (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(McDossierListModel) model = mc_dossier_list_model_new_full (f->context, PAGE_SIZE, CACHE_PAGES);
  g_autoptr(McDossierRow) stale = NULL;
  McDossierQuery first = { 0 };
  McDossierQuery second = { 0 };
  Changes changes = { 0 };
  guint n;

  wait_settled (model);
  watch_changes (model, &changes);

  /* A page read is under way for the old list when the query changes twice. */
  stale = g_list_model_get_item (G_LIST_MODEL (model), 2 * PAGE_SIZE + 1);
  g_assert_false (mc_dossier_row_get_loaded (stale));
  first.search = g_strdup ("nguyen");
  second.search = g_strdup ("tran thi binh");
  mc_dossier_list_model_set_query (model, &first);
  mc_dossier_list_model_set_query (model, &second);
  g_assert_true (mc_dossier_list_model_get_loading (model));
  /* Until the new count arrives, the list stays as it was. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_DOSSIERS);
  wait_settled (model);

  /* Only the last query's result reached the list, in one change: the
   * rows past its count go, the others are filled again in place (a list
   * view keeps their widgets). */
  n = count_matching (f, "tran thi binh");
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.position, ==, n);
  g_assert_cmpuint (changes.removed, ==, N_DOSSIERS - n);
  g_assert_cmpuint (changes.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  g_assert_cmpstr (mc_dossier_list_model_get_query (model)->search, ==, "tran thi binh");

  /* Let any late result of the old reads arrive: the old row was never filled. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  {
    g_autoptr(McDossierRow) row = loaded_row (model, n - 1);
    g_assert_cmpstr (mc_dossier_row_get_applicant_name (row), ==, "Trần Thị Bình");
  }
  g_assert_false (mc_dossier_row_get_loaded (stale));
  g_assert_cmpuint (changes.calls, ==, 1);

  mc_dossier_query_clear (&first);
  mc_dossier_query_clear (&second);
}

static gboolean
name_is_corrected (gpointer data)
{
  return g_strcmp0 (mc_dossier_row_get_applicant_name (data), "Hoàng Văn Sửa") == 0;
}

static void
test_reload_on_dossiers_changed (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(McDossierListModel) model = mc_dossier_list_model_new_full (f->context, PAGE_SIZE, CACHE_PAGES);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) newest = received_time (N_DOSSIERS + 5);
  g_autofree char *iso = mc_core_format_time (newest);
  g_autoptr(McDossier) fresh = mc_test_sample_dossier ("Bùi Thị Mới", "001185999999", iso);
  g_autoptr(McDossierRow) row = NULL;
  g_autoptr(McDossierRow) same = NULL;
  g_autoptr(McDossier) corrected = NULL;
  Changes changes = { 0 };

  wait_settled (model);
  watch_changes (model, &changes);

  /* A new dossier: it comes first. */
  g_assert_true (mc_store_insert_dossier (f->store, fresh, NULL, "test", &error));
  g_assert_no_error (error);
  g_signal_emit_by_name (f->context, "dossiers-changed");
  wait_settled (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_DOSSIERS + 1);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 1);
  row = loaded_row (model, 0);
  g_assert_cmpstr (mc_dossier_row_get_uuid (row), ==, mc_dossier_get_uuid (fresh));
  g_clear_object (&row);

  /* A correction keeps the count: the row is refreshed in place, the list
   * does not change (so a view keeps its scroll position and selection). */
  row = loaded_row (model, 5);
  corrected = mc_store_load_dossier (f->store, mc_dossier_row_get_uuid (row), &error);
  g_assert_no_error (error);
  mc_dossier_set_applicant_name (corrected, "Hoàng Văn Sửa");
  g_assert_true (mc_store_update_dossier (f->store, corrected, "test", "typo", &error));
  g_assert_no_error (error);
  g_signal_emit_by_name (f->context, "dossiers-changed");
  wait_for (name_is_corrected, row);
  wait_settled (model);
  g_assert_cmpuint (changes.calls, ==, 1);
  same = g_list_model_get_item (G_LIST_MODEL (model), 5);
  g_assert_true (same == row);
  g_assert_cmpuint (mc_dossier_list_model_find (model, mc_dossier_get_uuid (corrected)), ==, 5);
  g_assert_cmpuint (mc_dossier_list_model_find (model, mc_dossier_get_code (corrected)), ==, 5);
}

static gboolean
model_complete (gpointer data)
{
  return mc_dossier_list_model_get_complete (data);
}

static gboolean
n_items_is (gpointer data)
{
  McDossierListModel *model = ((gpointer *) data)[0];

  return g_list_model_get_n_items (G_LIST_MODEL (model)) == GPOINTER_TO_UINT (((gpointer *) data)[1]);
}

static void
wait_n_items (McDossierListModel *model,
              guint               n)
{
  gpointer data[2] = { model, GUINT_TO_POINTER (n) };

  wait_for (n_items_is, data);
}

static void
assert_rows_as_listed (Fixture            *f,
                       McDossierListModel *model,
                       guint               first,
                       guint               n)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(McDossierRow) row = loaded_row (model, i);

      g_assert_cmpstr (mc_dossier_row_get_uuid (row), ==, mc_dossier_get_uuid (expected (f, i)));
    }
}

/* Past the cap the list holds the first cap rows and says there are
 * more; reading its last row counts on from there, a cap at a time,
 * until the whole list is there and the count is exact. */
static void
test_capped_count_grows (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(McDossierListModel) model = g_object_new (MC_TYPE_DOSSIER_LIST_MODEL, "page-size", PAGE_SIZE,
                                                      "cache-pages", CACHE_PAGES, "count-cap", 120,
                                                      "context", f->context, NULL);
  g_autoptr(McDossierRow) kept = NULL;
  Changes changes = { 0 };

  wait_settled (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 120);
  g_assert_false (mc_dossier_list_model_get_complete (model));
  watch_changes (model, &changes);

  /* The last row read: 120 more are counted (page 2, rows 100–119, was
   * partial: it takes rows 120–149 as well). */
  kept = loaded_row (model, 90);
  g_clear_object (&kept);
  {
    g_autoptr(McDossierRow) last = loaded_row (model, 119);
    g_assert_cmpstr (mc_dossier_row_get_uuid (last), ==, mc_dossier_get_uuid (expected (f, 119)));
  }
  wait_n_items (model, 240);
  g_assert_false (mc_dossier_list_model_get_complete (model));
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.position, ==, 120);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 120);

  /* Then the 20 left: the count is exact, the list complete. */
  g_clear_object (&kept);
  kept = loaded_row (model, 239);
  wait_n_items (model, N_DOSSIERS);
  g_assert_true (mc_dossier_list_model_get_complete (model));
  g_assert_cmpuint (changes.calls, ==, 2);
  assert_rows_as_listed (f, model, 0, N_DOSSIERS);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N_DOSSIERS));

  /* A change to the store keeps the list as far as it was grown; the
   * last page, read again, counts on and finds nothing more. */
  g_signal_emit_by_name (f->context, "dossiers-changed");
  wait_settled (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_DOSSIERS);
  wait_for (model_complete, model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_DOSSIERS);
  g_assert_cmpuint (changes.calls, ==, 2);
}

/* A new query while a row is selected: the selection does not walk the
 * new rows looking for its item (at a million dossiers, 10 000 rows made
 * and 100 pages asked for on the main thread per keystroke). */
static void
test_selection_on_new_query (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(McDossierListModel) model = mc_dossier_list_model_new_full (f->context, PAGE_SIZE, CACHE_PAGES);
  g_autoptr(GtkSingleSelection) selection = NULL;
  McDossierQuery query = { 0 };

  wait_settled (model);
  /* As the view has it (ui/mc-dossiers-view.ui). */
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, 5);
  g_assert_cmpuint (mc_dossier_list_model_get_n_cached_pages (model), ==, 1);

  query.search = g_strdup ("thi");
  mc_dossier_list_model_set_query (model, &query);
  wait_settled (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 2 * PAGE_SIZE);
  /* Only the first page, the one the count brought; the selected row
   * keeps its place and now holds the new list's sixth dossier (the view
   * selects the dossier it shows again once the list is read). */
  g_assert_cmpuint (mc_dossier_list_model_get_n_cached_pages (model), ==, 1);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 5);
  {
    g_autoptr(GPtrArray) listed = mc_store_list_dossiers (f->store, &query, 5, 1, NULL);
    McDossierRow *row = gtk_single_selection_get_selected_item (selection);

    g_assert_cmpstr (mc_dossier_row_get_uuid (row), ==, mc_dossier_get_uuid (g_ptr_array_index (listed, 0)));
  }
  mc_dossier_query_clear (&query);
}

/* Exactly the cap is not "more than" it (the count asks for one more). */
static void
test_count_at_cap (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(McDossierListModel) model = g_object_new (MC_TYPE_DOSSIER_LIST_MODEL, "page-size", PAGE_SIZE,
                                                      "cache-pages", CACHE_PAGES, "count-cap", N_DOSSIERS,
                                                      "context", f->context, NULL);
  McDossierQuery query = { 0 };

  wait_settled (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_DOSSIERS);
  g_assert_true (mc_dossier_list_model_get_complete (model));

  /* A search past a cap: as many rows as the cap, the newest matches first. */
  g_object_unref (model);
  model = g_object_new (MC_TYPE_DOSSIER_LIST_MODEL, "page-size", PAGE_SIZE, "cache-pages", CACHE_PAGES,
                        "count-cap", 10, "context", f->context, NULL);
  query.search = g_strdup ("nguyen");
  mc_dossier_list_model_set_query (model, &query);
  wait_settled (model);
  g_assert_cmpuint (count_matching (f, "nguyen"), >, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10);
  g_assert_false (mc_dossier_list_model_get_complete (model));
  {
    g_autoptr(McDossierRow) row = loaded_row (model, 9);
    g_autoptr(GPtrArray) listed = mc_store_list_dossiers (f->store, &query, 9, 1, NULL);

    g_assert_cmpstr (mc_dossier_row_get_uuid (row), ==, mc_dossier_get_uuid (g_ptr_array_index (listed, 0)));
  }
  mc_dossier_query_clear (&query);
}

/* Pages read in turn start after the last row of the page before (no
 * OFFSET); a far jump starts after the nearest page read and skips the
 * gap. Either way the rows are those an OFFSET read lists. */
static void
test_keyset_pages (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(McDossierListModel) model = mc_dossier_list_model_new_full (f->context, PAGE_SIZE, CACHE_PAGES);
  McDossierQuery query = { 0 };
  McDossier *after = NULL;
  guint offset = G_MAXUINT;

  wait_settled (model);
  /* The count brought page 0: page 1 is after its last row. */
  _mc_dossier_list_model_find_start (model, 1, &after, &offset);
  g_assert_nonnull (after);
  g_assert_cmpstr (mc_dossier_get_uuid (after), ==, mc_dossier_get_uuid (expected (f, PAGE_SIZE - 1)));
  g_assert_cmpuint (offset, ==, 0);
  g_clear_object (&after);

  /* A jump to page 4: after page 0, skipping pages 1–3. */
  _mc_dossier_list_model_find_start (model, 4, &after, &offset);
  g_assert_cmpstr (mc_dossier_get_uuid (after), ==, mc_dossier_get_uuid (expected (f, PAGE_SIZE - 1)));
  g_assert_cmpuint (offset, ==, 3 * PAGE_SIZE);
  g_clear_object (&after);
  assert_rows_as_listed (f, model, 4 * PAGE_SIZE, 10);

  /* Page 4 read (and page 2, after page 0 skipping page 1): page 5 is after page 4. */
  assert_rows_as_listed (f, model, 2 * PAGE_SIZE, PAGE_SIZE);
  _mc_dossier_list_model_find_start (model, 5, &after, &offset);
  g_assert_cmpstr (mc_dossier_get_uuid (after), ==, mc_dossier_get_uuid (expected (f, 5 * PAGE_SIZE - 1)));
  g_assert_cmpuint (offset, ==, 0);
  g_clear_object (&after);
  assert_rows_as_listed (f, model, 0, N_DOSSIERS);

  /* A search walked forward by keyset: the rows an OFFSET read lists. */
  query.search = g_strdup ("thi");
  mc_dossier_list_model_set_query (model, &query);
  wait_settled (model);
  {
    g_autoptr(GPtrArray) listed = mc_store_list_dossiers (f->store, &query, 0, -1, NULL);
    guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

    g_assert_cmpuint (n, ==, listed->len);
    g_assert_cmpuint (n, >, 2 * PAGE_SIZE);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(McDossierRow) row = loaded_row (model, i);
        g_assert_cmpstr (mc_dossier_row_get_uuid (row), ==, mc_dossier_get_uuid (g_ptr_array_index (listed, i)));
      }
    /* Anchors are of this query: page 2 starts after row 99 of it. */
    _mc_dossier_list_model_find_start (model, 2, &after, &offset);
    g_assert_cmpstr (mc_dossier_get_uuid (after), ==,
                     mc_dossier_get_uuid (g_ptr_array_index (listed, 2 * PAGE_SIZE - 1)));
    g_clear_object (&after);
  }
  mc_dossier_query_clear (&query);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/dossier-list-model/count-and-order", test_count_and_order);
  ADD ("/dossier-list-model/placeholder-filled-in-place", test_placeholder_filled_in_place);
  ADD ("/dossier-list-model/search", test_search);
  ADD ("/dossier-list-model/state-and-date-filters", test_state_and_date_filters);
  ADD ("/dossier-list-model/generation-drop", test_generation_drop);
  ADD ("/dossier-list-model/reload-on-dossiers-changed", test_reload_on_dossiers_changed);
  ADD ("/dossier-list-model/capped-count-grows", test_capped_count_grows);
  ADD ("/dossier-list-model/count-at-cap", test_count_at_cap);
  ADD ("/dossier-list-model/keyset-pages", test_keyset_pages);
  ADD ("/dossier-list-model/selection-on-new-query", test_selection_on_new_query);
#undef ADD

  return g_test_run ();
}
