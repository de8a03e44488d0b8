/* sync-util.h — real `motcua-server` and `motcua` processes for the upload tests
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
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  McProc *p = g_new0 (McProc, 1);
  guint serial = ++mc_sync_serial;
  g_autofree char *base = g_path_get_basename (exe);

  g_assert_nonnull (exe);
  g_ptr_array_add (argv, (gpointer) exe);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  if (data_dir != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--data-dir");
      g_ptr_array_add (argv, (gpointer) data_dir);
    }
  g_ptr_array_add (argv, NULL);

  p->what = g_strjoinv (" ", (char **) argv->pdata);
  p->out_path = g_strdup_printf ("%s/%04u-%s.out", mc_sync_scratch_dir (), serial, base);
  p->err_path = g_strdup_printf ("%s/%04u-%s.err", mc_sync_scratch_dir (), serial, base);
  g_subprocess_launcher_set_child_setup (launcher, mc_sync_child_setup, NULL, NULL);
  g_subprocess_launcher_set_stdin_file_path (launcher, "/dev/null");
  g_subprocess_launcher_set_stdout_file_path (launcher, p->out_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, p->err_path);
  g_subprocess_launcher_unsetenv (launcher, "MOTCUA_DATA_DIR");
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_unsetenv (launcher, "LANG");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
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

/* --- the desk -------------------------------------------------------------- */

typedef struct
{
  char      *dir;      /* data dir */
  char      *work;     /* scratch for generated files */
  GPtrArray *made;     /* McMade, in creation order */
  guint      serial;   /* file names, CCCD numbers */
  char      *received_at;   /* nullable: intake back-dated to this time (a station has 999 codes a day) */
} McDesk;

typedef struct
{
  char      *uuid;
  char      *code;
  char      *name;
  GPtrArray *sha256;   /* of its attachments, in order (char *) */
} McMade;

static inline void
mc_made_free (McMade *m)
{
  g_free (m->uuid);
  g_free (m->code);
  g_free (m->name);
  g_ptr_array_unref (m->sha256);
  g_free (m);
}

/* A fresh data dir set up with `motcua init` as station 1 of 000.00.12.H29. */
static inline McDesk *
mc_desk_new (void)
{
  McDesk *d = g_new0 (McDesk, 1);
  McResult r;

  d->dir = mc_test_make_tmp_dir ();
  d->work = mc_test_make_tmp_dir ();
  d->made = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_made_free);
  r = mc_cli_expect (d->dir, 0, 30000, MC_SYNC_ARGS ("init", "--agency-code", "000.00.12.H29", "--agency-name", "UBND xã Tân Lập", "--station", "1"));
  mc_result_clear (&r);
  return d;
}

static inline void
mc_desk_free (McDesk *d)
{
  if (d == NULL)
    return;
  if (g_getenv ("MOTCUA_TEST_KEEP") == NULL)
    {
      mc_test_rm_rf (d->dir);
      mc_test_rm_rf (d->work);
    }
  else
    g_test_message ("kept desk %s", d->dir);
  g_free (d->dir);
  g_free (d->work);
  g_free (d->received_at);
  g_ptr_array_unref (d->made);
  g_free (d);
}

/* A copy of @src's data dir (which no process may be using) with the same
 * dossiers: `cp -a`. */
static inline McDesk *
mc_desk_copy (McDesk *src)
{
  McDesk *d = g_new0 (McDesk, 1);
  g_autofree char *parent = mc_test_make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  d->dir = g_build_filename (parent, "desk", NULL);
  d->work = mc_test_make_tmp_dir ();
  d->made = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_made_free);
  if (!g_spawn_sync (NULL, (char *[]) { "cp", "-a", src->dir, d->dir, NULL }, NULL,
                     G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("cp -a %s: %s", src->dir, error->message);
  for (guint i = 0; i < src->made->len; i++)
    {
      McMade *m = src->made->pdata[i], *c = g_new0 (McMade, 1);

      c->uuid = g_strdup (m->uuid);
      c->code = g_strdup (m->code);
      c->name = g_strdup (m->name);
      c->sha256 = g_ptr_array_new_with_free_func (g_free);
      for (guint j = 0; j < m->sha256->len; j++)
        g_ptr_array_add (c->sha256, g_strdup (m->sha256->pdata[j]));
      g_ptr_array_add (d->made, c);
    }
  return d;
}

/* `motcua enrol --server URL --token-file T [--ca-file CA]`. */
static inline McResult
mc_desk_enrol_run (McDesk     *d,
                   const char *url,
                   const char *token,
                   const char *ca_file)
{
  g_autofree char *token_file = g_build_filename (d->work, "token.txt", NULL);
  g_autofree char *line = g_strconcat (token, "\n", NULL);

  g_assert_true (g_file_set_contents (token_file, line, -1, NULL));
  g_chmod (token_file, 0600);
  if (ca_file != NULL)
    return mc_cli_run (d->dir, 60000, MC_SYNC_ARGS ("enrol", "--server", url, "--token-file", token_file, "--ca-file", ca_file));
  return mc_cli_run (d->dir, 60000, MC_SYNC_ARGS ("enrol", "--server", url, "--token-file", token_file));
}

/* Enrols with a new token of the station "xa-tan-lap" from @s. */
static inline void
mc_desk_enrol (McDesk   *d,
               McServer *s)
{
  g_autofree char *token = mc_server_token (s->data_dir, "xa-tan-lap");
  McResult r = mc_desk_enrol_run (d, s->url, token, NULL);

  if (r.status != 0)
    g_error ("motcua enrol %s: exit %d\nstdout:\n%s\nstderr:\n%s", s->url, r.status, r.out, r.err);
  mc_result_clear (&r);
}

static const char *mc_sync_given[] = { "An", "Bình", "Chi", "Dũng", "Đức", "Giang", "Hà", "Hương", "Khánh", "Lan", "Minh", "Nam", "Phúc", "Quân", "Thảo", "Vy" };
static const char *mc_sync_family[] = { "Nguyễn Văn", "Trần Thị", "Lê Hoàng", "Phạm Thị", "Đặng Văn", "Huỳnh Ngọc", "Vũ Đình", "Bùi Thị" };

/* Writes an attachment file of about @size bytes; PNG when @png. */
static inline char *
mc_desk_make_file (McDesk  *d,
                   gint64   size,
                   gboolean png)
{
  guint n = ++d->serial;
  char *path = g_strdup_printf ("%s/scan-%05u.%s", d->work, n, png ? "png" : "pdf");

  if (png)
    mc_sync_write_png (path, size, g_test_rand_int () ^ ((guint64) n << 32));
  else
    mc_sync_write_pdf (path, MAX (size, 600), ((guint64) g_test_rand_int () << 20) ^ n);
  return path;
}

/* One dossier taken in by `motcua intake` with attachments of @sizes
 * (bytes; negative = a PNG of about that size): the first ones listed in
 * the intake JSON, the last one (when there are two or more) added
 * afterwards with `motcua attach --paper`. @name NULL: a generated one. */
static inline McMade *
mc_desk_add_dossier (McDesk       *d,
                     const char   *name,
                     const gint64 *sizes,
                     guint         n_sizes)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *json = NULL;
  g_autofree char *input = NULL;
  g_autofree char *cccd = NULL;
  McMade *m = g_new0 (McMade, 1);
  guint n_in_intake = n_sizes >= 2 ? n_sizes - 1 : n_sizes;
  guint k = ++d->serial;
  McResult r;

  for (guint i = 0; i < n_sizes; i++)
    g_ptr_array_add (files, mc_desk_make_file (d, ABS (sizes[i]), sizes[i] < 0));

  m->sha256 = g_ptr_array_new_with_free_func (g_free);
  m->name = name != NULL ? g_strdup (name)
                         : g_strdup_printf ("%s %s", mc_sync_family[k % G_N_ELEMENTS (mc_sync_family)],
                                            mc_sync_given[(k / 8) % G_N_ELEMENTS (mc_sync_given)]);
  cccd = g_strdup_printf ("001185%06u", k % 1000000);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "procedure_code");
  json_builder_add_string_value (b, "HT-KS");
  json_builder_set_member_name (b, "applicant");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "full_name");
  json_builder_add_string_value (b, m->name);
  json_builder_set_member_name (b, "id_kind");
  json_builder_add_string_value (b, "cccd");
  json_builder_set_member_name (b, "id_number");
  json_builder_add_string_value (b, cccd);
  json_builder_set_member_name (b, "date_of_birth");
  json_builder_add_string_value (b, "1985-03-02");
  json_builder_set_member_name (b, "address");
  json_builder_add_string_value (b, "Thôn 3, xã Tân Lập");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "papers");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "Tờ khai đăng ký khai sinh");
  json_builder_end_object (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "Giấy chứng sinh");
  json_builder_end_object (b);
  json_builder_end_array (b);
  if (d->received_at != NULL)
    {
      json_builder_set_member_name (b, "received_at");
      json_builder_add_string_value (b, d->received_at);
      json_builder_set_member_name (b, "backdate_reason");
      json_builder_add_string_value (b, "Nhập bù hồ sơ hôm trước");
    }
  if (k % 4 == 0)
    {
      /* Every fourth: fees collected, one of them exempt (else the catalog's default). */
      g_autofree char *fees = g_strdup_printf ("[{\"name\": \"Lệ phí đăng ký khai sinh quá hạn\", \"amount\": %u},"
                                               " {\"name\": \"Phí cấp bản sao\", \"amount\": 0,"
                                               " \"exempt\": true, \"reason\": \"Hộ nghèo\"}]", 5000 + k);

      json_builder_set_member_name (b, "fees");
      json_builder_add_value (b, json_from_string (fees, NULL));
    }
  json_builder_set_member_name (b, "attachments");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_in_intake; i++)
    json_builder_add_string_value (b, files->pdata[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json = json_to_string (root, FALSE);
  input = g_strdup_printf ("%s/intake-%05u.json", d->work, k);
  g_assert_true (g_file_set_contents (input, json, -1, NULL));

  r = mc_cli_expect (d->dir, 0, 60000, MC_SYNC_ARGS ("intake", "--json", input));
  out = mc_sync_parse_json ("motcua intake", r.out);
  m->uuid = g_strdup (json_object_get_string_member (json_node_get_object (out), "uuid"));
  m->code = g_strdup (json_object_get_string_member (json_node_get_object (out), "code"));
  mc_result_clear (&r);

  for (guint i = 0; i < n_sizes; i++)
    {
      if (i >= n_in_intake)
        {
          g_autoptr(JsonNode) att = NULL;

          r = mc_cli_expect (d->dir, 0, 60000, MC_SYNC_ARGS ("attach", m->code, files->pdata[i], "--paper", "giay chung sinh", "--json"));
          att = mc_sync_parse_json ("motcua attach", r.out);
          g_assert_cmpint (json_object_get_int_member (json_node_get_object (att), "size"), ==, mc_sync_file_size (files->pdata[i]));
          mc_result_clear (&r);
        }
      g_ptr_array_add (m->sha256, mc_sync_sha256_file (files->pdata[i]));
      g_unlink (files->pdata[i]);   /* the desk has its own copy */
    }
  g_unlink (input);
  g_ptr_array_add (d->made, m);
  return m;
}

/* @n dossiers with 0–3 attachments each, of log-uniform sizes in
 * [1 KB, @max_size], one in four a PNG (≤ 512 KB). Returns the total
 * attachment bytes. */
static inline gint64
mc_desk_add_mixed (McDesk *d,
                   guint   n,
                   gint64  max_size)
{
  gint64 total = 0;

  for (guint i = 0; i < n; i++)
    {
      gint64 sizes[3];
      guint k = (guint) g_test_rand_int_range (0, 4);

      for (guint j = 0; j < k; j++)
        {
          double lo = log (1024.0), hi = log ((double) max_size);
          gint64 size = (gint64) exp (lo + g_test_rand_double () * (hi - lo));
          gboolean png = g_test_rand_int_range (0, 4) == 0 && size <= 512 * 1024;

          sizes[j] = png ? -size : size;
        }
      /* The first dossier always has the largest size, so the run has one. */
      if (i == 0)
        {
          k = 2;
          sizes[0] = max_size;
          sizes[1] = 1024;
        }
      mc_desk_add_dossier (d, NULL, sizes, k);
      for (guint j = 0; j < k; j++)
        total += ABS (sizes[j]);
    }
  return total;
}

/* `motcua outbox --json`, parsed: an array. */
static inline JsonNode *
mc_desk_outbox (McDesk *d)
{
  McResult r = mc_cli_expect (d->dir, 0, 30000, MC_SYNC_ARGS ("outbox", "--json"));
  JsonNode *node = mc_sync_parse_json ("motcua outbox --json", r.out);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  mc_result_clear (&r);
  return node;
}

static inline guint
mc_desk_outbox_count (McDesk *d)
{
  g_autoptr(JsonNode) node = mc_desk_outbox (d);

  return json_array_get_length (json_node_get_array (node));
}

/* Runs `motcua sync` until it exits 0, at most @timeout_ms in all; exit
 * 75 (items remain: unreachable, busy, backoff) means run it again after
 * a short pause. Anything else fails the test. Returns the runs made. */
static inline guint
mc_desk_sync_until_done (McDesk *d,
                         gint64  timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;
  guint runs = 0;

  for (;;)
    {
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      McResult r;

      if (left <= 0)
        g_error ("motcua sync did not finish within %" G_GINT64_FORMAT " ms (%u runs)", timeout_ms, runs);
      r = mc_cli_run (d->dir, left, MC_SYNC_ARGS ("sync"));
      runs++;
      if (r.status == 0)
        {
          mc_result_clear (&r);
          return runs;
        }
      if (r.status != 75)
        g_error ("motcua sync: exit %d (run %u)\nstdout:\n%s\nstderr:\n%s", r.status, runs, r.out, r.err);
      mc_result_clear (&r);
      g_usleep (100000);
    }
}

/* --- verification --------------------------------------------------------- */

static inline char *
mc_desk_blob_path (McDesk     *d,
                   const char *sha256)
{
  g_autofree char *root = g_build_filename (d->dir, "blobs", NULL);
  g_autoptr(McBlobs) blobs = mc_blobs_new (root);

  return mc_blobs_get_path (blobs, sha256);
}

/* Each server dossier is one of @d's, at most once by UUID and by code,
 * with the desk's code, and its attachments are the desk's (name, size,
 * SHA-256), each equal to the hash of the desk's blob and of the server's
 * files/<sha256>. With @complete, every dossier of @d is on the server.
 * Returns how many the server holds. */
static inline guint
mc_sync_verify (McDesk     *d,
                const char *server_dir,
                gboolean    complete)
{
  g_autoptr(JsonNode) node = mc_server_dossiers (server_dir);
  JsonArray *array = json_node_get_array (node);
  g_autoptr(GHashTable) by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) hashed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(McStore) store = mc_store_open (d->dir, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < d->made->len; i++)
    g_hash_table_insert (by_uuid, ((McMade *) d->made->pdata[i])->uuid, d->made->pdata[i]);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      const char *uuid = json_object_get_string_member (o, "uuid");
      const char *code = json_object_get_string_member (o, "code");
      JsonArray *atts = json_object_get_array_member (o, "attachments");
      McMade *m = g_hash_table_lookup (by_uuid, uuid);
      g_autoptr(McDossier) dossier = NULL;
      GPtrArray *desk_atts;

      if (m == NULL)
        g_error ("the server holds %s (%s), which this desk never made", uuid, code);
      if (!g_hash_table_add (seen_uuid, (gpointer) uuid))
        g_error ("the server holds %s twice", uuid);
      if (!g_hash_table_add (seen_code, (gpointer) code))
        g_error ("the server holds code %s twice", code);
      g_assert_cmpstr (code, ==, m->code);

      dossier = mc_store_load_dossier (store, uuid, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (mc_dossier_get_code (dossier), ==, code);
      desk_atts = mc_dossier_get_attachments (dossier);
      if (json_array_get_length (atts) != desk_atts->len)
        g_error ("%s: %u attachments on the server, %u on the desk", code, json_array_get_length (atts), desk_atts->len);
      g_assert_cmpuint (desk_atts->len, ==, m->sha256->len);
      for (guint j = 0; j < desk_atts->len; j++)
        {
          McAttachment *a = desk_atts->pdata[j];
          JsonObject *sa = json_array_get_object_element (atts, j);
          const char *sha = json_object_get_string_member (sa, "sha256");
          g_autofree char *blob = mc_desk_blob_path (d, a->sha256);
          g_autofree char *server_file = g_build_filename (server_dir, "files", sha, NULL);

          g_assert_cmpstr (sha, ==, a->sha256);
          g_assert_cmpstr (sha, ==, m->sha256->pdata[j]);
          g_assert_cmpstr (json_object_get_string_member (sa, "name"), ==, a->name);
          g_assert_cmpint (json_object_get_int_member (sa, "size"), ==, a->size);
          if (!g_hash_table_contains (hashed, sha))
            {
              g_autofree char *desk_sum = mc_sync_sha256_file (blob);
              g_autofree char *server_sum = mc_sync_sha256_file (server_file);

              if (g_strcmp0 (desk_sum, sha) != 0)
                g_error ("%s: the desk blob %s hashes to %s", code, blob, desk_sum);
              if (server_sum == NULL)
                g_error ("%s: the server lacks %s", code, server_file);
              if (g_strcmp0 (server_sum, sha) != 0)
                g_error ("%s: the server's %s hashes to %s", code, server_file, server_sum);
              g_assert_cmpint (mc_sync_file_size (server_file), ==, a->size);
              g_hash_table_add (hashed, g_strdup (sha));
            }
        }
    }
  if (complete && g_hash_table_size (seen_uuid) != d->made->len)
    {
      for (guint i = 0; i < d->made->len; i++)
        if (!g_hash_table_contains (seen_uuid, ((McMade *) d->made->pdata[i])->uuid))
          g_test_message ("missing on the server: %s", ((McMade *) d->made->pdata[i])->code);
      g_error ("the server holds %u of the desk's %u dossiers", g_hash_table_size (seen_uuid), d->made->len);
    }
  return g_hash_table_size (seen_uuid);
}

/* Fails if any file under @dir other than one named @allowed holds @needle. */
static inline void
mc_sync_grep_dir (const char *dir,
                  const char *needle,
                  const char *allowed)
{
  g_autoptr(GDir) gdir = g_dir_open (dir, 0, NULL);
  const char *name;

  while (gdir != NULL && (name = g_dir_read_name (gdir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          mc_sync_grep_dir (path, needle, allowed);
          continue;
        }
      if (g_strcmp0 (name, allowed) == 0)
        continue;
      if (g_file_get_contents (path, &data, &len, NULL) &&
          memmem (data, len, needle, strlen (needle)) != NULL)
        g_error ("the token is in %s", path);
    }
}

G_END_DECLS
