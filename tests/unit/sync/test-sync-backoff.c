/* test-sync-backoff.c — backoff, Retry-After and the failure classes (protocol §9.4) */
#include "mc-sync-engine-private.h"

static void
test_backoff_bounds (void)
{
  /* Before attempt n the wait is uniform in [0, min(cap, base·2^(n−1))]. */
  const gint64 base = 2000, cap = 900000;

  for (guint n = 1; n <= 20; n++)
    {
      gint64 ceiling = MIN (cap, base << MIN (n - 1, 30));
      gint64 lo = G_MAXINT64, hi = 0;

      for (int i = 0; i < 2000; i++)
        {
          gint64 ms = mc_sync_backoff_ms (n, base, cap);

          g_assert_cmpint (ms, >=, 0);
          g_assert_cmpint (ms, <=, ceiling);
          lo = MIN (lo, ms);
          hi = MAX (hi, ms);
        }
      /* Full jitter: the draws spread over the whole range. */
      g_assert_cmpint (lo, <, ceiling / 10);
      g_assert_cmpint (hi, >, ceiling - ceiling / 10);
    }
  g_assert_cmpint (mc_sync_backoff_ms (0, base, cap), <=, base);
  g_assert_cmpint (mc_sync_backoff_ms (100, base, cap), <=, cap);
}

static void
test_retry_after_seconds (void)
{
  gint64 s = 0;

  g_assert_true (mc_sync_parse_retry_after ("120", 1000, 0, &s));
  g_assert_cmpint (s, ==, 120);
  g_assert_true (mc_sync_parse_retry_after (" 7 ", 1000, 0, &s));
  g_assert_cmpint (s, ==, 7);
  /* Clamped to [1 s, 24 h]. */
  g_assert_true (mc_sync_parse_retry_after ("0", 1000, 0, &s));
  g_assert_cmpint (s, ==, 1);
  g_assert_true (mc_sync_parse_retry_after ("999999", 1000, 0, &s));
  g_assert_cmpint (s, ==, 86400);
  g_assert_false (mc_sync_parse_retry_after ("12abc", 1000, 0, &s));
  g_assert_false (mc_sync_parse_retry_after ("", 1000, 0, &s));
  g_assert_false (mc_sync_parse_retry_after (NULL, 1000, 0, &s));
  g_assert_false (mc_sync_parse_retry_after ("-5", 1000, 0, &s));
}

static void
test_retry_after_date (void)
{
  /* Wed, 25 Nov 2026 08:00:00 GMT */
  const gint64 date = 1795593600;
  gint64 s = 0;

  g_assert_true (mc_sync_parse_retry_after ("Wed, 25 Nov 2026 08:00:00 GMT", date - 90, 0, &s));
  g_assert_cmpint (s, ==, 90);
  /* Desk clock 30 s behind the server (skew +30): 60 s left on the server's clock. */
  g_assert_true (mc_sync_parse_retry_after ("Wed, 25 Nov 2026 08:00:00 GMT", date - 90, 30, &s));
  g_assert_cmpint (s, ==, 60);
  /* In the past: at least 1 s. */
  g_assert_true (mc_sync_parse_retry_after ("Wed, 25 Nov 2026 08:00:00 GMT", date + 500, 0, &s));
  g_assert_cmpint (s, ==, 1);
  g_assert_false (mc_sync_parse_retry_after ("next tuesday", date, 0, &s));
}

static void
test_retry_after_jitter (void)
{
  for (int i = 0; i < 1000; i++)
    {
      gint64 ms = mc_sync_retry_after_ms (10);

      g_assert_cmpint (ms, >=, 10000);
      g_assert_cmpint (ms, <=, 11000);
    }
}

typedef struct
{
  McSyncRequestKind kind;
  guint             status;
  const char       *code;
  McSyncClass       expected;
} Case;

static void
test_classification (void)
{
  static const Case cases[] = {
    { MC_SYNC_REQUEST_DOSSIER_PUT, 0, NULL, MC_SYNC_CLASS_UNREACHABLE },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 200, NULL, MC_SYNC_CLASS_OK },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 201, NULL, MC_SYNC_CLASS_OK },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 408, NULL, MC_SYNC_CLASS_TRANSIENT },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 500, "server_error", MC_SYNC_CLASS_TRANSIENT },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 502, NULL, MC_SYNC_CLASS_TRANSIENT },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 504, NULL, MC_SYNC_CLASS_TRANSIENT },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 501, NULL, MC_SYNC_CLASS_BLOCKED },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 505, NULL, MC_SYNC_CLASS_BLOCKED },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 429, "rate_limited", MC_SYNC_CLASS_BUSY },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 503, "unavailable", MC_SYNC_CLASS_BUSY },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 401, "unauthorized", MC_SYNC_CLASS_BLOCKED },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 403, "station_disabled", MC_SYNC_CLASS_BLOCKED },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 403, "forbidden", MC_SYNC_CLASS_PERMANENT },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 412, "unsupported_version", MC_SYNC_CLASS_BLOCKED },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 301, NULL, MC_SYNC_CLASS_BLOCKED },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 400, "invalid_json", MC_SYNC_CLASS_PERMANENT },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 409, "body_conflict", MC_SYNC_CLASS_PERMANENT },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 409, "code_conflict", MC_SYNC_CLASS_PERMANENT },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 413, "too_large", MC_SYNC_CLASS_PERMANENT },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 415, NULL, MC_SYNC_CLASS_PERMANENT },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 422, "validation_failed", MC_SYNC_CLASS_PERMANENT },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 422, "attachments_missing", MC_SYNC_CLASS_RESUMABLE },
    { MC_SYNC_REQUEST_DOSSIER_PUT, 418, NULL, MC_SYNC_CLASS_PERMANENT },
    { MC_SYNC_REQUEST_ACTION_PUT, 404, "dossier_not_found", MC_SYNC_CLASS_RESUMABLE },
    { MC_SYNC_REQUEST_ACTION_PUT, 409, "state_conflict", MC_SYNC_CLASS_PERMANENT },
    { MC_SYNC_REQUEST_TUS_PATCH, 409, "offset_mismatch", MC_SYNC_CLASS_RESUMABLE },
    { MC_SYNC_REQUEST_TUS_PATCH, 404, "not_found", MC_SYNC_CLASS_RESUMABLE },
    { MC_SYNC_REQUEST_TUS_PATCH, 410, "upload_expired", MC_SYNC_CLASS_RESUMABLE },
    { MC_SYNC_REQUEST_TUS_PATCH, 413, "too_large", MC_SYNC_CLASS_RESUMABLE },
    { MC_SYNC_REQUEST_TUS_PATCH, 460, "checksum_mismatch", MC_SYNC_CLASS_RESUMABLE },
    { MC_SYNC_REQUEST_TUS_PATCH, 422, "sha256_mismatch", MC_SYNC_CLASS_RESUMABLE },
    { MC_SYNC_REQUEST_TUS_PATCH, 503, NULL, MC_SYNC_CLASS_BUSY },
    { MC_SYNC_REQUEST_TUS_HEAD, 404, NULL, MC_SYNC_CLASS_RESUMABLE },
    { MC_SYNC_REQUEST_TUS_HEAD, 410, NULL, MC_SYNC_CLASS_RESUMABLE },
    { MC_SYNC_REQUEST_TUS_CREATE, 413, "too_large", MC_SYNC_CLASS_PERMANENT },
    { MC_SYNC_REQUEST_ATTACHMENT_HEAD, 404, NULL, MC_SYNC_CLASS_RESUMABLE },
    { MC_SYNC_REQUEST_ATTACHMENT_HEAD, 200, NULL, MC_SYNC_CLASS_OK },
    { MC_SYNC_REQUEST_INFO, 404, NULL, MC_SYNC_CLASS_BLOCKED },
    { MC_SYNC_REQUEST_INFO, 409, "station_taken", MC_SYNC_CLASS_BLOCKED },
    { MC_SYNC_REQUEST_INFO, 401, NULL, MC_SYNC_CLASS_BLOCKED },
    { MC_SYNC_REQUEST_CHANGES, 400, "invalid_cursor", MC_SYNC_CLASS_RESUMABLE },
    { MC_SYNC_REQUEST_CHANGES, 410, "cursor_expired", MC_SYNC_CLASS_RESUMABLE },
    { MC_SYNC_REQUEST_CHANGES, 400, "bad_request", MC_SYNC_CLASS_PERMANENT },
    { MC_SYNC_REQUEST_CATALOG, 304, NULL, MC_SYNC_CLASS_OK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      McSyncClass got = mc_sync_classify (cases[i].kind, cases[i].status, cases[i].code);

      if (got != cases[i].expected)
        g_error ("case %u: status %u code %s: got %s, expected %s", i, cases[i].status,
                 cases[i].code ? cases[i].code : "(none)", mc_sync_class_to_string (got),
                 mc_sync_class_to_string (cases[i].expected));
    }
}

static void
test_classify_errors (void)
{
  g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "refused");
  g_autoptr(GError) timeout = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "timeout");
  g_autoptr(GError) dns = g_error_new_literal (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "dns");
  g_autoptr(GError) cert = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, "cert");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");

  g_assert_cmpint (mc_sync_classify_error (refused), ==, MC_SYNC_CLASS_UNREACHABLE);
  g_assert_cmpint (mc_sync_classify_error (timeout), ==, MC_SYNC_CLASS_UNREACHABLE);
  g_assert_cmpint (mc_sync_classify_error (dns), ==, MC_SYNC_CLASS_UNREACHABLE);
  g_assert_cmpint (mc_sync_classify_error (cert), ==, MC_SYNC_CLASS_BLOCKED);
  g_assert_cmpint (mc_sync_classify_error (cancelled), ==, MC_SYNC_CLASS_CANCELLED);
}

static void
test_env_overrides (void)
{
  g_setenv ("MOTCUA_SYNC_BACKOFF_BASE_MS", "50", TRUE);
  g_setenv ("MOTCUA_SYNC_BACKOFF_CAP_MS", "400", TRUE);
  g_setenv ("MOTCUA_SYNC_CHUNK_SIZE", "65536", TRUE);
  g_assert_cmpint (mc_sync_backoff_base_ms (), ==, 50);
  g_assert_cmpint (mc_sync_backoff_cap_ms (), ==, 400);
  g_assert_cmpuint (mc_sync_tus_chunk_size (8388608, 67108864), ==, 65536);
  g_unsetenv ("MOTCUA_SYNC_BACKOFF_BASE_MS");
  g_unsetenv ("MOTCUA_SYNC_BACKOFF_CAP_MS");
  g_unsetenv ("MOTCUA_SYNC_CHUNK_SIZE");
  g_assert_cmpint (mc_sync_backoff_base_ms (), ==, 2000);
  g_assert_cmpint (mc_sync_backoff_cap_ms (), ==, 900000);
  g_assert_cmpint (mc_sync_probe_cap_ms (), ==, 300000);
  /* The server's suggestion, kept in [256 KiB, max_chunk_size]. */
  g_assert_cmpuint (mc_sync_tus_chunk_size (8388608, 67108864), ==, 8388608);
  g_assert_cmpuint (mc_sync_tus_chunk_size (1024, 67108864), ==, 262144);
  g_assert_cmpuint (mc_sync_tus_chunk_size (8388608, 1048576), ==, 1048576);

  /* /changes while idle: the server's limits.changes_poll_interval, or the hook. */
  g_assert_cmpint (mc_sync_changes_poll_ms (300), ==, 300000);
  g_assert_cmpint (mc_sync_changes_poll_ms (0), ==, 1000);
  g_setenv ("MOTCUA_SYNC_CHANGES_POLL_MS", "200", TRUE);
  g_assert_cmpint (mc_sync_changes_poll_ms (300), ==, 200);
  g_unsetenv ("MOTCUA_SYNC_CHANGES_POLL_MS");
}

/* Dossiers in flight: 2 unless configured, bounded both ways. */
static void
test_concurrency (void)
{
  g_unsetenv ("MOTCUA_SYNC_CONCURRENCY");
  g_assert_cmpuint (mc_sync_concurrency (), ==, 2);
  g_setenv ("MOTCUA_SYNC_CONCURRENCY", "8", TRUE);
  g_assert_cmpuint (mc_sync_concurrency (), ==, 8);
  g_setenv ("MOTCUA_SYNC_CONCURRENCY", "1000", TRUE);
  g_assert_cmpuint (mc_sync_concurrency (), ==, MC_SYNC_MAX_WORKERS);
  g_setenv ("MOTCUA_SYNC_CONCURRENCY", "0", TRUE);
  g_assert_cmpuint (mc_sync_concurrency (), ==, 1);
  g_setenv ("MOTCUA_SYNC_CONCURRENCY", "many", TRUE);
  g_assert_cmpuint (mc_sync_concurrency (), ==, 2);
  g_unsetenv ("MOTCUA_SYNC_CONCURRENCY");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/backoff/full-jitter-bounds", test_backoff_bounds);
  g_test_add_func ("/sync/backoff/retry-after-seconds", test_retry_after_seconds);
  g_test_add_func ("/sync/backoff/retry-after-http-date", test_retry_after_date);
  g_test_add_func ("/sync/backoff/retry-after-jitter", test_retry_after_jitter);
  g_test_add_func ("/sync/backoff/classification", test_classification);
  g_test_add_func ("/sync/backoff/classify-errors", test_classify_errors);
  g_test_add_func ("/sync/backoff/env-overrides", test_env_overrides);
  g_test_add_func ("/sync/backoff/concurrency", test_concurrency);

  return g_test_run ();
}
