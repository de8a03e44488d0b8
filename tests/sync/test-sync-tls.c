/* test-sync-tls.c — TLS is always verified; a custom CA file is trusted
 *
 * A self-signed certificate for 127.0.0.1 made with openssl; motcua-server
 * serves https with it. Enrolment without a CA file fails with a message
 * about the certificate; with the certificate as --ca-file it succeeds and
 * a dossier uploads. Plain http is refused at enrolment except to loopback
 * (http://example.invalid/), and a refused enrolment stores nothing.
 */
#include "sync-util.h"

static char *
make_cert (const char *dir,
           char      **key_out)
{
  const char *openssl = g_getenv ("MOTCUA_OPENSSL");
  g_autofree char *found = NULL;
  char *cert = g_build_filename (dir, "cert.pem", NULL);
  char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (openssl == NULL)
    openssl = found = g_find_program_in_path ("openssl");
  if (openssl == NULL)
    return NULL;
  if (!g_spawn_sync (NULL,
                     (char *[]) { (char *) openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                  "-keyout", key, "-out", cert, "-subj", "/CN=localhost",
                                  "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-days", "2", NULL },
                     NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("openssl req: %s\n%s", error->message, err);
  *key_out = key;
  return cert;
}

static void
test_tls (void)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  g_autofree char *key = NULL;
  g_autofree char *cert = make_cert (desk->work, &key);
  g_autofree char *token = NULL;
  g_autofree char *lower = NULL;
  McServer *server;
  McResult r;

  /* openssl is installed by .ci/install-deps: its absence is a broken
   * set-up, not a reason to pass without checking TLS. */
  g_assert_nonnull (cert);
  server = mc_server_start (server_dir, MC_SYNC_ARGS ("--tls-cert", cert, "--tls-key", key));
  g_assert_true (g_str_has_prefix (server->url, "https://127.0.0.1:"));
  token = mc_server_token (server_dir, "xa-tan-lap");

  /* Plain http to anything but loopback: refused before any connection. */
  r = mc_desk_enrol_run (desk, "http://example.invalid/", token, NULL);
  g_assert_cmpint (r.status, !=, 0);
  g_assert_cmpint (r.status, !=, 2);   /* not a usage error: a refusal with a message */
  g_assert_cmpstr (r.err, !=, "");
  g_test_message ("http://example.invalid/: %s", r.err);
  g_assert_cmpfloat (r.seconds, <, 10.0);
  mc_result_clear (&r);

  /* Self-signed, no CA file: refused, and the message says why. */
  r = mc_desk_enrol_run (desk, server->url, token, NULL);
  g_assert_cmpint (r.status, !=, 0);
  lower = g_utf8_strdown (r.err, -1);
  g_test_message ("untrusted: exit %d: %s", r.status, r.err);
  if (strstr (lower, "certificate") == NULL)
    g_error ("enrolment with an untrusted certificate: the message does not mention the certificate: %s", r.err);
  mc_result_clear (&r);

  /* Neither attempt stored an enrolment. */
  mc_desk_add_dossier (desk, NULL, (const gint64[]) { 300000 }, 1);
  r = mc_cli_expect (desk->dir, 78, 30000, MC_SYNC_ARGS ("sync", "--once"));
  mc_result_clear (&r);

  /* With the certificate as the CA: enrolled, and the dossier uploads. */
  r = mc_desk_enrol_run (desk, server->url, token, cert);
  if (r.status != 0)
    g_error ("enrol with --ca-file: exit %d\n%s", r.status, r.err);
  mc_result_clear (&r);
  mc_desk_sync_until_done (desk, 60000);
  mc_sync_finish (desk, server, server_dir, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/tls/self-signed", test_tls);
  return mc_sync_done (g_test_run ());
}
