/* test-search-overdue.c — a search among the overdue gives what a naive query gives
 *
 * A search combined with the "Overdue" filter reads the search index of
 * the unfinished dossiers (schema 11), kept by triggers as dossiers are
 * received, corrected, finished or reopened. On a generated store with
 * varied names, ID numbers, phones, receipt times (some in the same
 * second), due dates and states, every search of bench-search and a few
 * more, with several days, states and date ranges, must give the naive
 * answer: every match of the search in the whole index (the plain search
 * list, no Overdue filter), kept here when unfinished and due before the
 * day — the same dossiers in the same order, the same pages (offset and
 * keyset), the same counts, capped or not, and the same per-state counts.
 */
#include "test-util.h"

#include <sqlite3.h>
#include <string.h>

#define N_DOSSIERS 360
#define PAGE       7

static const char *family[] = {
  "Nguyễn", "Đặng", "Khổng", "Trần", "Lê", "Phạm", "Ngô", "Vũ", "Nông", "Đỗ",
};
static const char *middle[] = { "Văn", "Thị", "Ngọc", "Đăng", "Bảo", "" };
static const char *given[] = {
  "Đức", "An", "Nga", "Ngân", "Hoa", "Khoa", "Dũng", "Châu", "Nguyên", "Xuân",
};

static gboolean
is_unfinished (McDossierState state)
{
  return state != MC_DOSSIER_STATE_DONE && state != MC_DOSSIER_STATE_RETURNED &&
         state != MC_DOSSIER_STATE_REJECTED && state != MC_DOSSIER_STATE_WITHDRAWN &&
         state != MC_DOSSIER_STATE_STOPPED;
}

static McDossier *
generated_dossier (GRand *rand,
                   guint  i)
{
  g_autofree char *name = NULL;
  static const char *provinces[] = { "001", "002", "031", "079" };
  g_autofree char *cccd = g_strdup_printf ("%s%01d%02d%06d", provinces[g_rand_int_range (rand, 0, 4)],
                                           g_rand_int_range (rand, 0, 4), g_rand_int_range (rand, 50, 100),
                                           g_rand_int_range (rand, 0, 1000000));
  g_autofree char *phone = g_strdup_printf ("09%08d", g_rand_int_range (rand, 0, 100000000));
  /* Ten receipts to a second now and then: keys that differ by the id only. */
  g_autofree char *at = g_strdup_printf ("2026-%02d-%02dT%02d:%02d:%02d+07:00", 9 + (i % 3), 1 + g_rand_int_range (rand, 0, 28),
                                         i % 10 == 0 ? 9 : g_rand_int_range (rand, 7, 17),
                                         i % 10 == 0 ? 30 : g_rand_int_range (rand, 0, 60),
                                         i % 10 == 0 ? 0 : g_rand_int_range (rand, 0, 60));
  g_autofree char *due = g_strdup_printf ("2026-%02d-%02d", 10 + g_rand_int_range (rand, 0, 3),
                                          1 + g_rand_int_range (rand, 0, 28));
  const char *m = middle[g_rand_int_range (rand, 0, G_N_ELEMENTS (middle))];
  McDossier *d;

  name = g_strdup_printf ("%s %s%s%s", family[g_rand_int_range (rand, 0, G_N_ELEMENTS (family))], m,
                          *m != '\0' ? " " : "", given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))]);
  d = mc_test_sample_dossier (name, cccd, at);
  mc_dossier_set_phone (d, i % 7 == 0 ? NULL : phone);
  mc_dossier_set_due_date (d, due);
  return d;
}

/* The store with its history: received, then some finished, some moved
 * between unfinished states, some reopened, some corrected (the name, so
 * the search text, of finished and unfinished ones alike). */
static void
fill_store (McStore   *store,
            GPtrArray *uuids,
            guint      first,
            guint      n,
            GRand     *rand)
{
  static const McDossierState moves[] = {
    MC_DOSSIER_STATE_PROCESSING, MC_DOSSIER_STATE_SUPPLEMENT_REQUESTED, MC_DOSSIER_STATE_UPLOADED,
    MC_DOSSIER_STATE_DONE, MC_DOSSIER_STATE_RETURNED, MC_DOSSIER_STATE_REJECTED,
    MC_DOSSIER_STATE_WITHDRAWN, MC_DOSSIER_STATE_STOPPED,
  };
  g_autoptr(GError) error = NULL;

  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(McDossier) d = generated_dossier (rand, i);

      g_assert_true (mc_store_insert_dossier (store, d, NULL, "lan.nt", &error));
      g_assert_no_error (error);
      g_ptr_array_add (uuids, g_strdup (mc_dossier_get_uuid (d)));
    }
  for (guint i = first; i < first + n; i++)
    {
      const char *uuid = g_ptr_array_index (uuids, i);
      guint r = g_rand_int_range (rand, 0, 10);

      if (r < 6)
        {
          g_assert_true (mc_store_set_dossier_state (store, uuid, moves[g_rand_int_range (rand, 0, G_N_ELEMENTS (moves))],
                                                     "sync", NULL, &error));
          g_assert_no_error (error);
        }
      if (r == 0 || r == 1)
        {
          /* and again: reopened, finished twice, moved on */
          g_assert_true (mc_store_set_dossier_state (store, uuid, moves[g_rand_int_range (rand, 0, G_N_ELEMENTS (moves))],
                                                     "sync", NULL, &error));
          g_assert_no_error (error);
        }
      if (g_rand_int_range (rand, 0, 5) == 0)
        {
          g_autoptr(McDossier) d = mc_store_load_dossier (store, uuid, &error);
          g_autofree char *name = NULL;

          g_assert_no_error (error);
          name = g_strdup_printf ("%s %s", family[g_rand_int_range (rand, 0, G_N_ELEMENTS (family))],
                                  given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))]);
          mc_dossier_set_applicant_name (d, name);
          g_assert_true (mc_store_update_dossier (store, d, "lan.nt", "Sai tên", &error));
          g_assert_no_error (error);
        }
    }
}

static void
assert_same_list (GPtrArray *got,
                  GPtrArray *want,
                  guint      from,
                  guint      len)
{
  g_assert_cmpuint (got->len, ==, len);
  for (guint i = 0; i < len; i++)
    g_assert_cmpstr (mc_dossier_get_uuid (g_ptr_array_index (got, i)), ==,
                     mc_dossier_get_uuid (g_ptr_array_index (want, from + i)));
}

/* One query against the naive answer; returns how many it found. */
static guint
check_query (McStore              *store,
             const McDossierQuery *query)
{
  McDossierQuery plain = { .search = query->search, .from_date = query->from_date, .to_date = query->to_date };
  g_autoptr(GPtrArray) every_match = NULL;
  g_autoptr(GPtrArray) want = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(GError) error = NULL;
  gint64 want_states[MC_DOSSIER_N_STATES] = { 0 };
  gint64 states[MC_DOSSIER_N_STATES];
  const gint64 caps[] = { 10000, 5 };

  every_match = mc_store_list_dossiers (store, &plain, 0, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < every_match->len; i++)
    {
      McDossier *d = g_ptr_array_index (every_match, i);

      if (is_unfinished (mc_dossier_get_state (d)) && strcmp (mc_dossier_get_due_date (d), query->overdue_on) < 0 &&
          (!query->has_state || mc_dossier_get_state (d) == query->state))
        g_ptr_array_add (want, g_object_ref (d));
    }

  got = mc_store_list_dossiers (store, query, 0, 0, &error);
  g_assert_no_error (error);
  assert_same_list (got, want, 0, want->len);
  g_assert_cmpint (mc_store_count_dossiers (store, query, &error), ==, want->len);
  g_assert_cmpint (mc_store_count_dossiers_upto (store, query, 5, &error), ==, MIN (want->len, 5));
  g_assert_no_error (error);

  /* Page by page, by offset and after the last row shown (keyset). */
  for (guint from = 0; from < want->len + PAGE; from += PAGE)
    {
      g_autoptr(GPtrArray) by_offset = mc_store_list_dossiers (store, query, from, PAGE, &error);
      g_autoptr(GPtrArray) after = NULL;
      guint len = from < want->len ? MIN (PAGE, want->len - from) : 0;

      g_assert_no_error (error);
      assert_same_list (by_offset, want, from, len);
      if (from > 0 && from <= want->len)
        {
          after = mc_store_list_dossiers_after (store, query, g_ptr_array_index (want, from - 1), PAGE, &error);
          g_assert_no_error (error);
          assert_same_list (after, want, from, len);
        }
    }

  /* Per-state counts: the newest @cap of them by state, the state filter
   * itself left out. */
  if (!query->has_state)
    for (guint c = 0; c < G_N_ELEMENTS (caps); c++)
      {
        for (guint s = 0; s < MC_DOSSIER_N_STATES; s++)
          want_states[s] = 0;
        for (guint i = 0; i < MIN ((gint64) want->len, caps[c]); i++)
          want_states[mc_dossier_get_state (g_ptr_array_index (want, i))]++;
        g_assert_true (mc_store_count_by_state_upto (store, query, caps[c], states, &error));
        g_assert_no_error (error);
        for (guint s = 0; s < MC_DOSSIER_N_STATES; s++)
          g_assert_cmpint (states[s], ==, want_states[s]);
      }
  return want->len;
}

/* Every search with every day, alone, with a state and with a date
 * range; some must find more than two pages, some nothing. */
static void
check_all (McStore   *store,
           GPtrArray *uuids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) sample = mc_store_load_dossier (store, g_ptr_array_index (uuids, 3), &error);
  g_autofree char *id_prefix = NULL;
  const char *searches[] = {
    "nguyen", "dang van duc", "khong", NULL /* an ID prefix */, NULL /* a full code */, "xyzzy",
    "n", "ng", "0", "001", "Đức", "NGA", "van d", "09",
  };
  const char *days[] = { "2026-10-15", "2026-11-20", "2027-01-01" };
  guint found = 0, empty = 0, checked = 0;

  g_assert_no_error (error);
  id_prefix = g_strndup (mc_dossier_get_id_number (sample), 7);
  searches[3] = id_prefix;
  searches[4] = mc_dossier_get_code (sample);

  for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
    for (guint d = 0; d < G_N_ELEMENTS (days); d++)
      {
        McDossierQuery queries[] = {
          { .search = (char *) searches[s], .overdue_on = (char *) days[d] },
          { .search = (char *) searches[s], .overdue_on = (char *) days[d], .has_state = TRUE,
            .state = MC_DOSSIER_STATE_PROCESSING },
          { .search = (char *) searches[s], .overdue_on = (char *) days[d], .has_state = TRUE,
            .state = MC_DOSSIER_STATE_RECEIVED },
          { .search = (char *) searches[s], .overdue_on = (char *) days[d], .from_date = (char *) "2026-10-01",
            .to_date = (char *) "2026-10-20" },
        };

        for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
          {
            guint n = check_query (store, &queries[q]);

            if (n == 0)
              empty++;
            else if (n > 2 * PAGE)
              found++;
            checked++;
          }
      }
  g_test_message ("%u queries: %u with more than two pages, %u with none", checked, found, empty);
  /* The data are varied enough to test something. */
  g_assert_cmpuint (found, >=, 20);
  g_assert_cmpuint (empty, >=, 10);
}

static void
test_overdue_search_is_naive_search (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(McStore) store = mc_test_open_store (dir, 1);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261207);

  fill_store (store, uuids, 0, N_DOSSIERS, rand);
  check_all (store, uuids);
  g_clear_object (&store);
  mc_test_rm_rf (dir);
}

/* A desk upgraded to schema 11 with its history: the index of the
 * unfinished is built from what is there, then kept as before. */
static void
test_overdue_search_after_upgrade (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  McStore *store;

  store = mc_store_open_at_version (dir, MC_STORE_SCHEMA_VERSION - 1, &error);
  g_assert_no_error (error);
  g_assert_true (mc_store_set_station (store, "000.00.12.H29", "UBND xã Tân Lập", 1, &error));
  fill_store (store, uuids, 0, N_DOSSIERS / 2, rand);
  g_object_unref (store);

  store = mc_test_open_store (dir, 1);
  g_assert_cmpint (mc_store_get_schema_version (store), ==, MC_STORE_SCHEMA_VERSION);
  fill_store (store, uuids, N_DOSSIERS / 2, N_DOSSIERS / 2, rand);
  check_all (store, uuids);
  g_object_unref (store);
  mc_test_rm_rf (dir);
}

static gint64
scalar (sqlite3    *db,
        const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The index of the unfinished holds exactly them: a dossier leaves it
 * when finished and comes back when reopened, and a step between two
 * unfinished states writes nothing to it (it used to delete and re-add
 * the same words on every sync step: CPU and tombstones for nothing). */
static void
test_open_index_follows_the_state (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "motcua.db", NULL);
  g_autoptr(McStore) store = mc_test_open_store (dir, 1);
  g_autoptr(McDossier) d = mc_test_sample_dossier ("Khổng Thị Quyên", "001185012345", "2026-11-23T09:15:00+07:00");
  g_autoptr(GError) error = NULL;
  const char *uuid;
  const char *matches = "SELECT count (*) FROM dossier_search_open WHERE dossier_search_open MATCH 'quyen'";
  const char *writes = "SELECT count (*) FROM dossier_search_open_data";
  sqlite3 *db = NULL;
  gint64 before;

  g_assert_true (mc_store_insert_dossier (store, d, NULL, "test", &error));
  g_assert_no_error (error);
  uuid = mc_dossier_get_uuid (d);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (scalar (db, matches), ==, 1);

  before = scalar (db, writes);
  g_assert_true (mc_store_set_dossier_state (store, uuid, MC_DOSSIER_STATE_UPLOADED, "sync", NULL, &error));
  g_assert_true (mc_store_set_dossier_state (store, uuid, MC_DOSSIER_STATE_PROCESSING, "sync", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (db, matches), ==, 1);
  g_assert_cmpint (scalar (db, writes), ==, before);

  g_assert_true (mc_store_set_dossier_state (store, uuid, MC_DOSSIER_STATE_DONE, "sync", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (db, matches), ==, 0);

  g_assert_true (mc_store_set_dossier_state (store, uuid, MC_DOSSIER_STATE_PROCESSING, "sync", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (scalar (db, matches), ==, 1);

  sqlite3_close (db);
  g_clear_object (&store);
  mc_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/search-overdue/same-as-naive", test_overdue_search_is_naive_search);
  g_test_add_func ("/search-overdue/after-upgrade", test_overdue_search_after_upgrade);
  g_test_add_func ("/search-overdue/open-index-follows-the-state", test_open_index_follows_the_state);
  return g_test_run ();
}
