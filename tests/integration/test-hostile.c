/* test-hostile.c — hostile and careless input to `motcua` (issue 13)
 *
 * Each test is a row of the table that failed before: a crash
 * (exit 139), a read that never ends, something accepted that the server
 * always refuses, a leftover file, a wrong exit code.
 */
#include "test-util.h"
#include "cli-util.h"
#include "attachment-util.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#define ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

typedef struct
{
  char *dir;
  char *work;
} Fixture;

#define APPLICANT "\"applicant\": {\"full_name\": \"Lê Văn Tám\", \"id_kind\": \"cmnd\", \"id_number\": \"123456789\", \"address\": \"Xóm 2\"}"

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  McRun r;

  f->dir = mc_test_make_tmp_dir ();
  f->work = mc_test_make_tmp_dir ();
  r = mc_run_cli (f->dir, NULL, ARGS ("init", "--agency-code", "000.00.12.H29", "--agency-name", "UBND xã Tân Lập", "--station", "2"));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  mc_test_rm_rf (f->dir);
  mc_test_rm_rf (f->work);
  g_free (f->dir);
  g_free (f->work);
}

static guint
count_listed (Fixture *f)
{
  McRun r = mc_run_cli (f->dir, NULL, ARGS ("list", "--json"));
  g_autoptr(JsonNode) node = NULL;
  guint n;

  g_assert_cmpint (r.status, ==, 0);
  node = mc_parse_json (r.out);
  n = json_array_get_length (json_node_get_array (node));
  mc_run_clear (&r);
  return n;
}

static char *
deep_json (guint depth)
{
  GString *s = g_string_new ("{\"procedure_code\": ");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  g_string_append_c (s, '}');
  return g_string_free (s, FALSE);
}

static void
assert_refused (Fixture    *f,
                const char *input,
                const char *const *args,
                const char *says)
{
  McRun r = mc_run_cli (f->dir, input, args);

  if (r.status != 65 || strstr (r.err, says) == NULL)
    g_error ("%s: exit %d, expected 65 saying “%s”: %s", args[0], r.status, says, r.err);
  mc_run_clear (&r);
}

/* Row 2: 100 000 levels made the CLI exit 139. */
static void
test_deep_json (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *deep = deep_json (100000);
  g_autofree char *path = g_build_filename (f->work, "deep.json", NULL);

  g_assert_true (g_file_set_contents (path, deep, -1, NULL));
  assert_refused (f, deep, ARGS ("intake", "--json", "-"), "deep");
  assert_refused (f, NULL, ARGS ("intake", "--json", path), "deep");
  assert_refused (f, NULL, ARGS ("catalog", "import", path), "deep");
  g_assert_cmpuint (count_listed (f), ==, 0);
}

/* Row 10: /dev/zero was read forever (3-4.7 GB). */
static void
test_endless_input (Fixture       *f,
                    gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();

  assert_refused (f, NULL, ARGS ("intake", "--json", "/dev/zero"), "too large");
  assert_refused (f, NULL, ARGS ("catalog", "import", "/dev/zero"), "too large");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 60 * G_USEC_PER_SEC);
}

/* Row 12: a NUL cut the name short, :60 became :59, trailing text passed. */
static void
test_strict_text (Fixture       *f,
                  gconstpointer  data)
{
  assert_refused (f, "{\"procedure_code\": \"HT-KS\", \"applicant\": {\"full_name\": \"Lê Văn\\u0000 Tám\","
                     " \"id_kind\": \"cmnd\", \"id_number\": \"123456789\", \"address\": \"Xóm 2\"}}",
                  ARGS ("intake", "--json", "-"), "NUL");
  assert_refused (f, "{\"procedure_code\": \"HT-KS\", \"received_at\": \"2026-02-12T09:15:60+07:00\", " APPLICANT "}",
                  ARGS ("intake", "--json", "-"), "received_at");
  assert_refused (f, "{\"procedure_code\": \"HT-KS\", " APPLICANT "} {\"more\": 1}",
                  ARGS ("intake", "--json", "-"), "follows");
  g_assert_cmpuint (count_listed (f), ==, 0);
}

/* Row 9: what the server always refuses is refused at intake. */
static void
test_server_limits (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->work, "a.pdf", NULL);
  g_autofree char *copy = g_build_filename (f->work, "b.pdf", NULL);
  g_autofree char *long_name = NULL;
  g_autofree char *json = NULL;
  g_autofree char *ok_name = NULL;
  GString *name = g_string_new (NULL);
  McRun r;

  for (guint i = 0; i < 301; i++)
    g_string_append (name, "ả");
  long_name = g_string_free (name, FALSE);
  json = g_strdup_printf ("{\"procedure_code\": \"HT-KS\", " APPLICANT ", \"papers\": [{\"name\": \"%s\"}]}", long_name);
  assert_refused (f, json, ARGS ("intake", "--json", "-"), "papers[0].name");

  /* 300 characters are fine. */
  ok_name = g_utf8_substring (long_name, 0, 300);
  g_free (json);
  json = g_strdup_printf ("{\"procedure_code\": \"HT-KS\", " APPLICANT ", \"papers\": [{\"name\": \"%s\"}]}", ok_name);
  r = mc_run_cli (f->dir, json, ARGS ("intake", "--json", "-"));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);

  /* The same file twice, under two names. */
  mc_test_write_pdf (pdf, "Giấy chứng sinh");
  g_assert_true (g_file_set_contents (copy, "", 0, NULL));
  {
    g_autofree char *bytes = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (pdf, &bytes, &len, NULL));
    g_assert_true (g_file_set_contents (copy, bytes, (gssize) len, NULL));
  }
  g_free (json);
  json = g_strdup_printf ("{\"procedure_code\": \"HT-KS\", " APPLICANT ", \"attachments\": [\"%s\", \"%s\"]}", pdf, copy);
  assert_refused (f, json, ARGS ("intake", "--json", "-"), "attachments[1]");
  g_assert_cmpuint (count_listed (f), ==, 1);
}

static guint
count_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Row 8: a killed intake's temporary copy stayed for good. */
static void
test_temporaries_collected (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *tmp = g_build_filename (f->dir, "blobs", "tmp", NULL);
  g_autofree char *left = g_build_filename (tmp, "blob-Ab12Cd", NULL);
  McRun r;

  /* What a SIGKILL mid-copy leaves: a file nobody holds. */
  g_assert_cmpint (g_mkdir_with_parents (tmp, 0700), ==, 0);
  g_assert_true (g_file_set_contents (left, "half a PDF", -1, NULL));
  g_assert_cmpuint (count_dir (tmp), ==, 1);
  r = mc_run_cli (f->dir, NULL, ARGS ("list", "--json"));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  g_assert_cmpuint (count_dir (tmp), ==, 0);
}

static void
limit_file_size (gpointer data)
{
  struct rlimit lim = { 64 * 1024, 64 * 1024 };

  /* Writes past the limit fail with EFBIG, as a full disk fails with ENOSPC. */
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &lim);
}

/* Row 11: a full disk while copying an attachment exited 65. */
static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *big = g_build_filename (f->work, "big.png", NULL);
  g_autofree char *json = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  mc_test_write_image (big, "png", 400, 400);   /* far over 64 KiB: noise does not compress */
  json = g_strdup_printf ("{\"procedure_code\": \"HT-KS\", " APPLICANT ", \"attachments\": [\"%s\"]}", big);

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, limit_file_size, NULL, NULL);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("MOTCUA_CLI"), "intake", "--json", "-",
                                      "--data-dir", f->dir, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, json, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  if (g_subprocess_get_exit_status (proc) != 74)
    g_error ("exit %d, expected 74: %s", g_subprocess_get_exit_status (proc), err);
  g_assert_nonnull (strstr (err, "attachments[0]"));
  g_assert_cmpuint (count_listed (f), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/hostile/deep-json", test_deep_json);
  ADD ("/hostile/endless-input", test_endless_input);
  ADD ("/hostile/strict-text", test_strict_text);
  ADD ("/hostile/server-limits", test_server_limits);
  ADD ("/hostile/temporaries-collected", test_temporaries_collected);
  ADD ("/hostile/disk-full", test_disk_full);
  return g_test_run ();
}
