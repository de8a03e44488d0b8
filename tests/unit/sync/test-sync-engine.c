/* test-sync-engine.c — the upload engine and agent against a scripted
 * in-process server (tests/common/sync-fake.h): backoff kept in ms, the
 * 429 pause across runs and in the agent, 404 dossier_not_found on an
 * action, 422 sha256_mismatch with a damaged or an intact blob, the
 * /changes poll interval, the clock skew, how fast the agent stops
 * with an upload in flight, and tus requests on kept-alive connections. */
#include "test-util.h"
#include "attachment-util.h"
#include "store-sql.h"
#include "sync-fake.h"

#include <sqlite3.h>

#include "mc-store.h"
#include "mc-sync-engine-private.h"
#include "mc-sync-private.h"

#ifdef __SANITIZE_ADDRESS__
/* libsoup 3.2's SoupServer leaks the connections a client closed while
 * idle, and its listener (fixed in 3.3): only the fake server's thread. */
const char *__lsan_default_suppressions (void);
const char *__asan_default_options (void);
const char *
__lsan_default_suppressions (void)
{
  return "leak:mc_fake_thread\n";
}
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";   /* through GLib's frames, up to the thread */
}
#endif

typedef struct
{
  char    *dir;
  char    *work;
  McStore *store;
  McFake  *fake;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  (void) data;
  f->dir = mc_test_make_tmp_dir ();
  f->work = mc_test_make_tmp_dir ();
  f->store = mc_test_open_store (f->dir, 1);
  f->fake = mc_fake_start ();
  /* Enrolled as `motcua enrol` leaves it: URL in the settings, token in a 0600 file. */
  g_assert_true (mc_store_set_setting (f->store, MC_SYNC_SETTING_SERVER, f->fake->url, &error));
  token = g_build_filename (f->dir, MC_SYNC_TOKEN_FILE_NAME, NULL);
  g_assert_true (g_file_set_contents_full (token, "mct_fake\n", -1, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  (void) data;
  g_clear_object (&f->store);
  mc_fake_stop (f->fake);
  mc_test_rm_rf (f->dir);
  mc_test_rm_rf (f->work);
  g_free (f->dir);
  g_free (f->work);
}

static McDossier *
add_dossier (Fixture  *f,
             const char *name,
             gboolean  with_attachment)
{
  g_autoptr(GError) error = NULL;
  McDossier *d = mc_test_sample_dossier (name, "001185012345", "2026-11-23T09:15:00+07:00");

  g_assert_true (mc_store_insert_dossier (f->store, d, NULL, "lan.nt", &error));
  g_assert_no_error (error);
  if (with_attachment)
    {
      g_autofree char *path = g_build_filename (f->work, "giay-chung-sinh.pdf", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      McAttachment *a;

      mc_test_write_pdf (path, name);
      a = mc_store_add_attachment (f->store, mc_dossier_get_uuid (d), file, NULL, "lan.nt", NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (a);
      mc_attachment_free (a);
    }
  return d;
}

static void
on_status_cb (McSyncEngine *engine,
              McSyncStatus *status,
              gpointer      user_data)
{
  McSyncStatus **last = user_data;

  (void) engine;
  g_clear_pointer (last, mc_sync_status_free);
  *last = mc_sync_status_copy (status);
}

static McSyncOutcome
run_engine (Fixture       *f,
            gboolean       once,
            McSyncStatus **last_status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McSyncEngine) engine = mc_sync_engine_new (f->store, &error);
  McSyncOutcome outcome;

  g_assert_no_error (error);
  if (last_status != NULL)
    g_signal_connect (engine, "status", G_CALLBACK (on_status_cb), last_status);
  outcome = mc_sync_engine_run (engine, once, NULL, &error);
  if (error != NULL)
    g_test_message ("engine: %s", error->message);
  return outcome;
}

static guint
outbox_len (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = mc_store_list_outbox (f->store, &error);

  g_assert_no_error (error);
  return items->len;
}

/* Spins the default main context (the agent's notices) for @ms, or until
 * @done (nullable) says so. */
static void
spin (gint64    ms,
      gboolean (*done) (Fixture *f),
      Fixture  *f)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end && (done == NULL || !done (f)))
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10 * 1000);
    }
}

static void
stop_agent (McSyncAgent *agent)
{
  mc_sync_agent_stop (agent);
  /* Its last notices hold references. */
  spin (50, NULL, NULL);
  g_object_unref (agent);
}

/* --- backoff in milliseconds ------------------------------------------------------ */

/* A 50 ms backoff stays 50 ms: five 500s in a row cost well under a
 * second each (they cost a whole second each while times were stored in
 * seconds). */
static void
test_backoff_ms (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(McDossier) d = add_dossier (f, "Đặng Thị Ánh", FALSE);
  g_autofree char *attempts = NULL;
  gint64 t0 = g_get_monotonic_time ();
  double seconds;

  (void) data;
  f->fake->put_failures = 5;
  g_assert_cmpint (run_engine (f, FALSE, NULL), ==, MC_SYNC_OUTCOME_DONE);
  seconds = (g_get_monotonic_time () - t0) / 1e6;
  g_test_message ("5 × 500 then 201 in %.2f s (backoff 50 ms, cap 200 ms)", seconds);
  g_assert_cmpuint (mc_fake_count (f->fake, "PUT /api/v1/dossiers/"), ==, 6);
  /* Five waits capped at 200 ms take about 0.4 s; whole seconds would
   * take at least 5 s. The bound sits far from both, so a loaded CI
   * machine does not make it flaky. */
  g_assert_cmpfloat (seconds, <, 4.5);
  g_assert_cmpuint (outbox_len (f), ==, 0);
  attempts = mc_test_db_text (f->dir, "SELECT attempts || ' ' || coalesce (last_status, 'null') FROM outbox");
  g_assert_cmpstr (attempts, ==, "5 null");
}

/* A failure's retry time and status are kept, in ms. (The backoff may
 * draw 0 ms: then --once tries again at once, so the server always fails.) */
static void
test_retry_recorded (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(McDossier) d = add_dossier (f, "Đặng Thị Ánh", FALSE);
  g_autofree char *row = NULL;
  g_autofree char *next = NULL;
  g_autofree char *attempts = NULL;
  gint64 before = g_get_real_time () / 1000, at;

  (void) data;
  f->fake->put_failures = 1000;
  g_assert_cmpint (run_engine (f, TRUE, NULL), ==, MC_SYNC_OUTCOME_REMAINING);
  row = mc_test_db_text (f->dir, "SELECT state || ' ' || last_status FROM outbox");
  g_assert_cmpstr (row, ==, "retry_wait 500");
  attempts = mc_test_db_text (f->dir, "SELECT attempts FROM outbox");
  g_assert_cmpuint (g_ascii_strtoull (attempts, NULL, 10), ==, mc_fake_count (f->fake, "PUT "));
  next = mc_test_db_text (f->dir, "SELECT next_attempt_at FROM outbox");
  at = g_ascii_strtoll (next, NULL, 10);
  /* Within the backoff's cap (200 ms) of the last failure, in ms: not
   * rounded up to a whole second. */
  g_assert_cmpint (at, >=, before);
  g_assert_cmpint (at, <=, g_get_real_time () / 1000 + 200);
}

/* --- 429: the pause outlives the run -------------------------------------------- */

static void
test_retry_after_persisted (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(McDossier) d = add_dossier (f, "Đặng Thị Ánh", FALSE);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  McSyncStatus *status = NULL;
  gint64 t0 = g_get_real_time () / 1000, pause;
  McOutboxItem *item;

  (void) data;
  f->fake->busy = 1;
  f->fake->retry_after = 2;
  g_assert_cmpint (run_engine (f, TRUE, NULL), ==, MC_SYNC_OUTCOME_REMAINING);
  g_assert_cmpuint (mc_fake_count (f->fake, "GET /api/v1/info 429"), ==, 1);
  pause = mc_store_sync_get_pause (f->store);
  g_assert_cmpint (pause, >=, t0 + 2000);
  g_assert_cmpint (pause, <=, g_get_real_time () / 1000 + 2200 + 1);

  /* The outbox shows it as the next try. */
  items = mc_store_list_outbox (f->store, &error);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpint (item->next_attempt_at, ==, (pause + 999) / 1000);

  /* Another run within the pause sends nothing, and says when it will. */
  g_assert_cmpint (run_engine (f, TRUE, &status), ==, MC_SYNC_OUTCOME_REMAINING);
  g_assert_cmpuint (f->fake->log->len, ==, 1);
  g_assert_nonnull (status);
  g_assert_cmpint (status->phase, ==, MC_SYNC_PHASE_WAITING);
  g_assert_cmpint (status->next_attempt_at, ==, (pause + 999) / 1000);
  g_clear_pointer (&status, mc_sync_status_free);

  /* Without --once it waits for the end of the pause, then sends. */
  g_assert_cmpint (run_engine (f, FALSE, NULL), ==, MC_SYNC_OUTCOME_DONE);
  g_assert_cmpint (g_get_real_time () / 1000, >=, pause);
  g_assert_cmpuint (outbox_len (f), ==, 0);
}

static gboolean
outbox_empty (Fixture *f)
{
  return outbox_len (f) == 0;
}

/* The agent (the GUI) honours a pause left by `motcua sync`. */
static void
test_agent_honours_pause (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(McDossier) d = add_dossier (f, "Đặng Thị Ánh", FALSE);
  g_autoptr(GError) error = NULL;
  gint64 pause = g_get_real_time () / 1000 + 1500;
  McSyncAgent *agent;

  (void) data;
  g_assert_true (mc_store_sync_set_pause (f->store, pause, &error));
  agent = mc_sync_agent_new (f->store);
  mc_sync_agent_start (agent);
  spin (1000, NULL, f);
  g_assert_cmpuint (f->fake->log->len, ==, 0);
  spin (10000, outbox_empty, f);
  g_assert_cmpuint (outbox_len (f), ==, 0);
  g_assert_cmpint (g_get_real_time () / 1000, >=, pause);
  stop_agent (agent);
}

/* --- 404 dossier_not_found on an action (§7.6) ----------------------------------- */

static void
test_action_dossier_not_found (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(McDossier) d = add_dossier (f, "Đặng Thị Ánh", TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  gint first_action = -1, second_action = -1, revision = -1, patch = -1;

  (void) data;
  g_assert_cmpint (run_engine (f, TRUE, NULL), ==, MC_SYNC_OUTCOME_DONE);
  g_assert_cmpuint (mc_fake_count (f->fake, "PUT /api/v1/dossiers/"), ==, 1);

  /* The server loses the dossier and its file (a restore from backup). */
  g_mutex_lock (&f->fake->mutex);
  g_hash_table_remove_all (f->fake->dossiers);
  g_hash_table_remove_all (f->fake->attachments);
  g_ptr_array_set_size (f->fake->log, 0);
  g_mutex_unlock (&f->fake->mutex);
  g_assert_true (mc_store_record_desk_action (f->store, mc_dossier_get_code (d), MC_DESK_ACTION_SUPPLEMENT,
                                              "Thiếu giấy chứng sinh", NULL, "lan.nt", &error));
  g_assert_no_error (error);

  g_assert_cmpint (run_engine (f, TRUE, NULL), ==, MC_SYNC_OUTCOME_DONE);
  g_assert_cmpuint (outbox_len (f), ==, 0);
  log = mc_fake_log (f->fake);
  g_test_message ("%s", log);

  /* The action, refused; the revision again with its file; the action. */
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *l = lines[i];

      if (g_str_has_prefix (l, "PUT ") && strstr (l, "/actions/") != NULL)
        {
          g_assert_cmpstr (strrchr (l, ' ') + 1, ==, first_action < 0 ? "404" : "201");
          if (first_action < 0)
            first_action = i;
          else
            second_action = i;
        }
      else if (g_str_has_prefix (l, "PUT "))
        revision = i;
      else if (g_str_has_prefix (l, "PATCH "))
        patch = i;
    }
  g_assert_cmpint (first_action, >=, 0);
  g_assert_cmpint (patch, >, first_action);
  g_assert_cmpint (revision, >, patch);
  g_assert_cmpint (second_action, >, revision);
  g_assert_cmpuint (mc_fake_count (f->fake, "PUT /api/v1/dossiers/"), ==, 3);
  g_assert_cmpuint (mc_fake_count (f->fake, "PATCH /api/v1/uploads/"), >=, 1);
  g_assert_true (g_hash_table_contains (f->fake->dossiers, mc_dossier_get_uuid (d)));
}

/* --- 422 sha256_mismatch (§7.4) ------------------------------------------------- */

/* A tus POST and PATCH go on a connection already open (the HEAD's, the
 * POST's): libsoup opened a new connection for each (methods it does not
 * know to be idempotent), three per dossier for the server to accept. */
static void
test_tus_keeps_connection (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(McDossier) d1 = add_dossier (f, "Đặng Thị Ánh", TRUE);
  g_autoptr(McDossier) d2 = add_dossier (f, "Lê Văn Bình", TRUE);
  g_autoptr(McDossier) d3 = add_dossier (f, "Trần Thị Cúc", TRUE);
  g_autofree char *log = NULL;
  guint tus = 0;

  (void) data;
  g_assert_cmpint (run_engine (f, TRUE, NULL), ==, MC_SYNC_OUTCOME_DONE);
  g_assert_cmpuint (outbox_len (f), ==, 0);
  log = mc_fake_log (f->fake);
  for (guint i = 0; i < f->fake->log->len; i++)
    {
      const char *line = f->fake->log->pdata[i];
      guint port = g_array_index (f->fake->ports, guint, i);
      gboolean seen = FALSE;

      if (!g_str_has_prefix (line, "POST /api/v1/uploads ") && !g_str_has_prefix (line, "PATCH /api/v1/uploads/"))
        continue;
      tus++;
      for (guint k = 0; k < i && !seen; k++)
        seen = g_array_index (f->fake->ports, guint, k) == port;
      if (!seen)
        g_error ("“%s” opened a connection of its own (port %u):\n%s", line, port, log);
    }
  g_assert_cmpuint (tus, ==, 6);
}

/* --- which upload URLs are kept in the store (mc-sync-tus.c) ------------------------- */

typedef struct
{
  Fixture *f;
  guint    chunks;
  char    *kept;    /* count (*) FROM tus_uploads after each chunk, comma-separated */
} UrlWatch;

static void
on_chunk_cb (gint64   delta,
             gboolean resumed,
             gpointer user_data)
{
  UrlWatch *w = user_data;
  g_autofree char *n = mc_test_db_text (w->f->dir, "SELECT count (*) FROM tus_uploads");
  char *joined = g_strconcat (w->kept != NULL ? w->kept : "", w->kept != NULL ? "," : "", n, NULL);

  (void) delta;
  (void) resumed;
  w->chunks++;
  g_free (w->kept);
  w->kept = joined;
}

/* Uploads @size bytes in 256 KiB chunks; returns what on_chunk_cb saw. */
static char *
upload_watching_urls (Fixture *f,
                      gsize    size,
                      guint   *chunks)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McSyncHttp) http = mc_sync_http_new (f->fake->url, "mct_fake", NULL, &error);
  g_autoptr(GUri) endpoint = NULL;
  g_autofree char *path = g_build_filename (f->work, "scan.pdf", NULL);
  g_autofree guint8 *data = g_malloc (size);
  g_autofree char *sha = NULL;
  g_autofree char *url = NULL;
  g_autoptr(McSyncResponse) r = NULL;
  gsize chunk = 256 * 1024;
  UrlWatch w = { f, 0, NULL };
  McTusFile file = { 0 };

  g_assert_no_error (error);
  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 7 + size);
  g_assert_true (g_file_set_contents (path, (const char *) data, (gssize) size, &error));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  endpoint = mc_sync_http_resolve (http, NULL, "api/v1/uploads", &error);
  g_assert_no_error (error);
  file.sha256 = sha;
  file.path = path;
  file.size = (gint64) size;
  file.name = "scan.pdf";
  file.mime_type = "application/pdf";
  r = mc_sync_tus_upload (http, f->store, endpoint, &file, &url, &chunk, TRUE, on_chunk_cb, &w, NULL);
  g_assert_cmpint (r->klass, ==, MC_SYNC_CLASS_OK);
  g_assert_true (g_hash_table_contains (f->fake->attachments, sha));
  *chunks = w.chunks;
  return w.kept;
}

/* A file of 1 MiB or more has its upload URL in the store from before
 * its first chunk until it is complete (to resume after a crash); a
 * smaller one, most scanned papers, never: two writes per file saved. */
static void
test_tus_url_kept_for_big_files (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *small = NULL, *big = NULL, *left = NULL;
  guint chunks = 0;

  (void) data;
  small = upload_watching_urls (f, MC_SYNC_TUS_RESUME_MIN - 1, &chunks);
  g_assert_cmpuint (chunks, ==, 4);
  g_assert_cmpstr (small, ==, "0,0,0,0");

  big = upload_watching_urls (f, MC_SYNC_TUS_RESUME_MIN + 1000, &chunks);
  g_assert_cmpuint (chunks, ==, 5);
  g_assert_cmpstr (big, ==, "1,1,1,1,1");
  left = mc_test_db_text (f->dir, "SELECT count (*) FROM tus_uploads");
  g_assert_cmpstr (left, ==, "0");
}

/* A small file's upload cut short (here: cancelled after its first chunk)
 * is not in the store, yet the next attempt in the same process — a
 * later run of the agent — resumes it where the server has it: one POST,
 * a HEAD, and the rest of the file only. */
typedef struct
{
  GCancellable *cancel;
  gint64        sent;
  gint64        resumed;
} CutWatch;

static void
on_cut_chunk_cb (gint64   delta,
                 gboolean resumed,
                 gpointer user_data)
{
  CutWatch *w = user_data;

  if (resumed)
    w->resumed += delta;
  else
    w->sent += delta;
  if (w->cancel != NULL)
    g_cancellable_cancel (w->cancel);
}

static void
test_tus_small_resumes_in_process (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McSyncHttp) http = mc_sync_http_new (f->fake->url, "mct_fake", NULL, &error);
  g_autoptr(GUri) endpoint = mc_sync_http_resolve (http, NULL, "api/v1/uploads", NULL);
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  g_autofree char *path = g_build_filename (f->work, "scan.pdf", NULL);
  gsize size = 600 * 1024, chunk = 256 * 1024;
  g_autofree guint8 *bytes = g_malloc (size);
  g_autofree char *sha = NULL;
  g_autofree char *url1 = NULL, *url2 = NULL, *kept = NULL;
  g_autoptr(McSyncResponse) r1 = NULL;
  g_autoptr(McSyncResponse) r2 = NULL;
  CutWatch w = { cancel, 0, 0 };
  McTusFile file = { 0 };
  guint posts = 0, heads = 0;

  (void) data;
  g_assert_no_error (error);
  for (gsize i = 0; i < size; i++)
    bytes[i] = (guint8) (i * 13);
  g_assert_true (g_file_set_contents (path, (const char *) bytes, (gssize) size, &error));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes, size);
  file.sha256 = sha;
  file.path = path;
  file.size = (gint64) size;
  file.name = "scan.pdf";
  file.mime_type = "application/pdf";

  r1 = mc_sync_tus_upload (http, f->store, endpoint, &file, &url1, &chunk, TRUE, on_cut_chunk_cb, &w, cancel);
  g_assert_cmpint (r1->klass, ==, MC_SYNC_CLASS_CANCELLED);
  g_assert_cmpint (w.sent, ==, 256 * 1024);
  kept = mc_test_db_text (f->dir, "SELECT count (*) FROM tus_uploads");
  g_assert_cmpstr (kept, ==, "0");

  w.cancel = NULL;
  r2 = mc_sync_tus_upload (http, f->store, endpoint, &file, &url2, &chunk, TRUE, on_cut_chunk_cb, &w, NULL);
  g_assert_cmpint (r2->klass, ==, MC_SYNC_CLASS_OK);
  g_assert_cmpstr (url2, ==, url1);
  g_assert_cmpint (w.resumed, ==, 256 * 1024);
  g_assert_cmpint (w.sent, ==, (gint64) size);
  g_assert_true (g_hash_table_contains (f->fake->attachments, sha));
  for (guint i = 0; i < f->fake->log->len; i++)
    {
      const char *line = f->fake->log->pdata[i];

      posts += g_str_has_prefix (line, "POST /api/v1/uploads ");
      heads += g_str_has_prefix (line, "HEAD /api/v1/uploads/");
    }
  g_assert_cmpuint (posts, ==, 1);
  g_assert_cmpuint (heads, ==, 1);
}

static void
test_sha_mismatch_once (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(McDossier) d = add_dossier (f, "Đặng Thị Ánh", TRUE);

  (void) data;
  f->fake->sha_mismatches = 1;
  g_assert_cmpint (run_engine (f, TRUE, NULL), ==, MC_SYNC_OUTCOME_DONE);
  g_assert_cmpuint (mc_fake_count (f->fake, "POST /api/v1/uploads"), ==, 2);
  g_assert_cmpuint (outbox_len (f), ==, 0);
}

/* Twice in a row: transient (retry_wait), after two uploads an attempt. */
static void
test_sha_mismatch_twice (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(McDossier) d = add_dossier (f, "Đặng Thị Ánh", TRUE);
  g_autofree char *row = NULL;
  g_autofree char *attempts = NULL;

  (void) data;
  f->fake->sha_mismatches = 1000;
  g_assert_cmpint (run_engine (f, TRUE, NULL), ==, MC_SYNC_OUTCOME_REMAINING);
  row = mc_test_db_text (f->dir, "SELECT state || ' ' || last_status FROM outbox");
  g_assert_cmpstr (row, ==, "retry_wait 422");
  attempts = mc_test_db_text (f->dir, "SELECT attempts FROM outbox");
  g_assert_cmpuint (g_ascii_strtoull (attempts, NULL, 10), >=, 1);
  g_assert_cmpuint (mc_fake_count (f->fake, "POST /api/v1/uploads"), ==, 2 * g_ascii_strtoull (attempts, NULL, 10));
}

static void
test_sha_mismatch_damaged (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(McDossier) d = add_dossier (f, "Đặng Thị Ánh", TRUE);
  g_autoptr(McDossier) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *blob = NULL;
  g_autofree char *row = NULL;
  g_autofree char *body = NULL;
  g_autofree char *bytes = NULL;
  gsize len = 0;
  McAttachment *a;
  McOutboxItem *item;

  (void) data;
  /* The blob on disk rots after it was attached: same size, other bytes. */
  loaded = mc_store_load_dossier (f->store, mc_dossier_get_uuid (d), &error);
  g_assert_no_error (error);
  a = g_ptr_array_index (mc_dossier_get_attachments (loaded), 0);
  blob = mc_blobs_get_path (mc_store_get_blobs (f->store), a->sha256);
  g_assert_true (g_file_get_contents (blob, &bytes, &len, &error));
  bytes[len / 2] ^= 0x55;
  g_assert_cmpint (g_chmod (blob, 0600), ==, 0);
  g_assert_true (g_file_set_contents (blob, bytes, (gssize) len, &error));

  g_assert_cmpint (run_engine (f, TRUE, NULL), ==, MC_SYNC_OUTCOME_ATTENTION);
  g_assert_cmpuint (mc_fake_count (f->fake, "POST /api/v1/uploads"), ==, 1);
  g_assert_cmpuint (mc_fake_count (f->fake, "PUT "), ==, 0);
  items = mc_store_list_outbox (f->store, &error);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpint (item->state, ==, MC_OUTBOX_NEEDS_ATTENTION);
  g_assert_cmpstr (item->last_error, ==, "The attachment file on this computer is damaged: scan or attach it again");
  row = mc_test_db_text (f->dir, "SELECT last_status || ' ' || (body IS NOT NULL) FROM outbox");
  g_assert_cmpstr (row, ==, "422 1");

  /* Nothing reached the server: the clerk's fix rebuilds revision 1. */
  mc_dossier_set_notes (loaded, "Quét lại giấy chứng sinh");
  g_assert_true (mc_store_update_dossier (f->store, loaded, "lan.nt", "Quét lại", &error));
  g_assert_no_error (error);
  body = mc_test_db_text (f->dir, "SELECT group_concat (revision || ':' || (body IS NULL)) FROM outbox");
  g_assert_cmpstr (body, ==, "1:1");
}

/* --- the agent -------------------------------------------------------------------- */

static gboolean
polled_4_times (Fixture *f)
{
  return mc_fake_count (f->fake, "GET /api/v1/changes") >= 4;
}

static void
test_changes_poll_env (Fixture       *f,
                       gconstpointer  data)
{
  McSyncAgent *agent;

  (void) data;
  g_setenv ("MOTCUA_SYNC_CHANGES_POLL_MS", "200", TRUE);
  agent = mc_sync_agent_new (f->store);
  mc_sync_agent_start (agent);
  spin (5000, polled_4_times, f);
  stop_agent (agent);
  g_unsetenv ("MOTCUA_SYNC_CHANGES_POLL_MS");
  g_test_message ("%u polls", mc_fake_count (f->fake, "GET /api/v1/changes"));
  g_assert_cmpuint (mc_fake_count (f->fake, "GET /api/v1/changes"), >=, 4);
}

static gboolean
polled_twice (Fixture *f)
{
  return mc_fake_count (f->fake, "GET /api/v1/changes") >= 2;
}

/* limits.changes_poll_interval of /info (1 s here, 300 s by default). */
static void
test_changes_poll_server (Fixture       *f,
                          gconstpointer  data)
{
  McSyncAgent *agent;
  gint64 t0 = g_get_monotonic_time ();

  (void) data;
  f->fake->poll_interval = 1;
  agent = mc_sync_agent_new (f->store);
  mc_sync_agent_start (agent);
  spin (5000, polled_twice, f);
  stop_agent (agent);
  g_assert_cmpuint (mc_fake_count (f->fake, "GET /api/v1/changes"), >=, 2);
  g_assert_cmpint (g_get_monotonic_time () - t0, >=, 900 * 1000);
}

static gboolean
patch_in_flight (Fixture *f)
{
  return mc_fake_count (f->fake, "PATCH ") > 0;
}

/* Stopping (quitting the app) cuts an upload in flight at once. */
static void
test_stop_during_upload (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(McDossier) d = add_dossier (f, "Đặng Thị Ánh", TRUE);
  g_autofree char *state = NULL;
  McSyncAgent *agent;
  gint64 t0;
  double ms;

  (void) data;
  f->fake->stall_patch = TRUE;
  agent = mc_sync_agent_new (f->store);
  mc_sync_agent_start (agent);
  spin (10000, patch_in_flight, f);
  g_assert_true (patch_in_flight (f));
  g_usleep (100 * 1000);
  t0 = g_get_monotonic_time ();
  mc_sync_agent_stop (agent);
  ms = (g_get_monotonic_time () - t0) / 1e3;
  g_test_message ("mc_sync_agent_stop with a PATCH in flight: %.0f ms", ms);
  /* A few ms when the cancellable cuts the request; without it the stop
   * waits for the stalled PATCH's 30 s I/O timeout. */
  g_assert_cmpfloat (ms, <, 3000);
  stop_agent (agent);
  /* Released, not failed: it resumes next time. */
  state = mc_test_db_text (f->dir, "SELECT state || ' ' || attempts FROM outbox");
  g_assert_cmpstr (state, ==, "queued 0");
}

/* --- clock skew (§9.6) ----------------------------------------------------------- */

static void
test_clock_skew (Fixture       *f,
                 gconstpointer  data)
{
  McSyncStatus *status = NULL;

  (void) data;
  f->fake->skew = 600;
  g_assert_cmpint (run_engine (f, TRUE, &status), ==, MC_SYNC_OUTCOME_DONE);
  g_assert_nonnull (status);
  g_assert_cmpint (status->clock_skew, >=, 599);
  g_assert_cmpint (status->clock_skew, <=, 601);
  g_assert_cmpint (status->clock_skew_warning, ==, 300);
  mc_sync_status_free (status);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int    argc,
      char **argv)
{
  g_autofree char *runtime = mc_test_make_tmp_dir ();
  int rc;

  /* No Secret Service: the token comes from the file. Short waits. */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_setenv ("MOTCUA_ACTOR", "lan.nt", TRUE);
  g_setenv ("MOTCUA_SYNC_BACKOFF_BASE_MS", "50", TRUE);
  g_setenv ("MOTCUA_SYNC_BACKOFF_CAP_MS", "200", TRUE);
  g_setenv ("MOTCUA_SYNC_PROBE_CAP_MS", "200", TRUE);
  g_setenv ("MOTCUA_SYNC_CHUNK_SIZE", "65536", TRUE);
  g_unsetenv ("MOTCUA_SYNC_CHANGES_POLL_MS");

  g_test_init (&argc, &argv, NULL);
  ADD ("/sync/engine/backoff-ms", test_backoff_ms);
  ADD ("/sync/engine/retry-recorded", test_retry_recorded);
  ADD ("/sync/engine/retry-after-persisted", test_retry_after_persisted);
  ADD ("/sync/engine/action-dossier-not-found", test_action_dossier_not_found);
  ADD ("/sync/engine/sha256-mismatch-once", test_sha_mismatch_once);
  ADD ("/sync/engine/sha256-mismatch-twice", test_sha_mismatch_twice);
  ADD ("/sync/engine/sha256-mismatch-damaged", test_sha_mismatch_damaged);
  ADD ("/sync/engine/clock-skew", test_clock_skew);
  ADD ("/sync/engine/tus-keeps-connection", test_tus_keeps_connection);
  ADD ("/sync/engine/tus-url-kept-for-big-files", test_tus_url_kept_for_big_files);
  ADD ("/sync/engine/tus-small-resumes-in-process", test_tus_small_resumes_in_process);
  ADD ("/sync/agent/honours-pause", test_agent_honours_pause);
  ADD ("/sync/agent/changes-poll-env", test_changes_poll_env);
  ADD ("/sync/agent/changes-poll-server", test_changes_poll_server);
  ADD ("/sync/agent/stop-during-upload", test_stop_during_upload);
  rc = g_test_run ();
  mc_test_rm_rf (runtime);
  return rc;
}
