/* bench-sync-goodput.c — `motcua sync` goodput against curl, same bytes, same server
 *
 * 200 dossiers × 2 attachments × 1 MiB (--count, --size) are taken in
 * (untimed), then uploaded two ways, each to a fresh motcua-server data
 * dir with the same options on loopback:
 *  - desk: `motcua sync` (probe, HEAD per attachment, tus POST + PATCH
 *    streamed from the blob store, PUT per dossier, /changes), chunk size
 *    left to the server (8 MiB), so one PATCH per file as curl sends;
 *  - baseline: curl doing the same tus requests for the same files (the
 *    desk's blobs): POST create with Upload-Metadata, then one PATCH per
 *    file with Upload-Checksum, two curl processes in parallel (the desk's
 *    concurrency), each reusing its connection. The checksums are computed
 *    before the clock starts (shown separately): the strictest baseline.
 * Prints both times, MB/s and the ratio desk goodput / curl goodput; the
 * target is ≥ 80 %. Attachment bytes only count as goodput.
 */
#include "sync-util.h"

#include <stdlib.h>

#define TARGET 0.80
#define MAX_CONC 16

/* Requests in flight: curl processes, and the desk's dossiers at once
 * (MOTCUA_SYNC_CONCURRENCY), the same for both. */
static guint conc = 2;

typedef struct
{
  char  *path;
  char  *sha256;
  char  *checksum;   /* base64 of the raw digest */
  char  *uuid;
  gint64 size;
} File;

static char *
b64 (const char *text)
{
  return g_base64_encode ((const guchar *) text, strlen (text));
}

static char *
hex_to_b64 (const char *hex)
{
  guint8 raw[32];

  for (guint i = 0; i < 32; i++)
    raw[i] = (guint8) (g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]));
  return g_base64_encode (raw, sizeof raw);
}

static char *
chunk_checksum (const char *path)
{
  g_autofree char *hex = mc_sync_sha256_file (path);

  return hex_to_b64 (hex);
}

/* Runs curl -K @config for each of the two workers in parallel; returns
 * the stdout of each. */
static GStrv
run_curls (const char *curl,
           GString   **configs)
{
  McProc *p[MAX_CONC];
  GStrv outs = g_new0 (char *, conc + 1);

  for (guint w = 0; w < conc; w++)
    {
      g_autofree char *path = g_strdup_printf ("%s/curl-%u-%u.conf", mc_sync_scratch_dir (), w, ++mc_sync_serial);

      /* "next" separates requests: none after the last one. */
      if (g_str_has_suffix (configs[w]->str, "next\n"))
        g_string_truncate (configs[w], configs[w]->len - 5);

      g_assert_true (g_file_set_contents (path, configs[w]->str, (gssize) configs[w]->len, NULL));
      p[w] = mc_proc_spawn (curl, NULL, MC_SYNC_ARGS ("--silent", "--show-error", "-K", path));
    }
  for (guint w = 0; w < conc; w++)
    {
      McResult r = mc_proc_finish (p[w], 3600000);

      if (r.status != 0)
        g_error ("curl: exit %d: %s", r.status, r.err);
      outs[w] = g_steal_pointer (&r.out);
      mc_result_clear (&r);
      mc_proc_free (p[w]);
    }
  return outs;
}

static double
upload_with_curl (const char *curl,
                  McServer   *server,
                  const char *token,
                  GPtrArray  *files)
{
  GString *posts[MAX_CONC], *patches[MAX_CONC];
  g_autofree char *endpoint = g_strconcat (server->url, "api/v1/uploads", NULL);
  g_autofree char *origin = g_strndup (server->url, strlen (server->url) - 1);
  g_auto(GStrv) created = NULL;
  g_auto(GStrv) patched = NULL;
  gint64 t0;

  for (guint w = 0; w < conc; w++)
    {
      posts[w] = g_string_new (NULL);
      patches[w] = g_string_new (NULL);
    }
  for (guint i = 0; i < files->len; i++)
    {
      File *f = files->pdata[i];
      g_autofree char *name = g_path_get_basename (f->path);
      g_autofree char *m1 = b64 (name), *m2 = b64 ("application/pdf"), *m3 = b64 (f->sha256), *m4 = b64 (f->uuid);

      g_string_append_printf (posts[i % conc],
                              "url = \"%s\"\n"
                              "request = \"POST\"\n"
                              "header = \"Authorization: Bearer %s\"\n"
                              "header = \"Tus-Resumable: 1.0.0\"\n"
                              "header = \"Upload-Length: %" G_GINT64_FORMAT "\"\n"
                              "header = \"Upload-Metadata: filename %s,filetype %s,sha256 %s,dossier_uuid %s\"\n"
                              "header = \"Content-Type:\"\n"
                              "data-binary = \"\"\n"
                              "output = \"/dev/null\"\n"
                              "write-out = \"%%{http_code} %%header{location}\\n\"\n"
                              "next\n",
                              endpoint, token, f->size, m1, m2, m3, m4);
    }

  t0 = g_get_monotonic_time ();
  created = run_curls (curl, posts);
  for (guint w = 0; w < conc; w++)
    {
      g_auto(GStrv) lines = g_strsplit (g_strstrip (created[w]), "\n", -1);
      guint k = 0;

      for (guint i = w; i < files->len; i += conc, k++)
        {
          File *f = files->pdata[i];
          const char *loc;
          g_autofree char *url = NULL;

          if (lines[k] == NULL || !g_str_has_prefix (lines[k], "201 "))
            g_error ("curl POST %u: “%s”", i, lines[k] != NULL ? lines[k] : "(no line)");
          loc = lines[k] + 4;
          url = loc[0] == '/' ? g_strconcat (origin, loc, NULL) : g_strdup (loc);
          g_string_append_printf (patches[w],
                                  "url = \"%s\"\n"
                                  "request = \"PATCH\"\n"
                                  "header = \"Authorization: Bearer %s\"\n"
                                  "header = \"Tus-Resumable: 1.0.0\"\n"
                                  "header = \"Content-Type: application/offset+octet-stream\"\n"
                                  "header = \"Upload-Offset: 0\"\n"
                                  "header = \"Upload-Checksum: sha256 %s\"\n"
                                  "data-binary = \"@%s\"\n"
                                  "output = \"/dev/null\"\n"
                                  "write-out = \"%%{http_code}\\n\"\n"
                                  "next\n",
                                  url, token, f->checksum, f->path);
        }
    }
  patched = run_curls (curl, patches);
  for (guint w = 0; w < conc; w++)
    {
      g_auto(GStrv) lines = g_strsplit (g_strstrip (patched[w]), "\n", -1);

      for (guint k = 0; lines[k] != NULL; k++)
        if (!g_str_equal (lines[k], "204"))
          g_error ("curl PATCH: %s", lines[k]);
    }
  for (guint w = 0; w < conc; w++)
    {
      g_string_free (posts[w], TRUE);
      g_string_free (patches[w], TRUE);
    }
  return (g_get_monotonic_time () - t0) / 1e6;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autofree char *curl = g_find_program_in_path ("curl");
  g_autofree char *token = NULL;
  g_autofree char *desk_server_dir = NULL;
  g_autofree char *curl_server_dir = NULL;
  McServer *desk_server, *curl_server;
  McDesk *desk;
  int count = 200;
  int per_dossier = 2;
  int concurrency = 2;
  int latency = 0;
  gint64 size = 1024 * 1024;
  g_autofree char *fault = NULL;
  g_autofree char *conc_env = NULL;
  double t_make, t_sums, t_curl, t_desk, mb, ratio;
  gint64 t0, bytes = 0;
  McResult r;
  GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Dossiers (default 200)", "N" },
    { "size", 0, 0, G_OPTION_ARG_INT64, &size, "Bytes per attachment (default 1048576)", "BYTES" },
    { "files", 0, 0, G_OPTION_ARG_INT, &per_dossier, "Attachments per dossier (1-2, default 2)", "N" },
    { "concurrency", 'c', 0, G_OPTION_ARG_INT, &concurrency,
      "curl processes, and dossiers the desk sends at once (1-4, the server's limit; default 2)", "N" },
    { "latency", 0, 0, G_OPTION_ARG_INT, &latency, "Server answers each request this late (--fault latency=MS)", "MS" },
    { NULL },
  };

  g_test_init (&argc, &argv, NULL);
  g_log_set_debug_enabled (FALSE);   /* g_test_init turns on every debug message */
  context = g_option_context_new ("- motcua sync goodput against curl");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || count < 1 || size < 1024 || per_dossier < 1 ||
      per_dossier > 2 || concurrency < 1 || concurrency > 4 || latency < 0)
    {
      g_printerr ("bench-sync-goodput: %s\n", error ? error->message : "bad --count or --size");
      return 2;
    }
  if (curl == NULL)
    {
      g_print ("bench-sync-goodput: curl not found, skipped\n");
      return 0;
    }
  mc_sync_quiet = TRUE;
  g_unsetenv ("MOTCUA_SYNC_CHUNK_SIZE");
  conc = (guint) concurrency;
  conc_env = g_strdup_printf ("%d", concurrency);
  g_setenv ("MOTCUA_SYNC_CONCURRENCY", conc_env, TRUE);
  fault = g_strdup_printf ("latency=%d", latency);

  desk = mc_desk_new ();
  desk_server_dir = mc_test_make_tmp_dir ();
  curl_server_dir = mc_test_make_tmp_dir ();
  if (latency > 0)
    {
      desk_server = mc_server_start (desk_server_dir, MC_SYNC_ARGS ("--seed", "1", "--fault", fault));
      curl_server = mc_server_start (curl_server_dir, MC_SYNC_ARGS ("--seed", "1", "--fault", fault));
    }
  else
    {
      desk_server = mc_server_start (desk_server_dir, MC_SYNC_ARGS ("--seed", "1"));
      curl_server = mc_server_start (curl_server_dir, MC_SYNC_ARGS ("--seed", "1"));
    }
  mc_desk_enrol (desk, desk_server);
  token = mc_server_token (curl_server_dir, "bench-curl");

  t0 = g_get_monotonic_time ();
  for (int i = 0; i < count; i++)
    mc_desk_add_dossier (desk, NULL, (const gint64[]) { size, size }, (guint) per_dossier);
  t_make = (g_get_monotonic_time () - t0) / 1e6;

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < desk->made->len; i++)
    {
      McMade *m = desk->made->pdata[i];

      for (guint j = 0; j < m->sha256->len; j++)
        {
          File *f = g_new0 (File, 1);

          f->sha256 = g_strdup (m->sha256->pdata[j]);
          f->path = mc_desk_blob_path (desk, f->sha256);
          f->uuid = g_strdup (m->uuid);
          f->size = mc_sync_file_size (f->path);
          f->checksum = chunk_checksum (f->path);
          bytes += f->size;
          g_ptr_array_add (files, f);
        }
    }
  t_sums = (g_get_monotonic_time () - t0) / 1e6;

  /* Alternate the order in which they run? The files are in the page
   * cache either way (just written and hashed): curl first. */
  t_curl = upload_with_curl (curl, curl_server, token, files);
  for (guint i = 0; i < files->len; i++)
    {
      File *f = files->pdata[i];
      g_autofree char *held = g_build_filename (curl_server_dir, "files", f->sha256, NULL);

      if (mc_sync_file_size (held) != f->size)
        g_error ("curl's upload of %s is not on the server", f->sha256);
    }

  r = mc_cli_expect (desk->dir, 0, 900000, MC_SYNC_ARGS ("sync"));
  t_desk = r.seconds;
  mc_result_clear (&r);
  mc_sync_verify (desk, desk_server_dir, TRUE);

  mb = bytes / 1e6;
  ratio = t_desk > 0 ? (mb / t_desk) / (mb / t_curl) : 0;
  g_print ("bench-sync-goodput: %d dossiers x %d x %" G_GINT64_FORMAT " bytes = %.1f MB over loopback, "
           "server latency %d ms, %d in flight (taken in in %.1f s, untimed)\n",
           count, per_dossier, size, mb, latency, concurrency, t_make);
  g_print ("  %-52s %8s %8s\n", "", "s", "MB/s");
  g_print ("  %-52s %8.2f %8.1f\n", "baseline: curl, tus POST + PATCH per file, N parallel", t_curl, mb / t_curl);
  g_print ("  %-52s %8.2f %8.1f\n", "  (+ its Upload-Checksum sums, computed beforehand)", t_curl + t_sums, mb / (t_curl + t_sums));
  g_print ("  %-52s %8.2f %8.1f\n", "motcua sync (whole run, process start to exit)", t_desk, mb / t_desk);
  g_print ("  goodput ratio desk / curl: %.2f (with curl's sums counted: %.2f)\n", ratio, t_desk > 0 ? (t_curl + t_sums) / t_desk : 0);
  g_print ("  target: >= %.0f %% of curl: %s\n", TARGET * 100, ratio >= TARGET ? "PASS" : "FAIL");

  mc_server_free (desk_server);
  mc_server_free (curl_server);
  mc_desk_free (desk);
  mc_test_rm_rf (desk_server_dir);
  mc_test_rm_rf (curl_server_dir);
  return mc_sync_done (0);
}
