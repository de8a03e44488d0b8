/* test-sync-answer.c — a server's answer is read with its size capped
 * while it arrives (issue 13): a hostile /info that declares 1 GiB, or
 * streams an endless chunked body, is refused after at most the cap,
 * both by the upload engine's probe and by enrolment. What the fake
 * server managed to write tells how much the desk read. */
#include "test-util.h"
#include "sync-fake.h"

#include "mc-limits.h"
#include "mc-store.h"
#include "mc-sync-engine-private.h"
#include "mc-sync-private.h"

#ifdef __SANITIZE_ADDRESS__
/* libsoup 3.2's SoupServer leaks the connections a client closed (fixed in 3.3). */
const char *__lsan_default_suppressions (void);
const char *
__lsan_default_suppressions (void)
{
  return "leak:mc_fake_thread\n";
}
#endif

#define FLOOD (256 * 1024 * 1024)

typedef struct
{
  char    *dir;
  McStore *store;
  McFake  *fake;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  f->dir = mc_test_make_tmp_dir ();
  f->store = mc_test_open_store (f->dir, 1);
  f->fake = mc_fake_start ();
  f->fake->flood = FLOOD;
  f->fake->flood_declared = GPOINTER_TO_INT (data);
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
  g_free (f->dir);
}

static gint64
flood_sent (Fixture *f)
{
  gint64 n;

  g_mutex_lock (&f->fake->mutex);
  n = f->fake->flood_sent;
  g_mutex_unlock (&f->fake->mutex);
  return n;
}

/* Declared: refused on the headers, before the body (socket buffers
 * aside). Chunked: refused once the cap is passed. Read whole (the bug),
 * all 256 MiB went. */
static void
assert_read_little (Fixture *f)
{
  gint64 bound = f->fake->flood_declared ? 12 * 1024 * 1024 : MC_LIMIT_ANSWER_SIZE + 32 * 1024 * 1024;

  g_test_message ("the fake server wrote %" G_GINT64_FORMAT " bytes", flood_sent (f));
  g_assert_cmpint (flood_sent (f), <, bound);
}

static void
test_probe (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McSyncEngine) engine = mc_sync_engine_new (f->store, &error);
  McSyncOutcome outcome;

  (void) data;
  g_assert_no_error (error);
  outcome = mc_sync_engine_run (engine, TRUE, NULL, &error);
  g_assert_cmpint (outcome, !=, MC_SYNC_OUTCOME_DONE);
  g_assert_nonnull (error);
  g_test_message ("engine: %s", error->message);
  g_assert_nonnull (strstr (error->message, "16"));
  assert_read_little (f);
}

static void
test_enrol (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  (void) data;
  g_assert_false (mc_sync_enrol (f->store, f->fake->url, "mct_fake", NULL, MC_SYNC_TOKEN_FILE,
                                 NULL, NULL, &error));
  g_assert_error (error, MC_SYNC_ERROR, MC_SYNC_ERROR_BLOCKED);
  g_test_message ("enrol: %s", error->message);
  assert_read_little (f);
}

/* A server that sends its answer a byte at a time is cut by the limit on
 * the whole exchange, whatever the I/O timeout; the session's next
 * requests are not cut by it (the cancellable the deadline used is
 * reused), and a cancellation by the caller is not taken for a timeout. */
static McSyncResponse *
get_info (McSyncHttp   *http,
          GCancellable *cancellable)
{
  g_autoptr(GUri) uri = mc_sync_http_resolve (http, NULL, "api/v1/info", NULL);

  return mc_sync_http_send (http, MC_SYNC_REQUEST_INFO, "GET", uri, NULL, NULL, NULL, cancellable);
}

static void
test_answer_limit (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McSyncHttp) http = NULL;
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  McSyncResponse *r;
  gint64 t0;
  double s;

  (void) data;
  f->fake->flood = 0;
  f->fake->drip_ms = 20;
  /* Read at each request; set while no other thread reads the
   * environment (the fake server's and the timer thread wait). */
  g_setenv ("MOTCUA_SYNC_ANSWER_LIMIT_MS", "500", TRUE);
  http = mc_sync_http_new (f->fake->url, "mct_fake", NULL, &error);
  g_assert_no_error (error);

  for (int round = 0; round < 2; round++)
    {
      t0 = g_get_monotonic_time ();
      r = get_info (http, NULL);
      s = (g_get_monotonic_time () - t0) / 1e6;
      g_test_message ("dripping /info: class %s after %.2f s: %s", mc_sync_class_to_string (r->klass), s,
                      r->message);
      g_assert_cmpint (r->klass, ==, MC_SYNC_CLASS_UNREACHABLE);
      g_assert_nonnull (strstr (r->message, "timed out"));
      g_assert_cmpfloat (s, >=, 0.45);
      g_assert_cmpfloat (s, <, 10);
      mc_sync_response_free (r);
    }

  /* The same session, a server that answers: not cut (the default limit
   * again, so that a slow machine does not fail it for its own slowness;
   * the cancellable the deadlines cut would fail it at once). */
  g_setenv ("MOTCUA_SYNC_ANSWER_LIMIT_MS", "60000", TRUE);
  g_mutex_lock (&f->fake->mutex);
  f->fake->drip_ms = 0;
  g_mutex_unlock (&f->fake->mutex);
  for (int i = 0; i < 3; i++)
    {
      r = get_info (http, NULL);
      g_assert_cmpint (r->klass, ==, MC_SYNC_CLASS_OK);
      g_assert_cmpuint (r->status, ==, 200);
      mc_sync_response_free (r);
    }

  /* Cancelled by the caller: cancelled, not timed out; and the next
   * request without that caller goes through. */
  g_cancellable_cancel (cancelled);
  r = get_info (http, cancelled);
  g_assert_cmpint (r->klass, ==, MC_SYNC_CLASS_CANCELLED);
  mc_sync_response_free (r);
  r = get_info (http, NULL);
  g_assert_cmpint (r->klass, ==, MC_SYNC_CLASS_OK);
  mc_sync_response_free (r);
  g_unsetenv ("MOTCUA_SYNC_ANSWER_LIMIT_MS");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *runtime = mc_test_make_tmp_dir ();
  int rc;

  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_setenv ("MOTCUA_ACTOR", "lan.nt", TRUE);
  g_setenv ("MOTCUA_SYNC_PROBE_CAP_MS", "200", TRUE);

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sync/answer/probe-chunked", Fixture, GINT_TO_POINTER (FALSE), fixture_setup, test_probe, fixture_teardown);
  g_test_add ("/sync/answer/probe-declared", Fixture, GINT_TO_POINTER (TRUE), fixture_setup, test_probe, fixture_teardown);
  g_test_add ("/sync/answer/enrol-chunked", Fixture, GINT_TO_POINTER (FALSE), fixture_setup, test_enrol, fixture_teardown);
  g_test_add ("/sync/answer/enrol-declared", Fixture, GINT_TO_POINTER (TRUE), fixture_setup, test_enrol, fixture_teardown);
  g_test_add ("/sync/answer/limit", Fixture, GINT_TO_POINTER (TRUE), fixture_setup, test_answer_limit,
              fixture_teardown);
  rc = g_test_run ();
  mc_test_rm_rf (runtime);
  return rc;
}
