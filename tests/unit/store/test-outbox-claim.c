/* test-outbox-claim.c — the upload engine's claim in the store: what it
 * commits, how durably, and which locks it takes (no network) */
#include "test-util.h"

#include <sqlite3.h>

#include "mc-store.h"
#include "mc-store-outbox.h"
#include "mc-store-private.h"
#include "outbox-fixture.h"

static int
store_synchronous (McStore *store)
{
  sqlite3_stmt *stmt = NULL;
  int level;

  g_assert_cmpint (sqlite3_prepare_v2 (store->db, "PRAGMA synchronous", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  level = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return level;
}

/* The claim and the tus URL rows are committed without waiting for the
 * disk; every other write (a save, the frozen body, the outcome) still
 * waits: the connection is back to FULL after each of those steps, and
 * what they wrote is committed (seen from another connection). */
static void
test_relaxed_steps_restore_full (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(McDossier) d = insert_sample (f, "Nguyễn Văn Bền", "2026-11-20T08:00:00+07:00");
  g_autoptr(McSyncItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *url = NULL;

  (void) data;
  g_assert_cmpint (store_synchronous (f->store), ==, 2);
  item = mc_store_sync_claim (f->store, G_MAXINT64 / 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (item);
  g_assert_cmpint (store_synchronous (f->store), ==, 2);
  state = mc_test_db_text (f->dir, "SELECT state FROM outbox");
  g_assert_cmpstr (state, ==, "sending");

  g_assert_true (mc_store_tus_set (f->store, "ab12", "http://127.0.0.1:1", "http://127.0.0.1:1/u/1", 10, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_synchronous (f->store), ==, 2);
  url = mc_test_db_text (f->dir, "SELECT url FROM tus_uploads");
  g_assert_cmpstr (url, ==, "http://127.0.0.1:1/u/1");
  g_assert_true (mc_store_tus_forget (f->store, "ab12", "http://127.0.0.1:1", &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_synchronous (f->store), ==, 2);
  g_clear_pointer (&url, g_free);
  url = mc_test_db_text (f->dir, "SELECT count(*) FROM tus_uploads");
  g_assert_cmpstr (url, ==, "0");

  /* Nothing more to claim: the relaxed step ends in a rollback. */
  g_assert_null (mc_store_sync_claim_next (f->store, item->dossier_id, G_MAXINT64 / 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_synchronous (f->store), ==, 2);
}

typedef struct
{
  guint    calls;
  gboolean fail;
} Builder;

static gboolean
build_cb (McStore     *store,
          McSyncItem  *item,
          gpointer     user_data,
          GBytes     **body,
          char       **sha256,
          GError     **error)
{
  Builder *b = user_data;

  (void) store;
  b->calls++;
  /* In the claim's transaction: the item is already marked. */
  g_assert_cmpstr (item->state, ==, "sending");
  if (b->fail)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no body");
      return FALSE;
    }
  *body = g_bytes_new_static ("{\"built\":1}", 11);
  *sha256 = g_strdup ("5a5a");
  return TRUE;
}

/* The claim freezes the body in its own transaction, durably; a body
 * that cannot be built leaves the item claimed unfrozen; a frozen body is
 * never built again. */
static void
test_claim_freezes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(McDossier) d1 = insert_sample (f, "Nguyễn Văn Bền", "2026-11-20T08:00:00+07:00");
  g_autoptr(McDossier) d2 = insert_sample (f, "Trần Thị Lụa", "2026-11-21T08:00:00+07:00");
  g_autoptr(McSyncItem) first = NULL;
  g_autoptr(McSyncItem) second = NULL;
  g_autoptr(McSyncItem) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *body = NULL;
  g_autofree char *unfrozen = NULL;
  Builder b = { 0 };

  (void) data;
  first = mc_store_sync_claim_frozen (f->store, G_MAXINT64 / 2, NULL, build_cb, &b, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_cmpuint (b.calls, ==, 1);
  g_assert_cmpstr (first->uuid, ==, mc_dossier_get_uuid (d1));
  g_assert_cmpstr (first->body_sha256, ==, "5a5a");
  g_assert_cmpmem (g_bytes_get_data (first->body, NULL), g_bytes_get_size (first->body), "{\"built\":1}", 11);
  /* Committed, and waited for: the connection is at FULL again. */
  sha = mc_test_db_text (f->dir, "SELECT body_sha256 FROM outbox WHERE id = (SELECT min (id) FROM outbox)");
  body = mc_test_db_text (f->dir, "SELECT body || state FROM outbox WHERE id = (SELECT min (id) FROM outbox)");
  g_assert_cmpstr (sha, ==, "5a5a");
  g_assert_cmpstr (body, ==, "{\"built\":1}sending");
  g_assert_cmpint (store_synchronous (f->store), ==, 2);

  b.fail = TRUE;
  second = mc_store_sync_claim_frozen (f->store, G_MAXINT64 / 2, NULL, build_cb, &b, &error);
  g_assert_no_error (error);
  g_assert_nonnull (second);
  g_assert_cmpstr (second->uuid, ==, mc_dossier_get_uuid (d2));
  g_assert_null (second->body);
  unfrozen = mc_test_db_text (f->dir, "SELECT count (*) FROM outbox WHERE state = 'sending' AND body IS NULL");
  g_assert_cmpstr (unfrozen, ==, "1");

  /* Put back and claimed again: the frozen body is kept as it is. */
  g_assert_true (mc_store_sync_release (f->store, first, 0, &error));
  g_assert_no_error (error);
  b.fail = FALSE;
  b.calls = 0;
  again = mc_store_sync_claim_frozen (f->store, G_MAXINT64 / 2, NULL, build_cb, &b, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_cmpint (again->id, ==, first->id);
  g_assert_cmpuint (b.calls, ==, 0);
  g_assert_cmpstr (again->body_sha256, ==, "5a5a");
}

/* After an acknowledgement the engine asks for the dossier's next item;
 * there is none for most dossiers, and finding that out takes no write
 * lock: it answers at once while another process writes. */
static void
test_claim_next_none_reads_only (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(McDossier) d = insert_sample (f, "Nguyễn Văn Bền", "2026-11-20T08:00:00+07:00");
  g_autoptr(McSyncItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
  g_autofree char *path = g_build_filename (f->dir, "motcua.db", NULL);
  sqlite3 *other = NULL;
  gint64 t0;

  (void) data;
  item = mc_store_sync_claim (f->store, G_MAXINT64 / 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (item);
  g_assert_true (mc_store_sync_freeze (f->store, item, body, "44", &error));
  g_assert_true (mc_store_sync_acknowledge (f->store, item, "{}", NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  t0 = g_get_monotonic_time ();
  g_assert_null (mc_store_sync_claim_next (f->store, item->dossier_id, G_MAXINT64 / 2, &error));
  g_assert_no_error (error);
  /* Not waited for the lock (the store waits up to its busy timeout). */
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 1000 * 1000);
  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);
  g_assert_cmpint (store_synchronous (f->store), ==, 2);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int    argc,
      char **argv)
{
  g_autofree char *runtime = mc_test_make_tmp_dir ();
  int rc;

  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_setenv ("MOTCUA_ACTOR", "lan.nt", TRUE);
  g_test_init (&argc, &argv, NULL);
  ADD ("/outbox/relaxed-steps-restore-full", test_relaxed_steps_restore_full);
  ADD ("/outbox/claim-freezes", test_claim_freezes);
  ADD ("/outbox/claim-next-none-reads-only", test_claim_next_none_reads_only);
  rc = g_test_run ();
  mc_test_rm_rf (runtime);
  return rc;
}
