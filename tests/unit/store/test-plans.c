/* test-plans.c — the upload engine's queries stay off the history
 *
 * A desk keeps every dossier it ever received and every outbox item the
 * server acknowledged. The engine's queries (claim, count, list, recover,
 * re-queue) must read only what is still to send: this runs each of them
 * on a store with history and asserts their query plans, so a query that
 * would walk the whole outbox or the whole dossiers table fails here
 * rather than at 1 000 000 dossiers.
 */
#include "test-util.h"

#include <string.h>

#include "mc-store-outbox.h"
#include "mc-store-private.h"

#define N_DOSSIERS 40

static McDossier *
insert_at (McStore *store,
           guint    i)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("Nguyễn Văn %c", 'A' + (i % 26));
  g_autofree char *cccd = g_strdup_printf ("0011850%05u", i);
  /* Received out of the order they are saved in: upload order is by
   * received time, not by row id (a back-dated dossier goes first). */
  g_autofree char *at = g_strdup_printf ("2026-11-%02uT%02u:00:00+07:00", 2 + (i * 7) % 20, 8 + i % 9);
  McDossier *d = mc_test_sample_dossier (name, cccd, at);

  g_assert_true (mc_store_insert_dossier (store, d, NULL, "lan.nt", &error));
  g_assert_no_error (error);
  return d;
}

/* The uuids of every dossier in upload order (received time, then code). */
static GPtrArray *
upload_order (GPtrArray *dossiers)
{
  GPtrArray *sorted = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < dossiers->len; i++)
    g_ptr_array_add (sorted, g_object_ref (g_ptr_array_index (dossiers, i)));
  for (guint i = 1; i < sorted->len; i++)
    for (guint j = i; j > 0; j--)
      {
        McDossier *a = g_ptr_array_index (sorted, j - 1);
        McDossier *b = g_ptr_array_index (sorted, j);
        int c = g_date_time_compare (mc_dossier_get_received_at (a), mc_dossier_get_received_at (b));

        if (c < 0 || (c == 0 && strcmp (mc_dossier_get_code (a), mc_dossier_get_code (b)) < 0))
          break;
        sorted->pdata[j - 1] = b;
        sorted->pdata[j] = a;
      }
  return sorted;
}

static void
ack (McStore    *store,
     McSyncItem *item)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_sync_acknowledge (store, item, "{}", "SRV-1", "req-1", &error));
  g_assert_no_error (error);
}

/* A SCAN of a table in a plan line is allowed only through a partial
 * index of the items still to send. */
static gboolean
scans_history (const char *line)
{
  if (!g_str_has_prefix (line, "SCAN "))
    return FALSE;
  if (strstr (line, "INDEX outbox_pending") != NULL || strstr (line, "INDEX dossiers_to_send") != NULL)
    return FALSE;
  /* A CTE or subquery result is as big as the backlog, not the history. */
  if (g_str_has_prefix (line, "SCAN heads") || g_str_has_prefix (line, "SCAN (subquery") ||
      g_str_has_prefix (line, "SCAN CONSTANT ROW"))
    return FALSE;
  return TRUE;
}

static void
test_engine_queries_read_only_the_backlog (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(McStore) store = mc_test_open_store (dir, 1);
  g_autoptr(GPtrArray) dossiers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) order = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GHashTable) plans = NULL;
  g_autoptr(GError) error = NULL;
  McSyncCounts counts = { 0 };
  GHashTableIter iter;
  gpointer key, value;
  guint checked = 0;
  gint64 now = g_get_real_time () / 1000;

  for (guint i = 0; i < N_DOSSIERS; i++)
    g_ptr_array_add (dossiers, insert_at (store, i));
  order = upload_order (dossiers);

  /* History: the oldest half uploaded, each exactly once, oldest first. */
  for (guint i = 0; i < N_DOSSIERS / 2; i++)
    {
      g_autoptr(McSyncItem) item = mc_store_sync_claim (store, now, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (item);
      g_assert_cmpstr (item->uuid, ==, mc_dossier_get_uuid (g_ptr_array_index (order, i)));
      g_assert_cmpstr (item->kind, ==, "revision");
      g_assert_cmpint (item->revision, ==, 1);
      ack (store, item);
    }

  /* The backlog: one waits for a retry, one needs the clerk, one is
   * being sent when the desk stops. */
  {
    g_autoptr(McSyncItem) later = mc_store_sync_claim (store, now, NULL, &error);
    g_autoptr(McSyncItem) refused = mc_store_sync_claim (store, now, NULL, &error);
    g_autoptr(McSyncItem) cut = mc_store_sync_claim (store, now, NULL, &error);
    g_autoptr(McSyncItem) none = NULL;

    g_assert_cmpstr (later->uuid, ==, mc_dossier_get_uuid (g_ptr_array_index (order, N_DOSSIERS / 2)));
    g_assert_true (mc_store_sync_retry (store, later, TRUE, now + 3600 * 1000, 500, "Lỗi máy chủ", "r2", &error));
    g_assert_true (mc_store_sync_attention (store, refused, 422, "Sai số CCCD", "applicant.id_number", "r3",
                                            &error));
    g_assert_no_error (error);
    g_assert_true (mc_store_sync_count (store, now, &counts, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (counts.due, ==, N_DOSSIERS / 2 - 2);   /* the cut one is 'sending': counted due */
    g_assert_cmpuint (counts.queued, ==, N_DOSSIERS / 2 - 1);
    g_assert_cmpuint (counts.attention, ==, 1);
    g_assert_cmpint (counts.next_attempt_at, ==, now + 3600 * 1000);
    none = mc_store_sync_claim_next (store, cut->dossier_id, now, &error);
    g_assert_null (none);   /* its head is being sent */
    g_assert_true (mc_store_sync_recover (store, &error));
    g_assert_true (mc_store_requeue (store, mc_dossier_get_code (g_ptr_array_index (order, N_DOSSIERS / 2 + 1)),
                                     "lan.nt", &error));
    g_assert_no_error (error);
  }

  listed = mc_store_list_outbox (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, N_DOSSIERS / 2);
  /* Still oldest first after the history: the re-queued and the cut ones
   * come back in their place, the retry waits. */
  for (guint i = N_DOSSIERS / 2 + 1; i < N_DOSSIERS; i++)
    {
      g_autoptr(McSyncItem) item = mc_store_sync_claim (store, now, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (item);
      g_assert_cmpstr (item->uuid, ==, mc_dossier_get_uuid (g_ptr_array_index (order, i)));
      ack (store, item);
      g_assert_null (mc_store_sync_claim_next (store, item->dossier_id, now, &error));
    }
  g_assert_null (mc_store_sync_claim (store, now, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_sync_count (store, now, &counts, &error));
  g_assert_cmpuint (counts.due, ==, 0);
  g_assert_cmpuint (counts.queued, ==, 1);

  plans = mc_store_explain_prepared (store, &error);
  g_assert_no_error (error);
  g_hash_table_iter_init (&iter, plans);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *sql = key;
      g_auto(GStrv) lines = NULL;

      if (strstr (sql, "outbox") == NULL || g_str_has_prefix (sql, "INSERT") ||
          /* One dossier's items, by the dossier's id. */
          strstr (sql, "dossier_id = ?1") != NULL)
        continue;
      g_test_message ("%s\n%s", sql, (const char *) value);
      lines = g_strsplit (value, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (scans_history (lines[i]))
          g_error ("A full scan on the upload path:\n%s\nplan:\n%s", sql, (const char *) value);
      checked++;
    }
  /* claim, claim next, count, list, recover (2): each was planned. */
  g_assert_cmpuint (checked, >=, 6);

  g_clear_object (&store);
  mc_test_rm_rf (dir);
}

/* Lists and counts: no SCAN of dossiers, no sort of every match (a page
 * of a common word must not read the 400 000 others), whatever filter. */
static void
test_search_queries_read_one_page (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(McStore) store = mc_test_open_store (dir, 1);
  g_autoptr(GHashTable) plans = NULL;
  g_autoptr(GError) error = NULL;
  gint64 counts[MC_DOSSIER_N_STATES];
  GHashTableIter iter;
  gpointer key, value;
  guint checked = 0, overdue = 0, overdue_search = 0;
  McDossierQuery queries[] = {
    { 0 },
    { .search = (char *) "nguyen" },
    { .search = (char *) "nguyen", .has_state = TRUE, .state = MC_DOSSIER_STATE_RECEIVED },
    { .has_state = TRUE, .state = MC_DOSSIER_STATE_RECEIVED },
    { .search = (char *) "0", .from_date = (char *) "2026-11-03", .to_date = (char *) "2026-11-10" },
    { .from_date = (char *) "2026-11-03" },
    /* "Overdue" (due before the day, not finished), alone and with the others */
    { .overdue_on = (char *) "2099-01-01" },
    { .overdue_on = (char *) "2099-01-01", .search = (char *) "nguyen" },
    { .overdue_on = (char *) "2099-01-01", .has_state = TRUE, .state = MC_DOSSIER_STATE_RECEIVED },
    { .overdue_on = (char *) "2099-01-01", .from_date = (char *) "2026-11-03" },
    { .overdue_on = (char *) "2099-01-01", .search = (char *) "n", .has_state = TRUE,
      .state = MC_DOSSIER_STATE_RECEIVED },
  };

  for (guint i = 0; i < N_DOSSIERS; i++)
    g_object_unref (insert_at (store, i));

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) first = mc_store_list_dossiers (store, &queries[i], 0, 5, &error);
      g_autoptr(GPtrArray) next = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (first->len, >, 0);
      g_autoptr(GPtrArray) by_offset = mc_store_list_dossiers (store, &queries[i], 5, 5, &error);
      gint64 exact = mc_store_count_dossiers (store, &queries[i], &error);

      next = mc_store_list_dossiers_after (store, &queries[i], g_ptr_array_index (first, first->len - 1), 5, &error);
      g_assert_no_error (error);
      /* The keyset page is the offset page. */
      g_assert_cmpuint (next->len, ==, by_offset->len);
      for (guint j = 0; j < next->len; j++)
        g_assert_cmpstr (mc_dossier_get_uuid (g_ptr_array_index (next, j)), ==,
                         mc_dossier_get_uuid (g_ptr_array_index (by_offset, j)));
      /* Capped counts: exact below the cap, the cap when there are more. */
      g_assert_cmpint (exact, >, 0);
      g_assert_cmpint (mc_store_count_dossiers_upto (store, &queries[i], 10000, &error), ==, exact);
      g_assert_cmpint (mc_store_count_dossiers_upto (store, &queries[i], 3, &error), ==, MIN (exact, 3));
      g_assert_true (mc_store_count_by_state_upto (store, &queries[i], 10000, counts, &error));
      g_assert_no_error (error);
    }

  plans = mc_store_explain_prepared (store, &error);
  g_assert_no_error (error);
  g_hash_table_iter_init (&iter, plans);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *sql = key;
      g_auto(GStrv) lines = NULL;

      if (!g_str_has_prefix (sql, "SELECT") || strstr (sql, "FROM dossier") == NULL ||
          strstr (sql, "outbox") != NULL || strstr (sql, "d.uuid = ?1") != NULL)
        continue;
      g_test_message ("%s\n%s", sql, (const char *) value);
      lines = g_strsplit (value, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (g_str_has_prefix (lines[i], "SCAN d") || g_str_has_prefix (lines[i], "SCAN dossiers") ||
            (strstr (sql, "LIMIT") != NULL && strstr (lines[i], "TEMP B-TREE") != NULL &&
             strstr (sql, "GROUP BY") == NULL))
          g_error ("A query that reads every dossier or sorts every match:\n%s\nplan:\n%s", sql,
                   (const char *) value);
      /* The overdue filter reads the unfinished dossiers only: every
       * table it walks, it walks through their partial index (a SEARCH
       * of dossiers_by_received or dossiers_by_state reads them all). */
      if (strstr (sql, "due_date <") != NULL)
        for (guint i = 0; lines[i] != NULL; i++)
          if ((g_str_has_prefix (lines[i], "SCAN ") || g_str_has_prefix (lines[i], "SEARCH ")) &&
              strstr (lines[i], "VIRTUAL TABLE") == NULL && strstr (lines[i], "SCAN (subquery") == NULL &&
              /* a match's dossier, by its id */
              strstr (lines[i], "USING INTEGER PRIMARY KEY") == NULL &&
              strstr (lines[i], "INDEX dossiers_open") == NULL)
            g_error ("The overdue filter reads finished dossiers too:\n%s\nplan:\n%s", sql, (const char *) value);
      /* A search among the overdue reads the matches among the unfinished
       * only (dossier_search_open, alias os), not every match of the word
       * in the whole index (alias s): the index of matches outside, each
       * match's due date from dossiers_open (not one search of the index
       * per overdue dossier). */
      if (strstr (sql, "due_date <") != NULL && strstr (sql, "MATCH") != NULL)
        {
          int os_line = -1, o_line = -1;

          for (int i = 0; lines[i] != NULL; i++)
            {
              if (g_str_has_prefix (lines[i], "SCAN os VIRTUAL TABLE INDEX") && strstr (lines[i], ":M") != NULL)
                os_line = i;
              else if (g_str_has_prefix (lines[i], "SEARCH o USING COVERING INDEX dossiers_open"))
                o_line = i;
              else if (strstr (lines[i], "VIRTUAL TABLE") != NULL)
                g_error ("A search among the overdue reads another index than the unfinished one's:\n%s\nplan:\n%s",
                         sql, (const char *) value);
            }
          if (os_line < 0 || o_line < 0 || o_line < os_line)
            g_error ("A search among the overdue does not read the matches among the unfinished first:\n%s\nplan:\n%s",
                     sql, (const char *) value);
          overdue_search++;
        }
      if (strstr (sql, "due_date <") != NULL)
        overdue++;
      checked++;
    }
  g_assert_cmpuint (checked, >=, 6);
  /* list, count, per-state counts: with and without a search */
  g_assert_cmpuint (overdue, >=, 6);
  g_assert_cmpuint (overdue_search, >=, 3);
  g_clear_object (&store);
  mc_test_rm_rf (dir);
}

/* The "awaiting hand-over" list (Chờ trả kết quả): the dossiers the
 * province finished (done) and the desk has not handed over, newest first,
 * read from dossiers_by_state: at 1 000 000 dossiers it reads the done
 * ones, not the returned or the others. */
static void
test_awaiting_hand_over_by_index (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(McStore) store = mc_test_open_store (dir, 1);
  g_autoptr(GPtrArray) dossiers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GHashTable) plans = NULL;
  g_autoptr(GError) error = NULL;
  McDossierQuery awaiting = { .has_state = TRUE, .state = MC_DOSSIER_STATE_DONE };
  GHashTableIter iter;
  gpointer key, value;
  guint checked = 0, expected = 0;

  for (guint i = 0; i < N_DOSSIERS; i++)
    g_ptr_array_add (dossiers, insert_at (store, i));
  /* Every fourth finished by the province; every third of those handed over. */
  for (guint i = 0; i < N_DOSSIERS; i += 4)
    {
      McDossier *d = g_ptr_array_index (dossiers, i);

      g_assert_true (mc_store_set_dossier_state (store, mc_dossier_get_uuid (d), MC_DOSSIER_STATE_DONE, "sync",
                                                 NULL, &error));
      g_assert_no_error (error);
      if (i % 3 == 0)
        g_assert_true (mc_store_record_return (store, mc_dossier_get_uuid (d), "Nguyễn Văn An", NULL, "lan.nt",
                                               &error));
      else
        expected++;
      g_assert_no_error (error);
    }

  listed = mc_store_list_dossiers (store, &awaiting, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, expected);
  g_assert_cmpint (mc_store_count_dossiers (store, &awaiting, &error), ==, expected);
  for (guint i = 0; i < listed->len; i++)
    {
      McDossier *d = g_ptr_array_index (listed, i);

      g_assert_cmpint (mc_dossier_get_state (d), ==, MC_DOSSIER_STATE_DONE);
      g_assert_null (mc_dossier_get_returned_at (d));
      if (i > 0)
        g_assert_cmpint (g_date_time_compare (mc_dossier_get_received_at (g_ptr_array_index (listed, i - 1)),
                                              mc_dossier_get_received_at (d)), >=, 0);
    }

  plans = mc_store_explain_prepared (store, &error);
  g_assert_no_error (error);
  g_hash_table_iter_init (&iter, plans);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_str_has_prefix (key, "SELECT") || strstr (key, "d.state = ?2 AND d.received_ts") == NULL)
        continue;
      g_test_message ("%s\n%s", (const char *) key, (const char *) value);
      g_assert_nonnull (strstr (value, "INDEX dossiers_by_state (state=?"));
      g_assert_null (strstr (value, "SCAN d "));
      checked++;
    }
  g_assert_cmpuint (checked, >=, 2);   /* the list and the count */
  g_clear_object (&store);
  mc_test_rm_rf (dir);
}

/* The statement cache is keyed by the SQL's address: SQL rewritten in
 * the same buffer is refused loudly and prepared afresh, never answered
 * with the statement of the old text. */
static void
test_statement_cache_refuses_reused_buffers (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(McStore) store = mc_test_open_store (dir, 1);
  g_autoptr(GError) error = NULL;
  char sql[64];
  sqlite3_stmt *stmt;

  g_strlcpy (sql, "SELECT 1", sizeof sql);
  stmt = mc_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sqlite3_sql (stmt), ==, "SELECT 1");
  /* The same text again: the cached statement. */
  g_assert_true (mc_store_prepare (store, sql, &error) == stmt);

  g_strlcpy (sql, "SELECT 2", sizeof sql);
  g_test_expect_message ("motcua-store", G_LOG_LEVEL_CRITICAL, "*SQL built at run time*");
  stmt = mc_store_prepare (store, sql, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpstr (sqlite3_sql (stmt), ==, "SELECT 2");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);
  sqlite3_reset (stmt);

  g_clear_object (&store);
  mc_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plans/engine-reads-only-the-backlog", test_engine_queries_read_only_the_backlog);
  g_test_add_func ("/plans/search-reads-one-page", test_search_queries_read_one_page);
  g_test_add_func ("/plans/awaiting-hand-over-by-index", test_awaiting_hand_over_by_index);
  g_test_add_func ("/plans/statement-cache-refuses-reused-buffers", test_statement_cache_refuses_reused_buffers);
  return g_test_run ();
}
