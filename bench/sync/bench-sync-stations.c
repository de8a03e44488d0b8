/* bench-sync-stations.c — many stations syncing at once to one motcua-server
 *
 * --stations desks (default 8, station numbers 1…8 of one commune), each
 * with --count dossiers (default 50) carrying one attachment of --size
 * bytes (default 20 KiB), are taken in (untimed) and copied, one copy per
 * server mode. For each mode of the server — the baseline `--workers 0`
 * (every request on the main loop, one at a time: the server before
 * issue 12) and `--workers N` (default 4) — in the same run:
 *  - desks: all `motcua sync` processes started at once against a fresh
 *    server, timed from the first start to the last exit; every dossier
 *    is then checked on the server (mc_sync_verify);
 *  - curl: the same requests per dossier as the desk sends (HEAD of the
 *    attachment, tus POST, PATCH with Upload-Checksum, PUT of the very
 *    body the desk sent, read back from the server), by 1, 2, 4 and 8
 *    curl processes, each reusing one connection, against fresh servers:
 *    the strictest baseline (no per-dossier round trips, bodies and
 *    checksums made beforehand).
 * Prints dossiers/s of each, the ratio desks / curl with as many
 * connections as stations (target ≥ 0.8), and the scaling curl 8 / 1.
 * Then --rounds - 1 more rounds of just that pair (`--workers N`, fresh
 * copies of the desks, a fresh server each), alternating which goes
 * first: a single round's ratio moves by ±0.15 on a shared 2-core
 * machine, so every round is printed and the target is judged on their
 * median.
 */
#include "sync-util.h"

#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

#include "bench-stats.h"

#define TARGET 0.80
#define MAX_CONN 8

typedef struct
{
  char  *uuid;
  char  *sha256;
  char  *path;        /* the desk's blob */
  char  *checksum;    /* base64 of the raw digest */
  char  *body_path;   /* the body the desk sent (written after its sync) */
  gint64 size;
} Item;

static void
item_free (Item *it)
{
  g_free (it->uuid);
  g_free (it->sha256);
  g_free (it->path);
  g_free (it->checksum);
  g_free (it->body_path);
  g_free (it);
}

static char *
b64 (const char *text)
{
  return g_base64_encode ((const guchar *) text, strlen (text));
}

static char *
file_checksum (const char *path)
{
  g_autofree char *hex = mc_sync_sha256_file (path);
  guint8 raw[32];

  for (guint i = 0; i < 32; i++)
    raw[i] = (guint8) (g_ascii_xdigit_value (hex[2 * i]) << 4 | g_ascii_xdigit_value (hex[2 * i + 1]));
  return g_base64_encode (raw, sizeof raw);
}

/* A desk set up as station @number of the commune. */
static McDesk *
desk_new (guint number)
{
  McDesk *d = g_new0 (McDesk, 1);
  g_autofree char *station = g_strdup_printf ("%u", number);
  McResult r;

  d->dir = mc_test_make_tmp_dir ();
  d->work = mc_test_make_tmp_dir ();
  d->made = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_made_free);
  r = mc_cli_expect (d->dir, 0, 60000, MC_SYNC_ARGS ("init", "--agency-code", "000.00.12.H29", "--agency-name",
                                                      "UBND xã Tân Lập", "--station", station));
  mc_result_clear (&r);
  return d;
}

static void
desk_enrol (McDesk     *d,
            McServer   *s,
            const char *station)
{
  g_autofree char *token = mc_server_token (s->data_dir, station);
  McResult r = mc_desk_enrol_run (d, s->url, token, NULL);

  if (r.status != 0)
    g_error ("motcua enrol: exit %d: %s", r.status, r.err);
  mc_result_clear (&r);
}

static McServer *
server_new (char       **dir,
            const char  *workers)
{
  *dir = mc_test_make_tmp_dir ();
  return mc_server_start (*dir, MC_SYNC_ARGS ("--seed", "1", "--workers", workers));
}

/* CPU seconds (user + system, all threads) the server has used so far. */
static double
server_cpu (McServer *s)
{
  const char *pid = g_subprocess_get_identifier (s->p->proc);
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid != NULL ? pid : "0");
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return 0;
  fields = g_strsplit (after + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return 0;
  /* Fields 14 and 15 of stat(5), counted from the state (field 3). */
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static void
server_drop (McServer *s,
             char     *dir)
{
  mc_server_free (s);
  mc_test_rm_rf (dir);
  g_free (dir);
}

/* Requests by method in the server's log (G_MESSAGES_DEBUG=motcua-server):
 * what each side really sent, so that the baseline sends the same. */
static const char *const methods[] = { "HEAD /", "POST /", "PATCH /", "PUT /", "GET /" };
#define N_METHODS G_N_ELEMENTS (methods)

static guint
occurrences (const char *text,
             const char *needle)
{
  guint n = 0;

  for (const char *p = text; p != NULL && (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

/* Stops @s (its log is complete only then: stdout is buffered) and counts
 * its requests by method. */
static void
stop_and_count (McServer *s,
                guint    *counts)
{
  McResult r;

  g_subprocess_send_signal (s->p->proc, SIGTERM);
  r = mc_proc_finish (s->p, 30000);
  for (guint i = 0; i < N_METHODS; i++)
    counts[i] = occurrences (r.out, methods[i]) + occurrences (r.err, methods[i]);
  mc_result_clear (&r);
  mc_proc_free (s->p);
  s->p = NULL;
}

/* All desks sync at once; returns the wall time. */
static double
sync_desks (McDesk  **desks,
            guint     n,
            McServer *server)
{
  McProc *p[64];
  gint64 t0;

  for (guint k = 0; k < n; k++)
    {
      g_autofree char *station = g_strdup_printf ("bench-station-%u", k + 1);

      desk_enrol (desks[k], server, station);
    }
  t0 = g_get_monotonic_time ();
  for (guint k = 0; k < n; k++)
    p[k] = mc_proc_spawn (mc_sync_cli_exe (), desks[k]->dir, MC_SYNC_ARGS ("sync"));
  for (guint k = 0; k < n; k++)
    {
      McResult r = mc_proc_finish (p[k], 1800000);

      if (r.status != 0)
        g_error ("motcua sync (station %u): exit %d\n%s", k + 1, r.status, r.err);
      mc_result_clear (&r);
      mc_proc_free (p[k]);
    }
  return (g_get_monotonic_time () - t0) / 1e6;
}

/* Every item is on the server once, with its attachment. */
static void
verify_all (GPtrArray  *items,
            const char *server_dir)
{
  g_autoptr(JsonNode) node = mc_server_dossiers (server_dir);
  JsonArray *array = json_node_get_array (node);
  g_autoptr(GHashTable) held = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!g_hash_table_add (held, (gpointer) json_object_get_string_member (json_array_get_object_element (array, i),
                                                                           "uuid")))
      g_error ("the server holds a dossier twice");
  if (g_hash_table_size (held) != items->len)
    g_error ("the server holds %u dossiers, the desks made %u", g_hash_table_size (held), items->len);
  for (guint i = 0; i < items->len; i++)
    {
      Item *it = items->pdata[i];
      g_autofree char *file = g_build_filename (server_dir, "files", it->sha256, NULL);

      if (!g_hash_table_contains (held, it->uuid))
        g_error ("the server lacks %s", it->uuid);
      if (mc_sync_file_size (file) != it->size)
        g_error ("the server lacks the attachment of %s", it->uuid);
    }
}

/* The canonical body the server stored for each item: what the desk sent. */
static void
save_bodies (GPtrArray  *items,
             const char *server_dir)
{
  g_autofree char *path = g_build_filename (server_dir, "server.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT body FROM revisions WHERE uuid = ? ORDER BY revision LIMIT 1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < items->len; i++)
    {
      Item *it = items->pdata[i];

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, it->uuid, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        g_error ("the server holds no body for %s", it->uuid);
      it->body_path = g_strdup_printf ("%s/body-%u.json", mc_sync_scratch_dir (), i);
      g_assert_true (g_file_set_contents (it->body_path, (const char *) sqlite3_column_text (stmt, 0),
                                          sqlite3_column_bytes (stmt, 0), NULL));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Runs one curl -K per config at once; returns their outputs. */
static GStrv
run_curls (const char *curl,
           GString   **configs,
           guint       conns)
{
  McProc *p[MAX_CONN];
  GStrv outs = g_new0 (char *, conns + 1);

  for (guint w = 0; w < conns; w++)
    {
      g_autofree char *path = g_strdup_printf ("%s/curl-%u-%u.conf", mc_sync_scratch_dir (), w, ++mc_sync_serial);

      p[w] = NULL;
      if (configs[w]->len == 0)
        continue;   /* fewer dossiers than connections */
      if (g_str_has_suffix (configs[w]->str, "next\n"))
        g_string_truncate (configs[w], configs[w]->len - 5);
      g_assert_true (g_file_set_contents (path, configs[w]->str, (gssize) configs[w]->len, NULL));
      p[w] = mc_proc_spawn (curl, NULL, MC_SYNC_ARGS ("--silent", "--show-error", "-K", path));
    }
  for (guint w = 0; w < conns; w++)
    {
      McResult r;

      if (p[w] == NULL)
        {
          outs[w] = g_strdup ("");
          continue;
        }
      r = mc_proc_finish (p[w], 3600000);
      if (r.status != 0)
        g_error ("curl: exit %d: %s", r.status, r.err);
      outs[w] = g_steal_pointer (&r.out);
      mc_result_clear (&r);
      mc_proc_free (p[w]);
    }
  return outs;
}

/* curl sends every item's requests over @conns connections (item i on
 * connection i % conns, each connection its own station); returns the
 * wall time of the three rounds (HEAD + POST, PATCH, PUT). */
static double
upload_with_curl (const char *curl,
                  GPtrArray  *items,
                  guint       conns,
                  const char *workers,
                  double     *cpu,
                  guint      *counts)
{
  GString *round[MAX_CONN];
  g_autofree char *dir = NULL;
  McServer *server = server_new (&dir, workers);
  g_autofree char *uploads = g_strconcat (server->url, "api/v1/uploads", NULL);
  g_autofree char *origin = g_strndup (server->url, strlen (server->url) - 1);
  char *tokens[MAX_CONN];
  GPtrArray *locations[MAX_CONN] = { NULL };
  double seconds = 0;

  for (guint w = 0; w < conns; w++)
    {
      g_autofree char *station = g_strdup_printf ("bench-curl-%u", w + 1);

      tokens[w] = mc_server_token (dir, station);
    }
  for (guint phase = 0; phase < 3; phase++)
    {
      g_auto(GStrv) outs = NULL;
      gint64 t0;

      for (guint w = 0; w < conns; w++)
        round[w] = g_string_new (NULL);
      for (guint i = 0; i < items->len; i++)
        {
          Item *it = items->pdata[i];
          guint w = i % conns;

          if (phase == 0)
            {
              g_autofree char *m1 = b64 ("scan.pdf"), *m2 = b64 ("application/pdf"), *m3 = b64 (it->sha256),
                              *m4 = b64 (it->uuid);

              g_string_append_printf (round[w],
                                      "url = \"%sapi/v1/attachments/%s\"\nhead\n"
                                      "header = \"Authorization: Bearer %s\"\n"
                                      "output = \"/dev/null\"\nwrite-out = \"%%{http_code}\\n\"\nnext\n"
                                      "url = \"%s\"\nrequest = \"POST\"\n"
                                      "header = \"Authorization: Bearer %s\"\nheader = \"Tus-Resumable: 1.0.0\"\n"
                                      "header = \"Upload-Length: %" G_GINT64_FORMAT "\"\n"
                                      "header = \"Upload-Metadata: filename %s,filetype %s,sha256 %s,dossier_uuid %s\"\n"
                                      "header = \"Content-Type:\"\ndata-binary = \"\"\noutput = \"/dev/null\"\n"
                                      "write-out = \"%%{http_code} %%header{location}\\n\"\nnext\n",
                                      server->url, it->sha256, tokens[w], uploads, tokens[w], it->size,
                                      m1, m2, m3, m4);
            }
          else if (phase == 1)
            {
              const char *loc = g_ptr_array_index (locations[w], i / conns);
              g_autofree char *url = loc[0] == '/' ? g_strconcat (origin, loc, NULL) : g_strdup (loc);

              g_string_append_printf (round[w],
                                      "url = \"%s\"\nrequest = \"PATCH\"\n"
                                      "header = \"Authorization: Bearer %s\"\nheader = \"Tus-Resumable: 1.0.0\"\n"
                                      "header = \"Content-Type: application/offset+octet-stream\"\n"
                                      "header = \"Upload-Offset: 0\"\nheader = \"Upload-Checksum: sha256 %s\"\n"
                                      "data-binary = \"@%s\"\noutput = \"/dev/null\"\n"
                                      "write-out = \"%%{http_code}\\n\"\nnext\n",
                                      url, tokens[w], it->checksum, it->path);
            }
          else
            g_string_append_printf (round[w],
                                    "url = \"%sapi/v1/dossiers/%s\"\nrequest = \"PUT\"\n"
                                    "header = \"Authorization: Bearer %s\"\n"
                                    "header = \"Content-Type: application/json\"\n"
                                    "data-binary = \"@%s\"\noutput = \"/dev/null\"\n"
                                    "write-out = \"%%{http_code}\\n\"\nnext\n",
                                    server->url, it->uuid, tokens[w], it->body_path);
        }
      if (phase == 1)
        for (guint w = 0; w < conns; w++)
          g_ptr_array_unref (locations[w]);

      t0 = g_get_monotonic_time ();
      outs = run_curls (curl, round, conns);
      seconds += (g_get_monotonic_time () - t0) / 1e6;

      for (guint w = 0; w < conns; w++)
        {
          g_auto(GStrv) lines = g_strsplit (g_strstrip (outs[w]), "\n", -1);

          if (phase == 0)
            locations[w] = g_ptr_array_new_with_free_func (g_free);
          for (guint k = 0; lines[k] != NULL; k++)
            {
              if (phase == 0 && g_str_equal (lines[k], "404"))
                continue;
              if (phase == 0 && g_str_has_prefix (lines[k], "201 "))
                g_ptr_array_add (locations[w], g_strdup (lines[k] + 4));
              else if (!(phase == 1 && g_str_equal (lines[k], "204")) && !(phase == 2 && g_str_equal (lines[k], "201")))
                g_error ("curl, round %u: “%s”", phase, lines[k]);
            }
          g_string_free (round[w], TRUE);
        }
    }
  *cpu = server_cpu (server);
  stop_and_count (server, counts);
  if (mc_server_count (dir) != items->len)
    g_error ("curl: the server holds %u of %u dossiers", mc_server_count (dir), items->len);
  for (guint w = 0; w < conns; w++)
    g_free (tokens[w]);
  server_drop (server, g_steal_pointer (&dir));
  return seconds;
}

static double
load_average (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return 0;
  return g_ascii_strtod (text, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *curl = g_find_program_in_path ("curl");
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  g_autofree char *workers_text = NULL;
  const char *modes[2];
  int stations = 8, count = 50, workers = 4, rounds = 5;
  gint64 size = 20 * 1024;
  McDesk *desks[2][9], *pristine[9];
  double t_desk[2], t_curl[2][4], cpu_desk[2], cpu_curl[2][4];
  guint req_desk[2][N_METHODS], req_curl[2][4][N_METHODS];
  const guint conns[4] = { 1, 2, 4, 8 };
  gint64 t0;
  GOptionEntry entries[] = {
    { "stations", 's', 0, G_OPTION_ARG_INT, &stations, "Desks syncing at once (1-8, default 8)", "N" },
    { "count", 'n', 0, G_OPTION_ARG_INT, &count, "Dossiers per desk (default 50)", "N" },
    { "size", 0, 0, G_OPTION_ARG_INT64, &size, "Bytes of each dossier's attachment (default 20480)", "BYTES" },
    { "workers", 'w', 0, G_OPTION_ARG_INT, &workers, "The server's --workers after (default 4)", "N" },
    { "rounds", 'r', 0, G_OPTION_ARG_INT, &rounds, "Rounds of desks against curl (1-20, default 5)", "N" },
    { NULL },
  };

  g_test_init (&argc, &argv, NULL);
  g_log_set_debug_enabled (FALSE);
  setvbuf (stdout, NULL, _IOLBF, 0);
  context = g_option_context_new ("- stations syncing at once against curl, one-at-a-time server vs workers");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || stations < 1 || stations > 8 || count < 1 ||
      count > 900 || size < 1024 || workers < 1 || workers > 32 || rounds < 1 || rounds > 20)
    {
      g_printerr ("bench-sync-stations: %s\n", error ? error->message : "bad arguments");
      return 2;
    }
  if (curl == NULL)
    {
      g_print ("bench-sync-stations: curl not found, skipped\n");
      return 0;
    }
  mc_sync_quiet = TRUE;
  /* The servers log each request: both sides' requests are counted. */
  g_setenv ("G_MESSAGES_DEBUG", "motcua-server", TRUE);
  workers_text = g_strdup_printf ("%d", workers);
  modes[0] = "0";
  modes[1] = workers_text;

  t0 = g_get_monotonic_time ();
  for (int k = 0; k < stations; k++)
    {
      desks[0][k] = desk_new ((guint) k + 1);
      for (int i = 0; i < count; i++)
        {
          McMade *m = mc_desk_add_dossier (desks[0][k], NULL, (const gint64[]) { size }, 1);
          Item *it = g_new0 (Item, 1);

          it->uuid = g_strdup (m->uuid);
          it->sha256 = g_strdup (m->sha256->pdata[0]);
          it->path = mc_desk_blob_path (desks[0][k], it->sha256);
          it->size = mc_sync_file_size (it->path);
          it->checksum = file_checksum (it->path);
          g_ptr_array_add (items, it);
        }
      desks[1][k] = mc_desk_copy (desks[0][k]);
      pristine[k] = mc_desk_copy (desks[0][k]);
    }
  g_print ("bench-sync-stations: %d stations x %d dossiers x 1 attachment of %" G_GINT64_FORMAT
           " bytes, loopback, %u CPUs (taken in in %.0f s, untimed)\n",
           stations, count, size, g_get_num_processors (), (g_get_monotonic_time () - t0) / 1e6);

  for (guint m = 0; m < 2; m++)
    {
      g_autofree char *dir = NULL;
      McServer *server = server_new (&dir, modes[m]);

      t_desk[m] = sync_desks (desks[m], (guint) stations, server);
      cpu_desk[m] = server_cpu (server);
      stop_and_count (server, req_desk[m]);
      verify_all (items, dir);
      if (m == 0)
        save_bodies (items, dir);
      server_drop (server, g_steal_pointer (&dir));
      for (guint c = 0; c < 4; c++)
        t_curl[m][c] = upload_with_curl (curl, items, conns[c], modes[m], &cpu_curl[m][c], req_curl[m][c]);
    }

  {
    double n = items->len;
    guint at = stations >= 8 ? 3 : stations >= 4 ? 2 : stations >= 2 ? 1 : 0;

    g_print ("  %-46s %14s %14s\n", "dossiers/s", "--workers 0", g_strdup_printf ("--workers %d", workers));
    for (guint c = 0; c < 4; c++)
      g_print ("  %-46s %14.1f %14.1f\n", g_strdup_printf ("curl, %u connection%s", conns[c], conns[c] > 1 ? "s" : ""),
               n / t_curl[0][c], n / t_curl[1][c]);
    g_print ("  %-46s %14.1f %14.1f\n", g_strdup_printf ("%d desks syncing at once (motcua sync)", stations),
             n / t_desk[0], n / t_desk[1]);
    g_print ("  %-46s %14.2f %14.2f\n", "server CPU ms per dossier, desks", 1000 * cpu_desk[0] / n,
             1000 * cpu_desk[1] / n);
    g_print ("  %-46s %14.2f %14.2f\n", "server CPU ms per dossier, curl 8 connections", 1000 * cpu_curl[0][3] / n,
             1000 * cpu_curl[1][3] / n);
    g_print ("  %-46s %14.2f %14.2f\n", "server cores busy, desks (CPU s / wall s)", cpu_desk[0] / t_desk[0],
             cpu_desk[1] / t_desk[1]);
    g_print ("  %-46s %14.2f\n", "machine load average (1 min) at the end", load_average ());
    g_print ("  %-46s %14.2f %14.2f\n", "scaling: curl 8 connections / 1", t_curl[0][0] / t_curl[0][3],
             t_curl[1][0] / t_curl[1][3]);
    g_print ("  %-46s %14.2f %14.2f\n", g_strdup_printf ("ratio desks / curl with %u connections", conns[at]),
             t_curl[0][at] / t_desk[0], t_curl[1][at] / t_desk[1]);
    g_print ("  %-46s %14.2f\n", "workers / one at a time: desks", t_desk[0] / t_desk[1]);
    g_print ("  %-46s %14.2f\n", g_strdup_printf ("workers / one at a time: curl, %u connections", conns[at]),
             t_curl[0][at] / t_curl[1][at]);
    g_print ("  requests (server logs, --workers %d)    %8s %8s %8s %8s %8s\n", workers, "HEAD", "POST", "PATCH",
             "PUT", "GET");
    g_print ("    %-36s %8u %8u %8u %8u %8u\n", "desks", req_desk[1][0], req_desk[1][1], req_desk[1][2],
             req_desk[1][3], req_desk[1][4]);
    g_print ("    %-36s %8u %8u %8u %8u %8u\n", g_strdup_printf ("curl, %u connections", conns[at]),
             req_curl[1][at][0], req_curl[1][at][1], req_curl[1][at][2], req_curl[1][at][3], req_curl[1][at][4]);
  }

  {
    g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
    guint at = stations >= 8 ? 3 : stations >= 4 ? 2 : stations >= 2 ? 1 : 0;
    double ratio = t_curl[1][at] / t_desk[1], median;

    g_array_append_val (ratios, ratio);
    for (int r = 1; r < rounds; r++)
      {
        McDesk *copies[9];
        double t_d = 0, t_c = 0, cpu;
        guint counts[N_METHODS];

        for (int k = 0; k < stations; k++)
          copies[k] = mc_desk_copy (pristine[k]);
        for (guint side = 0; side < 2; side++)
          {
            if ((side == 0) == (r % 2 == 1))
              t_c = upload_with_curl (curl, items, conns[at], modes[1], &cpu, counts);
            else
              {
                g_autofree char *dir = NULL;
                McServer *server = server_new (&dir, modes[1]);

                t_d = sync_desks (copies, (guint) stations, server);
                stop_and_count (server, counts);
                verify_all (items, dir);
                server_drop (server, g_steal_pointer (&dir));
              }
          }
        for (int k = 0; k < stations; k++)
          mc_desk_free (copies[k]);
        ratio = t_c / t_d;
        g_array_append_val (ratios, ratio);
        g_print ("  round %d (%s first): desks %.1f/s, curl %.1f/s, ratio %.2f (load %.2f)\n", r + 1,
                 r % 2 == 1 ? "curl" : "desks", items->len / t_d, items->len / t_c, ratio, load_average ());
      }
    g_print ("  ratio desks / curl with %u connections, --workers %d, every round:", conns[at], workers);
    for (guint i = 0; i < ratios->len; i++)
      g_print (" %.2f", g_array_index (ratios, double, i));
    median = bench_median_double ((double *) ratios->data, ratios->len);
    g_print ("; median %.2f\n", median);
    g_print ("  target: desks >= %.0f %% of curl (workers, median of %u rounds): %s\n", TARGET * 100, ratios->len,
             median >= TARGET ? "PASS" : "FAIL");
  }

  for (int k = 0; k < stations; k++)
    mc_desk_free (pristine[k]);
  for (guint m = 0; m < 2; m++)
    for (int k = 0; k < stations; k++)
      mc_desk_free (desks[m][k]);
  return mc_sync_done (0);
}
