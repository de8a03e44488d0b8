/* bench-sync-goodput.c — `motcua sync` goodput against curl, same requests, same server
 *
 * --count dossiers (default 200) × --files attachments of --size bytes
 * (default 2 × 1 MiB) are taken in (untimed; past 999 a day, back-dated),
 * then uploaded two ways, each to a fresh motcua-server data dir with the
 * same options on loopback, with the same number of requests in flight:
 *  - desk: `motcua sync` with MOTCUA_SYNC_CONCURRENCY=N (probe, then per
 *    dossier: HEAD per attachment, tus POST + one PATCH per 8 MiB (the
 *    server's chunk size) streamed from the blob store, PUT of the frozen
 *    body; /changes at the end), process start to exit;
 *  - baseline: curl sending the same requests for the same dossiers (HEAD,
 *    POST with Upload-Metadata, the same PATCHes with Upload-Checksum (a
 *    file over 8 MiB cut into parts beforehand), PUT of the very
 *    body the desk froze, read from its outbox afterwards), N curl
 *    processes each on one keep-alive connection, one request at a time
 *    as a desk worker. The checksums are computed before the clock starts
 *    (shown separately): the strictest baseline. The desk runs first (curl
 *    needs its bodies); the files are in the page cache for both.
 * Prints both times, MB/s and the ratio desk goodput / curl goodput; the
 * target is ≥ 80 %. Attachment bytes only count as goodput.
 * With --latency MS (each answer held MS by the server: one round trip per
 * request) it also prints the desk's time against requests × MS / N, the
 * issue's bound for a slow link (target ≤ 1.2), requests counted in the
 * server's log. --link-rtt MS instead puts a slow link (bench-proxy.h: half
 * the round trip each way, one more for each new connection's handshake)
 * between each side and its server.
 */
#include "sync-util.h"
#include "bench-proxy.h"

#include <sqlite3.h>
#include <stdlib.h>

#define TARGET 0.80
#define MAX_CONC 16

/* Requests in flight: curl processes, and the desk's dossiers at once
 * (MOTCUA_SYNC_CONCURRENCY), the same for both. */
static guint conc = 2;

/* The desk's PATCH size for files above it: the server's upload_chunk_size. */
#define CHUNK_SIZE (8 * 1024 * 1024)

/* One PATCH of a file: its bytes (the file itself, or a copy of its part
 * cut out before the clock starts) and their checksum. */
typedef struct
{
  char  *path;
  char  *checksum;   /* base64 of the raw digest */
  gint64 offset;
} Chunk;

typedef struct
{
  char      *path;
  char      *sha256;
  GPtrArray *chunks; /* Chunk *, in order */
  char      *uuid;
  gint64     size;
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

/* The PATCHes the desk sends for @f: one up to CHUNK_SIZE, else one per
 * CHUNK_SIZE part, each copied to its own file for curl's data-binary. */
static void
cut_chunks (File *f)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  f->chunks = g_ptr_array_new ();
  if (f->size <= CHUNK_SIZE)
    {
      Chunk *c = g_new0 (Chunk, 1);

      c->path = g_strdup (f->path);
      c->checksum = chunk_checksum (f->path);
      g_ptr_array_add (f->chunks, c);
      return;
    }
  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  for (gint64 offset = 0; offset < (gint64) length; offset += CHUNK_SIZE)
    {
      Chunk *c = g_new0 (Chunk, 1);
      gsize n = MIN ((gsize) CHUNK_SIZE, length - (gsize) offset);

      c->path = g_strdup_printf ("%s/chunk-%s-%" G_GINT64_FORMAT, mc_sync_scratch_dir (), f->sha256, offset);
      c->offset = offset;
      g_assert_true (g_file_set_contents (c->path, contents + offset, (gssize) n, NULL));
      c->checksum = chunk_checksum (c->path);
      g_ptr_array_add (f->chunks, c);
    }
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

/* A dossier as curl sends it: its files and the body the desk froze. */
typedef struct
{
  const char *uuid;
  GPtrArray  *files;   /* File *, not owned */
  char       *body;    /* path of the frozen body */
} Dossier;

/* Checks that @outs hold @expected answers (a line each), all 2xx. */
static void
check_codes (GStrv       outs,
             const char *what,
             guint       expected)
{
  guint seen = 0;

  for (guint w = 0; w < conc; w++)
    {
      g_auto(GStrv) lines = g_strsplit (g_strstrip (outs[w]), "\n", -1);

      for (guint k = 0; lines[k] != NULL && lines[k][0] != '\0'; k++, seen++)
        if (lines[k][0] != '2')
          g_error ("curl %s: “%s”", what, lines[k]);
    }
  if (seen != expected)
    g_error ("curl %s: %u answers for %u requests", what, seen, expected);
}

/* The desk's requests for each dossier, in its order, by curl: HEAD of
 * each attachment (404: the server lacks it), tus POST, PATCH, then the
 * PUT of the body the desk froze (byte for byte). Dossier i goes to
 * worker i mod N; each worker is one curl process on one keep-alive
 * connection, one request at a time, as a desk worker is. curl learns the
 * upload URL of a POST only from its answer, so each worker sends its
 * HEADs and POSTs first, then its PATCHes and PUTs: the same requests,
 * in two runs of curl per worker. "Expect:" turns off curl's
 * "Expect: 100-continue" on bodies over 1 KiB (it then waits up to 1 s
 * for a 100 Continue): libsoup, the desk's client, sends the body at once.
 * curl keeps its connection after a PATCH's 204: the server no longer
 * closes it (test-server-keepalive). */
static double
upload_with_curl (const char *curl,
                  McServer   *server,
                  const char *token,
                  GPtrArray  *dossiers,
                  guint      *n_requests)
{
  GString *posts[MAX_CONC], *patches[MAX_CONC];
  g_autofree char *endpoint = g_strconcat (server->url, "api/v1/uploads", NULL);
  g_autofree char *origin = g_strndup (server->url, strlen (server->url) - 1);
  g_auto(GStrv) created = NULL;
  g_auto(GStrv) patched = NULL;
  guint n_files = 0, n_patches = 0;
  gint64 t0;

  for (guint w = 0; w < conc; w++)
    {
      posts[w] = g_string_new (NULL);
      patches[w] = g_string_new (NULL);
    }
  for (guint i = 0; i < dossiers->len; i++)
    {
      Dossier *d = dossiers->pdata[i];

      for (guint j = 0; j < d->files->len; j++, n_files++)
        {
          File *f = d->files->pdata[j];
          g_autofree char *name = g_path_get_basename (f->path);
          g_autofree char *m1 = b64 (name), *m2 = b64 ("application/pdf"), *m3 = b64 (f->sha256), *m4 = b64 (f->uuid);

          g_string_append_printf (posts[i % conc],
                                  "url = \"%sapi/v1/attachments/%s\"\n"
                                  "head\n"
                                  "header = \"Authorization: Bearer %s\"\n"
                                  "header = \"Accept: application/json\"\n"
                                  "output = \"/dev/null\"\n"
                                  "write-out = \"%%{http_code}\\n\"\n"
                                  "next\n"
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
                                  server->url, f->sha256, token, endpoint, token, f->size, m1, m2, m3, m4);
        }
    }

  t0 = g_get_monotonic_time ();
  created = run_curls (curl, posts);
  for (guint w = 0; w < conc; w++)
    {
      g_auto(GStrv) lines = g_strsplit (g_strstrip (created[w]), "\n", -1);
      guint k = 0;

      for (guint i = w; i < dossiers->len; i += conc)
        {
          Dossier *d = dossiers->pdata[i];

          for (guint j = 0; j < d->files->len; j++, k += 2)
            {
              File *f = d->files->pdata[j];
              const char *loc;
              g_autofree char *url = NULL;

              if (lines[k] == NULL || !g_str_equal (lines[k], "404"))
                g_error ("curl HEAD %u: “%s”", i, lines[k] != NULL ? lines[k] : "(no line)");
              if (lines[k + 1] == NULL || !g_str_has_prefix (lines[k + 1], "201 "))
                g_error ("curl POST %u: “%s”", i, lines[k + 1] != NULL ? lines[k + 1] : "(no line)");
              loc = lines[k + 1] + 4;
              url = loc[0] == '/' ? g_strconcat (origin, loc, NULL) : g_strdup (loc);
              for (guint c = 0; c < f->chunks->len; c++, n_patches++)
                {
                  Chunk *chunk = f->chunks->pdata[c];

                  g_string_append_printf (patches[w],
                                          "url = \"%s\"\n"
                                          "request = \"PATCH\"\n"
                                          "header = \"Authorization: Bearer %s\"\n"
                                          "header = \"Tus-Resumable: 1.0.0\"\n"
                                          "header = \"Content-Type: application/offset+octet-stream\"\n"
                                          "header = \"Expect:\"\n"
                                          "header = \"Upload-Offset: %" G_GINT64_FORMAT "\"\n"
                                          "header = \"Upload-Checksum: sha256 %s\"\n"
                                          "data-binary = \"@%s\"\n"
                                          "output = \"/dev/null\"\n"
                                          "write-out = \"%%{http_code}\\n\"\n"
                                          "next\n",
                                          url, token, chunk->offset, chunk->checksum, chunk->path);
                }
            }
          g_string_append_printf (patches[w],
                                  "url = \"%sapi/v1/dossiers/%s\"\n"
                                  "request = \"PUT\"\n"
                                  "header = \"Authorization: Bearer %s\"\n"
                                  "header = \"Accept: application/json\"\n"
                                  "header = \"MotCua-Clock-Skew: 0\"\n"
                                  "header = \"Content-Type: application/json\"\n"
                                  "header = \"Expect:\"\n"
                                  "data-binary = \"@%s\"\n"
                                  "output = \"/dev/null\"\n"
                                  "write-out = \"%%{http_code}\\n\"\n"
                                  "next\n",
                                  server->url, d->uuid, token, d->body);
        }
    }
  g_print ("  (curl: HEADs and POSTs %.2f s)\n", (g_get_monotonic_time () - t0) / 1e6);
  patched = run_curls (curl, patches);
  check_codes (patched, "PATCH/PUT", n_patches + dossiers->len);
  for (guint w = 0; w < conc; w++)
    {
      g_string_free (posts[w], TRUE);
      g_string_free (patches[w], TRUE);
    }
  *n_requests = 2 * n_files + n_patches + dossiers->len;
  return (g_get_monotonic_time () - t0) / 1e6;
}

/* The bodies the desk froze and the server acknowledged, by dossier
 * uuid, written to files for curl. */
static GHashTable *
frozen_bodies (McDesk *desk)
{
  g_autofree char *db_path = g_build_filename (desk->dir, "motcua.db", NULL);
  GHashTable *bodies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db,
                          "SELECT d.uuid, o.body FROM outbox o JOIN dossiers d ON d.id = o.dossier_id "
                          "WHERE o.kind = 'revision' AND o.revision = 1 AND o.state = 'done'",
                          -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", db_path, sqlite3_errmsg (db));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *uuid = (const char *) sqlite3_column_text (stmt, 0);
      g_autofree char *path = g_strdup_printf ("%s/body-%s.json", mc_sync_scratch_dir (), uuid);

      g_assert_true (g_file_set_contents (path, sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1), NULL));
      g_hash_table_insert (bodies, g_strdup (uuid), g_steal_pointer (&path));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return bodies;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(GPtrArray) dossiers = g_ptr_array_new ();
  g_autoptr(GHashTable) bodies = NULL;
  guint n_requests = 0;
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
  int link_rtt = 0;
  BenchProxy *desk_link = NULL, *curl_link = NULL;
  McServer curl_via;
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
      "curl processes, and dossiers the desk sends at once (1-16; the servers advertise it; default 2)", "N" },
    { "latency", 0, 0, G_OPTION_ARG_INT, &latency, "Server answers each request this late (--fault latency=MS)", "MS" },
    { "link-rtt", 0, 0, G_OPTION_ARG_INT, &link_rtt,
      "Both sides reach their server through a link of this round trip (bench-proxy.h) instead", "MS" },
    { NULL },
  };

  g_test_init (&argc, &argv, NULL);
  g_log_set_debug_enabled (FALSE);   /* g_test_init turns on every debug message */
  context = g_option_context_new ("- motcua sync goodput against curl");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || count < 1 || size < 1024 || per_dossier < 1 ||
      per_dossier > 2 || concurrency < 1 || concurrency > MAX_CONC || latency < 0 ||
      link_rtt < 0 || (link_rtt > 0 && latency > 0))
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

  /* The servers log each request: both sides' requests are counted. */
  g_setenv ("G_MESSAGES_DEBUG", "motcua-server", TRUE);
  desk = mc_desk_new ();
  desk_server_dir = mc_test_make_tmp_dir ();
  curl_server_dir = mc_test_make_tmp_dir ();
  /* Both servers let a station have --concurrency requests in flight;
   * without --latency the NULL ends the arguments before the fault. */
  desk_server = mc_server_start (desk_server_dir, MC_SYNC_ARGS ("--seed", "1", "--max-concurrent", conc_env,
                                                                latency > 0 ? "--fault" : NULL, fault));
  curl_server = mc_server_start (curl_server_dir, MC_SYNC_ARGS ("--seed", "1", "--max-concurrent", conc_env,
                                                                latency > 0 ? "--fault" : NULL, fault));
  curl_via = *curl_server;
  if (link_rtt > 0)
    {
      /* Everything, enrolment included, through the slow links. */
      g_autofree char *desk_token = mc_server_token (desk_server_dir, "xa-tan-lap");
      g_autofree char *desk_url = NULL;

      desk_link = bench_proxy_start_link ((guint16) desk_server->port, (guint) link_rtt);
      curl_link = bench_proxy_start_link ((guint16) curl_server->port, (guint) link_rtt);
      desk_url = g_strdup_printf ("http://127.0.0.1:%u/", desk_link->port);
      curl_via.url = g_strdup_printf ("http://127.0.0.1:%u/", curl_link->port);
      r = mc_desk_enrol_run (desk, desk_url, desk_token, NULL);
      if (r.status != 0)
        g_error ("enrol through the link: %s", r.err);
      mc_result_clear (&r);
    }
  else
    mc_desk_enrol (desk, desk_server);
  token = mc_server_token (curl_server_dir, "bench-curl");

  t0 = g_get_monotonic_time ();
  for (int i = 0; i < count; i++)
    {
      /* 999 codes a day per station: the ones before, back-dated a day earlier each. */
      int days_back = (count - 1 - i) / 999;

      g_clear_pointer (&desk->received_at, g_free);
      if (days_back > 0)
        {
          g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+07:00");
          g_autoptr(GDateTime) now = g_date_time_new_now (tz);
          g_autoptr(GDateTime) then = g_date_time_add_days (now, -days_back);
          g_autoptr(GDateTime) at = g_date_time_new (tz, g_date_time_get_year (then), g_date_time_get_month (then),
                                                     g_date_time_get_day_of_month (then), 8, 0, 0);

          desk->received_at = g_date_time_format (at, "%Y-%m-%dT%H:%M:%S+07:00");
        }
      mc_desk_add_dossier (desk, NULL, (const gint64[]) { size, size }, (guint) per_dossier);
    }
  t_make = (g_get_monotonic_time () - t0) / 1e6;

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < desk->made->len; i++)
    {
      McMade *m = desk->made->pdata[i];
      Dossier *d = g_new0 (Dossier, 1);

      d->uuid = m->uuid;
      d->files = g_ptr_array_new ();
      for (guint j = 0; j < m->sha256->len; j++)
        {
          File *f = g_new0 (File, 1);

          f->sha256 = g_strdup (m->sha256->pdata[j]);
          f->path = mc_desk_blob_path (desk, f->sha256);
          f->uuid = g_strdup (m->uuid);
          f->size = mc_sync_file_size (f->path);
          cut_chunks (f);
          bytes += f->size;
          g_ptr_array_add (files, f);
          g_ptr_array_add (d->files, f);
        }
      g_ptr_array_add (dossiers, d);
    }
  t_sums = (g_get_monotonic_time () - t0) / 1e6;

  /* The desk first: curl PUTs the bodies it froze. The files are in the
   * page cache for both (just written and hashed). */
  r = mc_cli_expect (desk->dir, 0, 3600000, MC_SYNC_ARGS ("sync"));
  t_desk = r.seconds;
  mc_result_clear (&r);
  mc_sync_verify (desk, desk_server_dir, TRUE);

  bodies = frozen_bodies (desk);
  for (guint i = 0; i < dossiers->len; i++)
    {
      Dossier *d = dossiers->pdata[i];

      d->body = g_strdup (g_hash_table_lookup (bodies, d->uuid));
      if (d->body == NULL)
        g_error ("no frozen body for %s", d->uuid);
    }
  t_curl = upload_with_curl (curl, &curl_via, token, dossiers, &n_requests);
  for (guint i = 0; i < files->len; i++)
    {
      File *f = files->pdata[i];
      g_autofree char *held = g_build_filename (curl_server_dir, "files", f->sha256, NULL);

      if (mc_sync_file_size (held) != f->size)
        g_error ("curl's upload of %s is not on the server", f->sha256);
    }
  if (mc_server_count (curl_server_dir) != (guint) count)
    g_error ("curl's PUTs: the server holds %u dossiers, not %d", mc_server_count (curl_server_dir), count);

  mb = bytes / 1e6;
  ratio = t_desk > 0 ? (mb / t_desk) / (mb / t_curl) : 0;
  g_print ("bench-sync-goodput: %d dossiers x %d x %" G_GINT64_FORMAT " bytes = %.1f MB over loopback, "
           "%s %d ms, %d in flight (taken in in %.1f s, untimed)\n",
           count, per_dossier, size, mb, link_rtt > 0 ? "link round trip" : "server latency",
           link_rtt > 0 ? link_rtt : latency, concurrency, t_make);
  g_print ("  %-52s %8s %8s\n", "", "s", "MB/s");
  g_print ("  %-52s %8.2f %8.1f\n", "baseline: curl, HEAD+POST+PATCH per file, PUT, N parallel", t_curl, mb / t_curl);
  g_print ("  %-52s %8.2f %8.1f\n", "  (+ its Upload-Checksum sums, computed beforehand)", t_curl + t_sums, mb / (t_curl + t_sums));
  g_print ("  %-52s %8.2f %8.1f\n", "motcua sync (whole run, process start to exit)", t_desk, mb / t_desk);
  {
    McServer *servers[] = { desk_server, curl_server };
    const char *names[] = { "desk", "curl" };

    for (guint k = 0; k < 2; k++)
      {
        g_autoptr(GArray) all = mc_server_log_times (servers[k]->p->out_path, servers[k]->p->err_path, " /api/v1/");
        g_autoptr(GArray) patches = mc_server_log_times (servers[k]->p->out_path, servers[k]->p->err_path, "PATCH /");

        if (all->len > 1 && patches->len > 1)
          g_print ("  server log, %s: first to last request %.2f s, first to last PATCH %.2f s\n", names[k],
                   (g_array_index (all, gint64, all->len - 1) - g_array_index (all, gint64, 0)) / 1e3,
                   (g_array_index (patches, gint64, patches->len - 1) - g_array_index (patches, gint64, 0)) / 1e3);
      }
  }
  g_print ("  requests (server logs)    %8s %8s %8s %8s %8s\n", "HEAD", "POST", "PATCH", "PUT", "GET");
  g_print ("    desk                    %8u %8u %8u %8u %8u\n", mc_server_log_count (desk_server, "HEAD /"),
           mc_server_log_count (desk_server, "POST /"), mc_server_log_count (desk_server, "PATCH /"),
           mc_server_log_count (desk_server, "PUT /"), mc_server_log_count (desk_server, "GET /"));
  g_print ("    curl                    %8u %8u %8u %8u %8u   (%u sent, %.0f/s)\n",
           mc_server_log_count (curl_server, "HEAD /"), mc_server_log_count (curl_server, "POST /"),
           mc_server_log_count (curl_server, "PATCH /"), mc_server_log_count (curl_server, "PUT /"),
           mc_server_log_count (curl_server, "GET /"), n_requests, n_requests / t_curl);
  if (latency > 0 || link_rtt > 0)
    {
      int rtt = latency > 0 ? latency : link_rtt;
      /* The bound for a slow link: every request the desk sent
       * (probe and /changes included) costs one round trip, N at a time. */
      guint n_desk = mc_server_log_count (desk_server, "HEAD /") + mc_server_log_count (desk_server, "POST /") +
                     mc_server_log_count (desk_server, "PATCH /") + mc_server_log_count (desk_server, "PUT /") +
                     mc_server_log_count (desk_server, "GET /");
      double bound = n_desk * rtt / 1000.0 / conc;

      g_print ("  latency bound: %u desk requests x %d ms / %u in flight = %.2f s; desk / bound %.2f "
               "(target <= 1.2: %s), curl / its bound %.2f\n", n_desk, rtt, conc, bound, t_desk / bound,
               t_desk / bound <= 1.2 ? "PASS" : "FAIL", t_curl / (n_requests * rtt / 1000.0 / conc));
      if (link_rtt > 0)
        g_print ("  connections opened through the links: desk %d, curl %d\n",
                 g_atomic_int_get (&desk_link->connections), g_atomic_int_get (&curl_link->connections));
    }
  g_print ("  goodput ratio desk / curl: %.2f (with curl's sums counted: %.2f)\n", ratio, t_desk > 0 ? (t_curl + t_sums) / t_desk : 0);
  g_print ("  target: >= %.0f %% of curl: %s\n", TARGET * 100, ratio >= TARGET ? "PASS" : "FAIL");

  if (link_rtt > 0)
    {
      bench_proxy_stop (desk_link);
      bench_proxy_stop (curl_link);
      g_free (curl_via.url);
    }
  mc_server_free (desk_server);
  mc_server_free (curl_server);
  mc_desk_free (desk);
  mc_test_rm_rf (desk_server_dir);
  mc_test_rm_rf (curl_server_dir);
  return mc_sync_done (0);
}
