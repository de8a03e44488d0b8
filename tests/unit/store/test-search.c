/* test-search.c — searching and filtering dossiers */
#include "test-util.h"

typedef struct
{
  char    *dir;
  McStore *store;
} Fixture;

static const struct
{
  const char *name;
  const char *cccd;
  const char *received;
  const char *due;
} people[] = {
  { "Nguyễn Văn Dũng", "001085012345", "2026-11-20T08:00:00+07:00", "2026-11-21" },
  { "Đặng Thị Ánh", "079185012345", "2026-11-21T09:00:00+07:00", "2026-11-22" },
  { "Trần Đức Long", "031090123456", "2026-11-22T10:00:00+07:00", "2026-11-25" },
  { "ĐOÀN VĂN ĐỨC", "048095654321", "2026-11-23T11:00:00+07:00", "2026-11-23" },
  { "Lê Thị Dung", "001185999999", "2026-11-23T15:00:00+07:00", "2026-11-30" },
};

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = mc_test_make_tmp_dir ();
  f->store = mc_test_open_store (f->dir, 1);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(McDossier) d = mc_test_sample_dossier (people[i].name, people[i].cccd, people[i].received);
      mc_dossier_set_phone (d, i == 2 ? "0243123456" : "0912345678");
      mc_dossier_set_due_date (d, people[i].due);
      g_assert_true (mc_store_insert_dossier (f->store, d, NULL, "clerk", &error));
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  mc_test_rm_rf (f->dir);
  g_free (f->dir);
}

/* Names found by @search, newest first, joined by "|". */
static char *
find (Fixture    *f,
      const char *search)
{
  McDossierQuery q = { .search = (char *) search };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = mc_store_list_dossiers (f->store, &q, 0, -1, &error);
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (s, "%s%s", i ? "|" : "", mc_dossier_get_applicant_name (found->pdata[i]));
  g_assert_cmpint (mc_store_count_dossiers (f->store, &q, NULL), ==, found->len);
  return g_string_free (s, FALSE);
}

#define assert_found(f, search, expected) \
  G_STMT_START { g_autofree char *got = find (f, search); g_assert_cmpstr (got, ==, expected); } G_STMT_END

static void
test_diacritics_and_case (Fixture       *f,
                          gconstpointer  data)
{
  assert_found (f, "nguyen van dung", "Nguyễn Văn Dũng");
  assert_found (f, "NGUYỄN", "Nguyễn Văn Dũng");
  /* đ → d, which FTS5's own folding misses. */
  assert_found (f, "dang", "Đặng Thị Ánh");
  assert_found (f, "doan van duc", "ĐOÀN VĂN ĐỨC");
  assert_found (f, "Đức", "ĐOÀN VĂN ĐỨC|Trần Đức Long");
  /* Word prefixes, as the clerk types. */
  assert_found (f, "dun", "Lê Thị Dung|Nguyễn Văn Dũng");
  assert_found (f, "thi", "Lê Thị Dung|Đặng Thị Ánh");
  assert_found (f, "nobody", "");
  assert_found (f, "", "Lê Thị Dung|ĐOÀN VĂN ĐỨC|Trần Đức Long|Đặng Thị Ánh|Nguyễn Văn Dũng");
  /* Punctuation alone must not break the query. */
  assert_found (f, "\"*(", "Lê Thị Dung|ĐOÀN VĂN ĐỨC|Trần Đức Long|Đặng Thị Ánh|Nguyễn Văn Dũng");
  assert_found (f, "\"dang", "Đặng Thị Ánh");
}

static void
test_code_id_phone (Fixture       *f,
                    gconstpointer  data)
{
  assert_found (f, "079185012345", "Đặng Thị Ánh");
  assert_found (f, "0791", "Đặng Thị Ánh");
  assert_found (f, "000.00.12.H29-261122-1000", "Trần Đức Long");
  assert_found (f, "261123", "Lê Thị Dung|ĐOÀN VĂN ĐỨC");
  assert_found (f, "0243123456", "Trần Đức Long");
}

static void
test_filters_and_counts (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  McDossierQuery q = { 0 };
  gint64 counts[MC_DOSSIER_N_STATES];
  g_autoptr(McDossier) first = NULL;

  q.from_date = (char *) "2026-11-21";
  q.to_date = (char *) "2026-11-22";
  g_assert_cmpint (mc_store_count_dossiers (f->store, &q, &error), ==, 2);

  page = mc_store_list_dossiers (f->store, NULL, 1, 2, &error);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpstr (mc_dossier_get_applicant_name (page->pdata[0]), ==, "ĐOÀN VĂN ĐỨC");

  first = mc_store_load_dossier (f->store, "000.00.12.H29-261120-1000", &error);
  g_assert_true (mc_store_set_dossier_state (f->store, mc_dossier_get_uuid (first), MC_DOSSIER_STATE_DONE,
                                             "sync", NULL, &error));
  q = (McDossierQuery) { .has_state = TRUE, .state = MC_DOSSIER_STATE_DONE };
  g_assert_cmpint (mc_store_count_dossiers (f->store, &q, &error), ==, 1);

  g_assert_true (mc_store_count_by_state (f->store, &q, counts, &error));
  g_assert_cmpint (counts[MC_DOSSIER_STATE_DONE], ==, 1);
  g_assert_cmpint (counts[MC_DOSSIER_STATE_RECEIVED], ==, 4);

  q = (McDossierQuery) { .from_date = (char *) "2026-13-01" };
  g_assert_cmpint (mc_store_count_dossiers (f->store, &q, &error), ==, -1);
  g_assert_error (error, MC_VALIDATE_ERROR, MC_VALIDATE_ERROR_FORMAT);
}

/* Names listed for @q, newest first, joined by "|"; the count, the capped
 * count and the keyset page after the first row agree with the list. */
static char *
list_names (Fixture              *f,
            const McDossierQuery *q)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = mc_store_list_dossiers (f->store, q, 0, -1, &error);
  GString *s = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (s, "%s%s", i ? "|" : "", mc_dossier_get_applicant_name (found->pdata[i]));
  g_assert_cmpint (mc_store_count_dossiers (f->store, q, &error), ==, found->len);
  g_assert_cmpint (mc_store_count_dossiers_upto (f->store, q, 1, &error), ==, MIN (found->len, 1));
  if (found->len > 0)
    {
      g_autoptr(GPtrArray) rest = mc_store_list_dossiers_after (f->store, q, found->pdata[0], -1, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (rest->len, ==, found->len - 1);
      for (guint i = 0; i < rest->len; i++)
        g_assert_cmpstr (mc_dossier_get_uuid (rest->pdata[i]), ==, mc_dossier_get_uuid (found->pdata[i + 1]));
    }
  return g_string_free (s, FALSE);
}

#define assert_listed(f, q, expected) \
  G_STMT_START { g_autofree char *got = list_names (f, q); g_assert_cmpstr (got, ==, expected); } G_STMT_END

/* "Overdue": due before the day and not finished, with every other filter. */
static void
test_overdue (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = mc_store_list_dossiers (f->store, NULL, 0, -1, &error);
  McDossierQuery q = { .overdue_on = (char *) "2026-11-24" };
  gint64 counts[MC_DOSSIER_N_STATES];

  /* Newest first: Dung, Đức, Long, Ánh, Dũng; Ánh is late but finished. */
  g_assert_cmpuint (all->len, ==, G_N_ELEMENTS (people));
  g_assert_true (mc_store_set_dossier_state (f->store, mc_dossier_get_uuid (all->pdata[3]), MC_DOSSIER_STATE_DONE,
                                             "sync", NULL, &error));
  g_assert_no_error (error);

  assert_listed (f, &q, "ĐOÀN VĂN ĐỨC|Nguyễn Văn Dũng");
  q.overdue_on = (char *) "2026-11-23";   /* due before it: Đức (due that day) is not late yet */
  assert_listed (f, &q, "Nguyễn Văn Dũng");
  q.overdue_on = (char *) "2026-12-31";
  assert_listed (f, &q, "Lê Thị Dung|ĐOÀN VĂN ĐỨC|Trần Đức Long|Nguyễn Văn Dũng");

  q.overdue_on = (char *) "2026-11-24";
  q.search = (char *) "duc";
  assert_listed (f, &q, "ĐOÀN VĂN ĐỨC");
  q.search = (char *) "thi";
  assert_listed (f, &q, "");
  q.search = NULL;
  q.has_state = TRUE;
  q.state = MC_DOSSIER_STATE_RECEIVED;
  assert_listed (f, &q, "ĐOÀN VĂN ĐỨC|Nguyễn Văn Dũng");
  q.state = MC_DOSSIER_STATE_DONE;
  assert_listed (f, &q, "");
  q.has_state = FALSE;
  q.from_date = (char *) "2026-11-21";
  assert_listed (f, &q, "ĐOÀN VĂN ĐỨC");
  q.from_date = NULL;

  g_assert_true (mc_store_count_by_state (f->store, &q, counts, &error));
  g_assert_cmpint (counts[MC_DOSSIER_STATE_RECEIVED], ==, 2);
  g_assert_cmpint (counts[MC_DOSSIER_STATE_DONE], ==, 0);
  g_assert_true (mc_store_count_by_state_upto (f->store, &q, 1, counts, &error));
  g_assert_cmpint (counts[MC_DOSSIER_STATE_RECEIVED], ==, 1);
  q.search = (char *) "van";
  g_assert_true (mc_store_count_by_state (f->store, &q, counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts[MC_DOSSIER_STATE_RECEIVED], ==, 2);
  g_assert_cmpint (counts[MC_DOSSIER_STATE_DONE], ==, 0);
}

static void
test_correction_reindexes (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) d = mc_store_load_dossier (f->store, "000.00.12.H29-261120-1000", &error);

  mc_dossier_set_applicant_name (d, "Nguyễn Văn Hùng");
  g_assert_true (mc_store_update_dossier (f->store, d, "clerk", "typo", &error));
  assert_found (f, "hung", "Nguyễn Văn Hùng");
  assert_found (f, "dung", "Lê Thị Dung");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/search/diacritics", test_diacritics_and_case);
  ADD ("/search/code-id-phone", test_code_id_phone);
  ADD ("/search/filters", test_filters_and_counts);
  ADD ("/search/reindex", test_correction_reindexes);
  ADD ("/search/overdue", test_overdue);
#undef ADD
  return g_test_run ();
}
