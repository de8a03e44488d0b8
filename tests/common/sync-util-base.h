/* sync-util-base.h — processes, test files and the server for the upload tests
 *
 * Included by sync-util.h (the desk and the checks), which tests include.
 *
 * Everything here waits with a deadline: a hung process fails the test
 * with a message instead of hanging until meson's timeout. Child output
 * goes to files (never to pipes nobody reads), kept in a scratch dir so a
 * failure can print it.
 *
 * Executables come from the environment: MOTCUA_CLI (motcua) and
 * MOTCUA_SERVER (motcua-server), set by tests/sync/meson.build.
 */
#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <string.h>

#include "spawn-util.h"
#include "test-util.h"

G_BEGIN_DECLS

#define MC_SYNC_ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

/* Strings (tokens) that no command may ever print: every run checks. */
static GPtrArray *mc_sync_secrets;

static inline void
mc_sync_add_secret (const char *secret)
{
  if (mc_sync_secrets == NULL)
    mc_sync_secrets = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (mc_sync_secrets, g_strdup (secret));
}

static inline void
mc_sync_check_no_secret (const char *what,
                         const char *text)
{
  for (guint i = 0; mc_sync_secrets != NULL && text != NULL && i < mc_sync_secrets->len; i++)
    if (strstr (text, mc_sync_secrets->pdata[i]) != NULL)
      g_error ("the token appears in %s:\n%s", what, text);
}

/* --- processes ---------------------------------------------------------- */

static inline void
mc_sync_on_waited_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static inline gboolean
mc_sync_on_timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits for @proc to end, at most @timeout_ms. TRUE if it ended. */
static inline gboolean
mc_sync_wait (GSubprocess *proc,
              gint64       timeout_ms)
{
  g_autoptr(GMainContext) ctx = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new ((guint) timeout_ms);
  gboolean done = FALSE, timed_out = FALSE;

  g_main_context_push_thread_default (ctx);
  g_source_set_callback (timeout, mc_sync_on_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, ctx);
  g_subprocess_wait_async (proc, cancellable, mc_sync_on_waited_cb, &done);
  while (!done && !timed_out)
    g_main_context_iteration (ctx, TRUE);
  if (!done)
    {
      g_cancellable_cancel (cancellable);
      while (!done)
        g_main_context_iteration (ctx, TRUE);
    }
  g_source_destroy (timeout);
  g_main_context_pop_thread_default (ctx);
  return g_subprocess_get_identifier (proc) == NULL;
}

static inline char *
mc_sync_read_file (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

typedef struct
{
  GSubprocess *proc;
  char        *out_path;
  char        *err_path;
  char        *what;      /* for messages */
  gint64       started;   /* monotonic µs */
} McProc;

typedef struct
{
  int      status;     /* exit code; 128 + signal when killed */
  gboolean signaled;
  char    *out;
  char    *err;
  double   seconds;
} McResult;

static inline void
mc_result_clear (McResult *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

static char *mc_sync_scratch;   /* where child output files go */
static gboolean mc_sync_quiet;  /* benches: no line per command */
static guint mc_sync_serial;

/* At the end of main: removes the scratch dir (kept with MOTCUA_TEST_KEEP). */
static inline int
mc_sync_done (int status)
{
  if (mc_sync_scratch != NULL && g_getenv ("MOTCUA_TEST_KEEP") == NULL)
    mc_test_rm_rf (mc_sync_scratch);
  g_clear_pointer (&mc_sync_scratch, g_free);
  g_clear_pointer (&mc_sync_secrets, g_ptr_array_unref);
  return status;
}

static inline const char *
mc_sync_scratch_dir (void)
{
  if (mc_sync_scratch == NULL)
    mc_sync_scratch = mc_test_make_tmp_dir ();
  return mc_sync_scratch;
}

/* A test that fails aborts: its children (servers above all) die with it. */
static inline void
mc_sync_child_setup (G_GNUC_UNUSED gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Spawns @exe ARGS… [--data-dir DIR] with stdout/stderr into files, stdin
 * from /dev/null, in C.UTF-8 (English messages). */
static inline McProc *
mc_proc_spawn (const char         *exe,
               const char         *data_dir,
               const char * const *args)
{
  g_autoptr(GPtrArray) argv = mc_spawn_argv (exe, data_dir, args);
  g_autoptr(GSubprocessLauncher) launcher = mc_spawn_launcher_new (G_SUBPROCESS_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  McProc *p = g_new0 (McProc, 1);
  guint serial = ++mc_sync_serial;
  g_autofree char *base = g_path_get_basename (exe);

  p->what = g_strjoinv (" ", (char **) argv->pdata);
  p->out_path = g_strdup_printf ("%s/%04u-%s.out", mc_sync_scratch_dir (), serial, base);
  p->err_path = g_strdup_printf ("%s/%04u-%s.err", mc_sync_scratch_dir (), serial, base);
  g_subprocess_launcher_set_child_setup (launcher, mc_sync_child_setup, NULL, NULL);
  g_subprocess_launcher_set_stdin_file_path (launcher, "/dev/null");
  g_subprocess_launcher_set_stdout_file_path (launcher, p->out_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, p->err_path);
  p->started = g_get_monotonic_time ();
  p->proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (error != NULL)
    g_error ("cannot run %s: %s", p->what, error->message);
  return p;
}

static inline void
mc_proc_free (McProc *p)
{
  if (p == NULL)
    return;
  if (p->proc != NULL && g_subprocess_get_identifier (p->proc) != NULL)
    {
      g_subprocess_force_exit (p->proc);
      mc_sync_wait (p->proc, 10000);
    }
  g_clear_object (&p->proc);
  g_free (p->out_path);
  g_free (p->err_path);
  g_free (p->what);
  g_free (p);
}

/* Waits (deadline @timeout_ms; past it, SIGKILL and fail) and collects. */
static inline McResult
mc_proc_finish (McProc *p,
                gint64  timeout_ms)
{
  McResult r = { 0 };

  if (!mc_sync_wait (p->proc, timeout_ms))
    {
      g_autofree char *err = NULL;

      g_subprocess_force_exit (p->proc);
      mc_sync_wait (p->proc, 10000);
      err = mc_sync_read_file (p->err_path);
      g_error ("%s did not finish within %" G_GINT64_FORMAT " ms; stderr:\n%s", p->what, timeout_ms, err);
    }
  r.seconds = (g_get_monotonic_time () - p->started) / 1e6;
  r.signaled = g_subprocess_get_if_signaled (p->proc);
  r.status = r.signaled ? 128 + g_subprocess_get_term_sig (p->proc) : g_subprocess_get_exit_status (p->proc);
  r.out = mc_sync_read_file (p->out_path);
  r.err = mc_sync_read_file (p->err_path);
  mc_sync_check_no_secret (p->what, r.out);
  mc_sync_check_no_secret (p->what, r.err);
  return r;
}

/* SIGKILL now, then collect. */
static inline McResult
mc_proc_kill (McProc *p)
{
  g_subprocess_force_exit (p->proc);
  return mc_proc_finish (p, 10000);
}

static inline const char *
mc_sync_cli_exe (void)
{
  const char *exe = g_getenv ("MOTCUA_CLI");

  g_assert_nonnull (exe);
  return exe;
}

static inline const char *
mc_sync_server_exe (void)
{
  const char *exe = g_getenv ("MOTCUA_SERVER");

  g_assert_nonnull (exe);
  return exe;
}

/* Runs `motcua ARGS… --data-dir DIR` to the end (at most @timeout_ms). */
static inline McResult
mc_cli_run (const char         *data_dir,
            gint64              timeout_ms,
            const char * const *args)
{
  McProc *p = mc_proc_spawn (mc_sync_cli_exe (), data_dir, args);
  McResult r = mc_proc_finish (p, timeout_ms);

  if (!mc_sync_quiet)
    g_test_message ("[%.2f s] %s → %d%s%s", r.seconds, p->what, r.status,
                    r.err[0] != '\0' ? "; stderr: " : "", r.err);
  mc_proc_free (p);
  return r;
}

/* Same, and fails the test unless it exits with @expected. */
static inline McResult
mc_cli_expect (const char         *data_dir,
               int                 expected,
               gint64              timeout_ms,
               const char * const *args)
{
  McResult r = mc_cli_run (data_dir, timeout_ms, args);

  if (r.status != expected)
    {
      g_autofree char *cmd = g_strjoinv (" ", (char **) args);
      g_error ("motcua %s --data-dir %s: exit %d, expected %d\nstdout:\n%s\nstderr:\n%s",
               cmd, data_dir, r.status, expected, r.out, r.err);
    }
  return r;
}

static inline McResult
mc_server_cmd (const char         *data_dir,
               gint64              timeout_ms,
               const char * const *args)
{
  McProc *p = mc_proc_spawn (mc_sync_server_exe (), data_dir, args);
  McResult r = mc_proc_finish (p, timeout_ms);

  mc_proc_free (p);
  return r;
}

static inline JsonNode *
mc_sync_parse_json (const char *what,
                    const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  if (node == NULL)
    g_error ("%s: not JSON (%s): %s", what, error != NULL ? error->message : "empty", text);
  return node;
}

/* --- files -------------------------------------------------------------- */

static inline char *
mc_sync_sha256_file (const char *path)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  FILE *f = fopen (path, "rb");
  guint8 buf[65536];
  size_t n;

  if (f == NULL)
    return NULL;
  while ((n = fread (buf, 1, sizeof buf, f)) > 0)
    g_checksum_update (sum, buf, n);
  fclose (f);
  return g_strdup (g_checksum_get_string (sum));
}

static inline gint64
mc_sync_file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return -1;
  return st.st_size;
}

static inline guint64
mc_sync_xorshift (guint64 *s)
{
  guint64 x = *s;

  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return *s = x;
}

/* A valid one-page PDF of exactly @size bytes (≥ 600): the padding is an
 * unreferenced stream of pseudo-random bytes from @seed, so every seed
 * gives a different file. Streams, so 1 GiB files cost no memory. */
static inline void
mc_sync_write_pdf (const char *path,
                   gint64      size,
                   guint64     seed)
{
  static const char head[] =
    "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n";
  gint64 off[5];
  gint64 pad = 0, xref_at;
  g_autofree char *obj4 = NULL;
  g_autoptr(GString) tail = g_string_new (NULL);
  FILE *f;
  guint64 s = seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull;
  guint64 block[8192];

  g_assert_cmpint (size, >=, 600);
  off[1] = strstr (head, "1 0 obj") - head;
  off[2] = strstr (head, "2 0 obj") - head;
  off[3] = strstr (head, "3 0 obj") - head;
  off[4] = (gint64) strlen (head);
  /* The lengths of the numbers change the file's length: iterate until
   * the padding makes it exactly @size bytes. */
  for (int iter = 0; iter < 8; iter++)
    {
      gint64 total;

      g_free (obj4);
      obj4 = g_strdup_printf ("4 0 obj\n<< /Length %" G_GINT64_FORMAT " >>\nstream\n", pad);
      xref_at = off[4] + (gint64) strlen (obj4) + pad + (gint64) strlen ("\nendstream\nendobj\n");
      g_string_truncate (tail, 0);
      g_string_append (tail, "xref\n0 5\n0000000000 65535 f \n");
      for (int i = 1; i <= 4; i++)
        g_string_append_printf (tail, "%010" G_GINT64_FORMAT " 00000 n \n", off[i]);
      g_string_append_printf (tail, "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%" G_GINT64_FORMAT "\n%%%%EOF\n", xref_at);
      total = xref_at + (gint64) tail->len;
      if (total == size)
        break;
      pad += size - total;
    }
  g_assert_cmpint (pad, >=, 0);

  f = fopen (path, "wb");
  g_assert_nonnull (f);
  fputs (head, f);
  fputs (obj4, f);
  for (gint64 left = pad; left > 0;)
    {
      size_t n = (size_t) MIN ((gint64) sizeof block, left);

      for (guint i = 0; i < (n + 7) / 8; i++)
        block[i] = mc_sync_xorshift (&s);
      g_assert_cmpuint (fwrite (block, 1, n, f), ==, n);
      left -= (gint64) n;
    }
  fputs ("\nendstream\nendobj\n", f);
  fwrite (tail->str, 1, tail->len, f);
  g_assert_cmpint (fclose (f), ==, 0);
  g_assert_cmpint (mc_sync_file_size (path), ==, size);
}

/* A PNG of noise of about @approx_size bytes (noise hardly compresses). */
static inline void
mc_sync_write_png (const char *path,
                   gint64      approx_size,
                   guint64     seed)
{
  int side = MAX (8, (int) sqrt ((double) approx_size / 3.0));
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, side, side);
  g_autoptr(GError) error = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint64 s = seed * 0x9E3779B97F4A7C15ull + 1;

  for (int y = 0; y < side; y++)
    for (int x = 0; x < side * 3; x++)
      pixels[y * stride + x] = (guint8) (mc_sync_xorshift (&s) >> 56);
  if (!gdk_pixbuf_save (pixbuf, path, "png", &error, "compression", "1", NULL))
    g_error ("%s: %s", path, error->message);
}

/* --- the server ---------------------------------------------------------- */

typedef struct
{
  McProc *p;
  char   *data_dir;
  char   *listen;      /* 127.0.0.1:PORT once started */
  char   *url;         /* http(s)://127.0.0.1:PORT/ */
  guint   port;
  GStrv   args;        /* extra serve args, reused by restart */
  char   *prev_out;    /* the previous run's output files (after a restart) */
  char   *prev_err;
} McServer;

/* Waits for "listening on URL" in the server's stdout file. */
static inline gboolean
mc_server_wait_listening (McServer *s,
                          gint64    timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *out = mc_sync_read_file (s->p->out_path);
      const char *line = strstr (out, "listening on ");

      if (line != NULL && strchr (line, '\n') != NULL)
        {
          g_autofree char *url = g_strndup (line + 13, strchr (line, '\n') - (line + 13));
          g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

          if (uri == NULL || g_uri_get_port (uri) <= 0)
            g_error ("motcua-server printed a bad URL: “%s”", url);
          g_free (s->url);
          s->url = g_steal_pointer (&url);
          s->port = (guint) g_uri_get_port (uri);
          g_free (s->listen);
          s->listen = g_strdup_printf ("127.0.0.1:%u", s->port);
          return TRUE;
        }
      if (g_subprocess_get_identifier (s->p->proc) == NULL)
        return FALSE;   /* it exited */
      g_usleep (10000);
    }
  return FALSE;
}

static inline gboolean
mc_server_spawn (McServer   *s,
                 const char *listen)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) "serve");
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) listen);
  for (guint i = 0; s->args != NULL && s->args[i] != NULL; i++)
    g_ptr_array_add (argv, s->args[i]);
  g_ptr_array_add (argv, NULL);
  if (s->p != NULL)
    {
      g_free (s->prev_out);
      g_free (s->prev_err);
      s->prev_out = g_strdup (s->p->out_path);
      s->prev_err = g_strdup (s->p->err_path);
    }
  mc_proc_free (s->p);
  s->p = mc_proc_spawn (mc_sync_server_exe (), s->data_dir, (const char * const *) argv->pdata);
  if (mc_server_wait_listening (s, 20000))
    return TRUE;
  return FALSE;
}

static inline void
mc_server_fail (McServer   *s,
                const char *why)
{
  g_autofree char *out = mc_sync_read_file (s->p->out_path);
  g_autofree char *err = mc_sync_read_file (s->p->err_path);

  g_error ("%s: %s\nstdout:\n%s\nstderr:\n%s", s->p->what, why, out, err);
}

/* Starts `motcua-server serve --data-dir @data_dir --listen 127.0.0.1:0
 * @args…` and waits (20 s) for its "listening on" line. */
static inline McServer *
mc_server_start (const char         *data_dir,
                 const char * const *args)
{
  McServer *s = g_new0 (McServer, 1);

  s->data_dir = g_strdup (data_dir);
  s->args = g_strdupv ((char **) args);
  if (!mc_server_spawn (s, "127.0.0.1:0"))
    mc_server_fail (s, "no “listening on URL” line within 20 s");
  if (!mc_sync_quiet)
    g_test_message ("server %s on %s", data_dir, s->url);
  return s;
}

/* Stops it: SIGTERM (clean), SIGKILL after 10 s. Returns its exit status. */
static inline int
mc_server_stop (McServer *s)
{
  McResult r;

  if (s->p == NULL)
    return -1;
  g_subprocess_send_signal (s->p->proc, SIGTERM);
  if (!mc_sync_wait (s->p->proc, 10000))
    {
      g_test_message ("motcua-server did not stop within 10 s of SIGTERM; killed");
      g_subprocess_force_exit (s->p->proc);
    }
  r = mc_proc_finish (s->p, 10000);
  mc_result_clear (&r);
  mc_proc_free (s->p);
  s->p = NULL;
  return r.status;
}

static inline void
mc_server_kill (McServer *s)
{
  McResult r;

  if (s->p == NULL)
    return;
  r = mc_proc_kill (s->p);
  mc_result_clear (&r);
  mc_proc_free (s->p);
  s->p = NULL;
}

/* Starts it again on the same port and data dir, with @args (NULL: the
 * same as before). The port may take a moment to be free: retries 10 s. */
static inline void
mc_server_restart (McServer           *s,
                   const char * const *args)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_autofree char *listen = g_strdup (s->listen);
  g_autofree char *old_url = g_strdup (s->url);

  if (args != NULL)
    {
      g_strfreev (s->args);
      s->args = g_strdupv ((char **) args);
    }
  while (!mc_server_spawn (s, listen))
    {
      if (g_get_monotonic_time () > deadline)
        mc_server_fail (s, "could not listen again on the same port within 10 s");
      g_usleep (100000);
    }
  g_assert_cmpstr (s->url, ==, old_url);
}

static inline void
mc_server_free (McServer *s)
{
  if (s == NULL)
    return;
  mc_server_stop (s);
  g_free (s->data_dir);
  g_free (s->listen);
  g_free (s->url);
  g_strfreev (s->args);
  g_free (s->prev_out);
  g_free (s->prev_err);
  g_free (s);
}

/* Lines of the running server's output holding @needle (its request log
 * with G_MESSAGES_DEBUG=motcua-server: "… → 503", "… dropped"). */
static inline guint
mc_server_log_count (McServer   *s,
                     const char *needle)
{
  const char *paths[] = { s->p->out_path, s->p->err_path };
  guint n = 0;

  for (guint f = 0; f < 2; f++)
    {
      g_autofree char *text = mc_sync_read_file (paths[f]);

      for (const char *p = text; (p = strstr (p, needle)) != NULL; p += strlen (needle))
        n++;
    }
  return n;
}

/* The server's request log (G_MESSAGES_DEBUG=motcua-server): the times,
 * in ms since midnight, of the lines of @out and @err (either nullable)
 * that are requests ("→") and contain @contains (nullable). */
static inline GArray *
mc_server_log_times (const char *out,
                     const char *err,
                     const char *contains)
{
  GArray *times = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *paths[] = { out, err };

  for (guint f = 0; f < 2; f++)
    {
      g_autofree char *text = paths[f] != NULL ? mc_sync_read_file (paths[f]) : g_strdup ("");
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          const char *at = strstr (lines[i], "-DEBUG: ");
          guint h, m, sec, ms;
          gint64 t;

          if (at == NULL || strstr (lines[i], "→") == NULL ||
              (contains != NULL && strstr (lines[i], contains) == NULL) ||
              sscanf (at + 8, "%u:%u:%u.%u", &h, &m, &sec, &ms) != 4)
            continue;
          t = ((h * 60 + m) * 60 + sec) * G_GINT64_CONSTANT (1000) + ms;
          g_array_append_val (times, t);
        }
    }
  return times;
}

/* `motcua-server token --station NAME`: a new token (registered as a secret). */
static inline char *
mc_server_token (const char *server_dir,
                 const char *station)
{
  McResult r = mc_server_cmd (server_dir, 30000, MC_SYNC_ARGS ("token", "--station", station));
  char *token;

  if (r.status != 0)
    g_error ("motcua-server token: exit %d: %s", r.status, r.err);
  token = g_strdup (g_strstrip (r.out));
  g_assert_true (g_regex_match_simple ("^mct_[A-Za-z0-9_-]{43}$", token, 0, 0));
  mc_sync_add_secret (token);
  mc_result_clear (&r);
  return token;
}

/* `motcua-server dossiers --json`, parsed: an array. */
static inline JsonNode *
mc_server_dossiers (const char *server_dir)
{
  McResult r = mc_server_cmd (server_dir, 60000, MC_SYNC_ARGS ("dossiers", "--json"));
  JsonNode *node;

  if (r.status != 0)
    g_error ("motcua-server dossiers: exit %d: %s", r.status, r.err);
  node = mc_sync_parse_json ("motcua-server dossiers --json", r.out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  mc_result_clear (&r);
  return node;
}

static inline guint
mc_server_count (const char *server_dir)
{
  g_autoptr(JsonNode) node = mc_server_dossiers (server_dir);

  return json_array_get_length (json_node_get_array (node));
}

G_END_DECLS
