/* forward-util.h — the simulated one-stop system (dvcqg-sim) and a
 * motcua-server forwarding to it, for the forwarding tests and bench
 *
 * DVCQG_SIM comes from the environment (tests/forward/meson.build), with
 * MOTCUA_CLI and MOTCUA_SERVER (sync-util.h).
 */
#pragma once

#include <libsoup/soup.h>
#include <sys/stat.h>

#include "sync-util.h"

#define SIM_USER     "motcua-connector"
#define SIM_PASSWORD "S3cret-dvcqg-Pw!"
#define SIM_DSTCODE  "H29-DST"
#define SIM_MADONVI  "000.00.12.H29"

typedef struct
{
  McProc *p;
  char   *url;       /* http://127.0.0.1:PORT/ */
} McSim;

/* Starts dvcqg-sim with @args (faults) and waits (20 s) for its URL. */
static inline McSim *
mc_sim_start (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *exe = g_getenv ("DVCQG_SIM");
  McSim *sim = g_new0 (McSim, 1);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  const char *fixed[] = { "--listen", "127.0.0.1:0", "--username", SIM_USER, "--password", SIM_PASSWORD,
                          "--dstcode", SIM_DSTCODE, "--madonvi", SIM_MADONVI, NULL };

  g_assert_nonnull (exe);
  for (guint i = 0; fixed[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) fixed[i]);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  sim->p = mc_proc_spawn (exe, NULL, (const char * const *) argv->pdata);
  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *out = mc_sync_read_file (sim->p->out_path);
      const char *line = strstr (out, "listening on ");

      if (line != NULL && strchr (line, '\n') != NULL)
        {
          sim->url = g_strndup (line + 13, strchr (line, '\n') - (line + 13));
          return sim;
        }
      g_usleep (10000);
    }
  g_error ("dvcqg-sim printed no URL within 20 s");
}

static inline void
mc_sim_free (McSim *sim)
{
  if (sim == NULL)
    return;
  mc_proc_free (sim->p);
  g_free (sim->url);
  g_free (sim);
}

/* One request; @ca_file (nullable) the only CA trusted. */
static inline GBytes *
mc_http_ca (const char *method,
            const char *url,
            const char *json,
            const char *ca_file,
            guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  g_assert_nonnull (msg);
  if (ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) db = g_tls_file_database_new (ca_file, &error);

      g_assert_no_error (error);
      soup_session_set_tls_database (session, db);
    }
  if (json != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return body;
}

static inline GBytes *
mc_http (const char *method,
         const char *url,
         const char *json,
         guint      *status)
{
  return mc_http_ca (method, url, json, NULL, status);
}

/* The simulator's whole state: {records, creates, updates, counts}. */
static inline JsonNode *
mc_sim_state_tls (McSim      *sim,
                  const char *ca_file)
{
  g_autofree char *url = g_strconcat (sim->url, "admin/state", NULL);
  guint status = 0;
  g_autoptr(GBytes) body = mc_http_ca ("GET", url, NULL, ca_file, &status);
  g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  g_assert_cmpuint (status, ==, 200);
  return mc_sync_parse_json ("dvcqg-sim /admin/state", text);
}

static inline JsonNode *
mc_sim_state (McSim *sim)
{
  return mc_sim_state_tls (sim, NULL);
}

static inline gint64
mc_sim_count (JsonNode   *state,
              const char *table,
              const char *key)
{
  JsonObject *t = json_object_get_object_member (json_node_get_object (state), table);

  return json_object_get_int_member_with_default (t, key, 0);
}

/* The one-stop system's clerk moves a dossier to @state with a handler and a note. */
static inline void
mc_sim_set_status (McSim      *sim,
                   const char *code,
                   int         state,
                   const char *handler,
                   const char *message)
{
  g_autofree char *url = g_strconcat (sim->url, "admin/status", NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *state_text = g_strdup_printf ("%d", state);
  g_autoptr(GBytes) body = NULL;
  guint status = 0;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "MaHoSo");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "TrangThaiHoSo");
  json_builder_add_string_value (b, state_text);
  json_builder_set_member_name (b, "NguoiXuLy");
  json_builder_add_string_value (b, handler);
  json_builder_set_member_name (b, "ChucDanh");
  json_builder_add_string_value (b, "Chuyên viên");
  json_builder_set_member_name (b, "PhongBanXuLy");
  json_builder_add_string_value (b, "Phòng Tư pháp");
  json_builder_set_member_name (b, "NoiDungXuLy");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json = json_to_string (root, FALSE);
  body = mc_http ("POST", url, json, &status);
  g_assert_cmpuint (status, ==, 204);
}

/* Writes the password file (0600) and a --forward config for @sim in @dir;
 * @extra: more members, JSON text without braces (nullable). */
static inline char *
mc_forward_config (const char *dir,
                   McSim      *sim,
                   const char *extra)
{
  g_autofree char *password = g_build_filename (dir, "dvcqg-password", NULL);
  g_autofree char *text = NULL;
  char *path = g_build_filename (dir, "forward.json", NULL);

  mc_sync_add_secret (SIM_PASSWORD);
  g_assert_true (g_file_set_contents (password, SIM_PASSWORD "\n", -1, NULL));
  g_assert_cmpint (g_chmod (password, 0600), ==, 0);
  text = g_strdup_printf ("{\"kind\": \"dvcqg\", \"adapter_url\": \"%s\", \"auth_endpoint\": \"/auth\","
                          " \"integration_endpoint\": \"/api\", \"dstcode\": \"" SIM_DSTCODE "\","
                          " \"madonvi\": \"" SIM_MADONVI "\", \"username\": \"" SIM_USER "\","
                          " \"password_file\": \"dvcqg-password\", \"poll_seconds\": 1,"
                          " \"retry_min_ms\": 50, \"retry_max_ms\": 400%s%s}",
                          sim != NULL ? sim->url : "http://127.0.0.1:9/", extra != NULL ? ", " : "",
                          extra != NULL ? extra : "");
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* `motcua-server forwards --json`, parsed: an array. */
static inline JsonNode *
mc_forwards (const char *server_dir)
{
  McResult r = mc_server_cmd (server_dir, 60000, MC_SYNC_ARGS ("forwards", "--json"));
  JsonNode *node;

  if (r.status != 0)
    g_error ("motcua-server forwards: exit %d: %s", r.status, r.err);
  node = mc_sync_parse_json ("motcua-server forwards --json", r.out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  mc_result_clear (&r);
  return node;
}

/* How many rows of `forwards` are in @state. */
static inline guint
mc_forwards_in (JsonNode   *forwards,
                const char *state)
{
  JsonArray *a = json_node_get_array (forwards);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (a); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (a, i), "state"), state))
      n++;
  return n;
}

/* Waits (at most @timeout_ms) until @n_sent rows are sent and @n_attention
 * need attention; fails with the table otherwise. */
static inline void
mc_forwards_wait (const char *server_dir,
                  guint       n_sent,
                  guint       n_attention,
                  gint64      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  for (;;)
    {
      g_autoptr(JsonNode) f = mc_forwards (server_dir);

      if (mc_forwards_in (f, "sent") == n_sent && mc_forwards_in (f, "needs_attention") == n_attention)
        return;
      if (g_get_monotonic_time () > deadline)
        {
          g_autofree char *text = json_to_string (f, TRUE);

          g_error ("forwarding did not reach %u sent, %u needs_attention within %" G_GINT64_FORMAT " ms:\n%s",
                   n_sent, n_attention, timeout_ms, text);
        }
      g_usleep (200000);
    }
}

/* `motcua show CODE --json`, parsed. */
static inline JsonNode *
mc_desk_show (McDesk     *d,
              const char *code)
{
  McResult r = mc_cli_expect (d->dir, 0, 30000, MC_SYNC_ARGS ("show", code, "--json"));
  JsonNode *node = mc_sync_parse_json ("motcua show --json", r.out);

  mc_result_clear (&r);
  return node;
}
