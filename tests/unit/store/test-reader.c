/* test-reader.c — a read connection never waits behind a write
 *
 * The desk lists and searches on mc_store_open_reader ()'s connection
 * while its worker saves on the store's: a save holding the write
 * transaction (and the store's lock) for seconds must not hold up a
 * search, which sees the last commit.
 */
#include "test-util.h"

#include "mc-store-private.h"

typedef struct
{
  McStore  *store;
  GMutex    mutex;
  GCond     cond;
  gboolean  writing;
  gboolean  release;
} Writer;

/* A save that takes its time: the write transaction open, a row inserted
 * and not committed, the store's lock held until told to go on. */
static gpointer
slow_save (gpointer data)
{
  Writer *w = data;
  g_autoptr(McDossier) d = mc_test_sample_dossier ("Lê Thị Uncommitted", "001185099999", "2026-11-25T09:00:00+07:00");
  g_autoptr(GError) error = NULL;

  g_rec_mutex_lock (&w->store->lock);
  g_assert_true (mc_store_begin (w->store, &error));
  g_assert_true (mc_store_exec (w->store,
                                "UPDATE dossiers SET applicant_name = 'Changed', search_text = 'changed' "
                                "WHERE id = 1", &error));
  g_assert_no_error (error);

  g_mutex_lock (&w->mutex);
  w->writing = TRUE;
  g_cond_signal (&w->cond);
  while (!w->release)
    g_cond_wait (&w->cond, &w->mutex);
  g_mutex_unlock (&w->mutex);

  g_assert_true (mc_store_commit (w->store, &error));
  g_rec_mutex_unlock (&w->store->lock);
  /* A normal save after it goes through as usual. */
  g_assert_true (mc_store_insert_dossier (w->store, d, NULL, "lan.nt", &error));
  g_assert_no_error (error);
  return NULL;
}

static void
test_search_while_saving (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(McStore) store = mc_test_open_store (dir, 1);
  g_autoptr(McStore) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) first = mc_test_sample_dossier ("Đỗ Văn Đạt", "001085012345", "2026-11-24T08:00:00+07:00");
  McDossierQuery q = { .search = (char *) "dat" };
  McDossierQuery changed = { .search = (char *) "changed" };
  Writer w = { .store = store };
  GThread *thread;

  g_assert_true (mc_store_insert_dossier (store, first, NULL, "lan.nt", &error));
  reader = mc_store_open_reader (store, &error);
  g_assert_no_error (error);
  g_mutex_init (&w.mutex);
  g_cond_init (&w.cond);

  thread = g_thread_new ("slow-save", slow_save, &w);
  g_mutex_lock (&w.mutex);
  while (!w.writing)
    g_cond_wait (&w.cond, &w.mutex);
  g_mutex_unlock (&w.mutex);

  /* The save holds its transaction and lock: the reader answers anyway,
   * from the last commit. (On the writer's connection this would wait
   * for the lock until the save ends: it never ends until we say so.) */
  {
    g_autoptr(GPtrArray) found = mc_store_list_dossiers (reader, &q, 0, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpstr (mc_dossier_get_applicant_name (g_ptr_array_index (found, 0)), ==, "Đỗ Văn Đạt");
    g_assert_cmpint (mc_store_count_dossiers_upto (reader, &changed, 100, &error), ==, 0);
    g_assert_cmpint (mc_store_count_dossiers (reader, NULL, &error), ==, 1);
  }
  /* It only reads. */
  g_assert_false (mc_store_set_setting (reader, "x", "y", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_mutex_lock (&w.mutex);
  w.release = TRUE;
  g_cond_signal (&w.cond);
  g_mutex_unlock (&w.mutex);
  g_thread_join (thread);

  /* Committed: the next read sees it. */
  g_assert_cmpint (mc_store_count_dossiers_upto (reader, &changed, 100, &error), ==, 1);
  g_assert_cmpint (mc_store_count_dossiers (reader, NULL, &error), ==, 2);
  g_assert_no_error (error);

  g_mutex_clear (&w.mutex);
  g_cond_clear (&w.cond);
  g_clear_object (&reader);
  g_clear_object (&store);
  mc_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reader/search-while-saving", test_search_while_saving);
  return g_test_run ();
}
