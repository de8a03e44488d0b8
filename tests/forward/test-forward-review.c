/* test-forward-review.c — forwarding against a hostile or dying peer, and
 * the operator's commands
 *
 * - hostile answers (200 000 nested arrays, 5 MiB, not JSON, members of the
 *   wrong types) are retried, never crash the server, never become a
 *   refusal for good; an answer trickled for ever is cut after
 *   answer_timeout_seconds;
 * - a SIGKILL after the one-stop system stored a create but before the
 *   server recorded it: the next attempt looks the dossier up and updates,
 *   even when that system answers a second create with a message that
 *   does not say "đã tồn tại";
 * - a lookup answered "không tồn tại" as an error means not there;
 * - a refusal that names a version ("phiên bản") is a refusal, not an
 *   expired session ("phiên"): it needs attention instead of being retried;
 * - a refusal of a revision superseded while in flight blocks nothing;
 * - dossiers whose status lookups fail do not starve the others;
 * - forward-backfill queues dossiers accepted before forwarding was
 *   configured, once, in receipt order, their latest revision;
 * - forwards: a summary line first, and --state.
 */
#include "forward-util.h"

static guint
put_dossier (McServer   *server,
             const char *token,
             const char *uuid,
             int         revision,
             const char *code,
             const char *name,
             const char *phone)
{
  g_autofree char *url = g_strdup_printf ("%sapi/v1/dossiers/%s", server->url, uuid);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
  g_autofree char *json = g_strdup_printf (
    "{\"uuid\": \"%s\", \"revision\": %d, \"code\": \"%s\", \"procedure_code\": \"HT-KS\","
    " \"procedure_national_code\": \"1.001193\", \"procedure_name\": \"Đăng ký khai sinh\","
    " \"procedure_field\": \"Hộ tịch\", \"processing_days\": 0,"
    " \"applicant\": {\"full_name\": \"%s\", \"id_kind\": \"cccd\", \"id_number\": \"001185012345\","
    " \"date_of_birth\": null, \"phone\": \"%s\", \"address\": \"Thôn 3, xã Tân Lập\", \"email\": null},"
    " \"received_at\": \"2026-11-23T09:15:00+07:00\", \"received_by\": \"lan.nt\", \"backdate_reason\": null,"
    " \"due_date\": \"2026-11-23\", \"sets\": 1, \"papers\": [], \"notes\": null, \"attachments\": []}",
    uuid, revision, code, name, phone);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("PUT", url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (msg);
}

static void
sim_post (McSim      *sim,
          const char *path,
          const char *json)
{
  g_autofree char *url = g_strconcat (sim->url, path, NULL);
  g_autoptr(GBytes) answer = NULL;
  guint status = 0;

  answer = mc_http ("POST", url, json, &status);
  g_assert_cmpuint (status, ==, 204);
}

/* The only row of `forwards --json`. */
static JsonObject *
only_row (JsonNode *forwards)
{
  g_assert_cmpuint (json_array_get_length (json_node_get_array (forwards)), ==, 1);
  return json_array_get_object_element (json_node_get_array (forwards), 0);
}

/* Waits (60 s) until the only dossier has failed @more attempts more than
 * now, and returns its row's last_error. */
static char *
wait_attempts (const char *server_dir,
               gint64      more)
{
  g_autoptr(JsonNode) first = mc_forwards (server_dir);
  gint64 target = json_object_get_int_member (only_row (first), "attempts") + more;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(JsonNode) f = mc_forwards (server_dir);
      JsonObject *row = only_row (f);

      g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "queued");
      if (json_object_get_int_member (row, "attempts") >= target)
        return g_strdup (json_object_get_string_member (row, "last_error"));
      if (g_get_monotonic_time () > deadline)
        g_error ("no %" G_GINT64_FORMAT " more failed attempts within 60 s (the server died?)", more);
      g_usleep (100000);
    }
}

static void
test_hostile (void)
{
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McSim *sim = mc_sim_start (NULL);
  g_autofree char *config = mc_forward_config (server_dir, sim, NULL);
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--forward", config));
  g_autofree char *token = mc_server_token (server_dir, "xa-tan-lap");
  g_autofree char *uuid = g_uuid_string_random ();
  const char *code = "000.00.12.H29-261123-9101";
  const char *modes[] = { "deep", "types", "huge", "text" };
  g_autoptr(JsonNode) state = NULL;

  sim_post (sim, "admin/hostile", "{\"mode\": \"deep\"}");
  g_assert_cmpuint (put_dossier (server, token, uuid, 1, code, "Trần Văn Bình", "0912345678"), ==, 201);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"mode\": \"%s\"}", modes[i]);
      g_autofree char *why = NULL;

      sim_post (sim, "admin/hostile", json);
      why = wait_attempts (server_dir, 3);
      g_test_message ("%s: %s", modes[i], why);
      g_assert_nonnull (why);
      g_assert_cmpuint (strlen (why), <, 2000);
    }
  sim_post (sim, "admin/hostile", "{\"mode\": \"\"}");
  mc_forwards_wait (server_dir, 1, 0, 60000);
  state = mc_sim_state (sim);
  g_assert_cmpint (mc_sim_count (state, "creates", code), ==, 1);
  g_assert_cmpint (mc_sim_count (state, "counts", "hostile"), >=, 12);

  mc_server_free (server);
  mc_sim_free (sim);
  mc_test_rm_rf (server_dir);
}

/* An answer trickled a byte at a time never ends: each exchange is cut
 * after answer_timeout_seconds, and forwarding goes on. */
static void
test_trickle (void)
{
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McSim *sim = mc_sim_start (NULL);
  g_autofree char *config = mc_forward_config (server_dir, sim, "\"answer_timeout_seconds\": 2");
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--forward", config));
  g_autofree char *token = mc_server_token (server_dir, "xa-tan-lap");
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *why = NULL;
  const char *code = "000.00.12.H29-261123-9105";
  g_autoptr(JsonNode) state = NULL;

  sim_post (sim, "admin/hostile", "{\"mode\": \"trickle\"}");
  g_assert_cmpuint (put_dossier (server, token, uuid, 1, code, "Trần Văn Bình", "0912345678"), ==, 201);
  why = wait_attempts (server_dir, 2);
  g_assert_nonnull (strstr (why, "2 giây"));
  sim_post (sim, "admin/hostile", "{\"mode\": \"\"}");
  mc_forwards_wait (server_dir, 1, 0, 60000);
  state = mc_sim_state (sim);
  g_assert_cmpint (mc_sim_count (state, "creates", code), ==, 1);

  mc_server_free (server);
  mc_sim_free (sim);
  mc_test_rm_rf (server_dir);
}

static void
test_kill_before_done (void)
{
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McSim *sim = mc_sim_start (MC_SYNC_ARGS ("--latency", "3000", "--exists-message", "Dữ liệu không hợp lệ"));
  g_autofree char *config = mc_forward_config (server_dir, sim, NULL);
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--forward", config));
  g_autofree char *token = mc_server_token (server_dir, "xa-tan-lap");
  g_autofree char *uuid = g_uuid_string_random ();
  const char *code = "000.00.12.H29-261123-9102";
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  g_autoptr(JsonNode) state = NULL;

  g_assert_cmpuint (put_dossier (server, token, uuid, 1, code, "Trần Văn Bình", "0912345678"), ==, 201);
  /* The create is stored there; its answer is 3 s away: kill now. */
  for (;;)
    {
      g_autoptr(JsonNode) s = mc_sim_state (sim);

      if (mc_sim_count (s, "creates", code) == 1)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("the create did not reach the simulator within 60 s");
      g_usleep (20000);
    }
  mc_server_kill (server);
  {
    g_autoptr(JsonNode) f = mc_forwards (server_dir);

    g_assert_cmpstr (json_object_get_string_member (only_row (f), "state"), ==, "queued");
  }
  mc_server_restart (server, NULL);
  mc_forwards_wait (server_dir, 1, 0, 90000);

  state = mc_sim_state (sim);
  g_assert_cmpint (mc_sim_count (state, "creates", code), ==, 1);
  g_assert_cmpint (mc_sim_count (state, "updates", code), ==, 1);
  g_assert_cmpint (mc_sim_count (state, "counts", "exists"), ==, 0);
  g_assert_cmpint (mc_sim_count (state, "counts", "lookups"), >=, 1);

  mc_server_free (server);
  mc_sim_free (sim);
  mc_test_rm_rf (server_dir);
}

/* A create that may have left (here: its first attempt failed) is looked
 * up first; a gateway that answers the lookup of an unknown MaHoSo with an
 * error "không tồn tại" means "not there": the create follows, instead of
 * retrying the lookup for ever. */
static void
test_lookup_missing (void)
{
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McSim *sim = mc_sim_start (MC_SYNC_ARGS ("--fail-500", "1", "--missing-is-error"));
  g_autofree char *config = mc_forward_config (server_dir, sim, NULL);
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--forward", config));
  g_autofree char *token = mc_server_token (server_dir, "xa-tan-lap");
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *why = NULL;
  const char *code = "000.00.12.H29-261123-9103";
  g_autoptr(JsonNode) state = NULL;

  g_assert_cmpuint (put_dossier (server, token, uuid, 1, code, "Trần Văn Bình", "0912345678"), ==, 201);
  why = wait_attempts (server_dir, 1);
  g_assert_nonnull (strstr (why, "HTTP 500"));
  sim_post (sim, "admin/fail-500", "{\"fraction\": 0}");
  mc_forwards_wait (server_dir, 1, 0, 60000);
  state = mc_sim_state (sim);
  g_assert_cmpint (mc_sim_count (state, "creates", code), ==, 1);
  g_assert_cmpint (mc_sim_count (state, "counts", "lookups"), >=, 1);

  mc_server_free (server);
  mc_sim_free (sim);
  mc_test_rm_rf (server_dir);
}

/* A refusal whose message names a version ("phiên bản") once read as an
 * expired session: the server logged in again and retried for ever. */
static void
test_refused_version (void)
{
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McSim *sim = mc_sim_start (MC_SYNC_ARGS ("--refuse", "Bình",
                                           "--refuse-message", "Sai phiên bản dữ liệu: cần phiên bản 2.0"));
  g_autofree char *config = mc_forward_config (server_dir, sim, NULL);
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--forward", config));
  g_autofree char *token = mc_server_token (server_dir, "xa-tan-lap");
  g_autofree char *uuid = g_uuid_string_random ();
  g_autoptr(JsonNode) forwards = NULL;
  JsonObject *row;

  g_assert_cmpuint (put_dossier (server, token, uuid, 1, "000.00.12.H29-261123-9107", "Trần Văn Bình",
                                 "0912345678"), ==, 201);
  mc_forwards_wait (server_dir, 0, 1, 60000);
  forwards = mc_forwards (server_dir);
  row = only_row (forwards);
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "needs_attention");
  g_assert_nonnull (strstr (json_object_get_string_member (row, "last_error"), "phiên bản"));

  mc_server_free (server);
  mc_sim_free (sim);
  mc_test_rm_rf (server_dir);
}

/* The desk sends a corrected revision while the one-stop system is still
 * answering the refusal of the first: the refusal concerns a revision
 * that no longer counts, so it neither blocks the dossier nor reaches the
 * desk as a refusal; the corrected one is created. */
static void
test_refused_superseded (void)
{
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McSim *sim = mc_sim_start (MC_SYNC_ARGS ("--refuse", "Từ Chối", "--latency", "2000"));
  g_autofree char *config = mc_forward_config (server_dir, sim, NULL);
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--forward", config));
  g_autofree char *token = mc_server_token (server_dir, "xa-tan-lap");
  g_autofree char *uuid = g_uuid_string_random ();
  const char *code = "000.00.12.H29-261123-9104";
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  g_autoptr(JsonNode) state = NULL;
  g_autoptr(JsonNode) dossiers = NULL;

  g_assert_cmpuint (put_dossier (server, token, uuid, 1, code, "Lê Từ Chối", "0912345678"), ==, 201);
  for (;;)
    {
      g_autoptr(JsonNode) s = mc_sim_state (sim);

      if (mc_sim_count (s, "counts", "refused") == 1)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("the refused create did not reach the simulator within 60 s");
      g_usleep (20000);
    }
  /* Its answer is up to 2 s away. */
  g_assert_cmpuint (put_dossier (server, token, uuid, 2, code, "Lê Văn Sửa", "0987654321"), ==, 200);
  mc_forwards_wait (server_dir, 1, 0, 60000);

  state = mc_sim_state (sim);
  g_assert_cmpint (mc_sim_count (state, "creates", code), ==, 1);
  g_assert_cmpint (mc_sim_count (state, "counts", "refused"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (
                     json_node_get_object (state), "records"), code), "ChuHoSo"), ==, "Lê Văn Sửa");
  dossiers = mc_server_dossiers (server_dir);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_node_get_array (dossiers), 0),
                                               "state_code"), !=, 3);

  mc_server_free (server);
  mc_sim_free (sim);
  mc_test_rm_rf (server_dir);
}

/* Status polling takes 50 dossiers a round, least recently polled first.
 * 50 dossiers whose lookups keep failing must not keep the 51st from ever
 * being looked up: a failed lookup counts as polled. */
static void
test_poll_starved (void)
{
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McSim *sim = mc_sim_start (NULL);
  g_autofree char *config = mc_forward_config (server_dir, sim, NULL);
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--forward", config));
  g_autofree char *token = mc_server_token (server_dir, "xa-tan-lap");
  g_autofree char *last = NULL;
  gint64 deadline;

  sim_post (sim, "admin/lookup-error", "{\"prefix\": \"000.00.12.H29-261123-8\"}");
  for (guint i = 0; i < 51; i++)
    {
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *code = g_strdup_printf ("000.00.12.H29-261123-%d%03u", i < 50 ? 8 : 7, i);

      g_assert_cmpuint (put_dossier (server, token, uuid, 1, code, "Trần Văn Bình", "0912345678"), ==, 201);
      if (i == 50)
        last = g_steal_pointer (&code);
    }
  mc_forwards_wait (server_dir, 51, 0, 120000);
  mc_sim_set_status (sim, last, 4, "Nguyễn Văn An", "Đang xử lý");

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autoptr(JsonNode) f = mc_forwards (server_dir);
      JsonArray *rows = json_node_get_array (f);
      JsonObject *row = json_array_get_object_element (rows, 50);

      g_assert_cmpstr (json_object_get_string_member (row, "code"), ==, last);
      if (json_object_get_int_member_with_default (row, "remote_state_code", 0) == 4)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("%s was not looked up within 60 s (poll_seconds 1)", last);
      g_usleep (200000);
    }

  mc_server_free (server);
  mc_sim_free (sim);
  mc_test_rm_rf (server_dir);
}

static char *
forwards_text (const char *server_dir,
               const char *state)
{
  McResult r = state != NULL ? mc_server_cmd (server_dir, 60000, MC_SYNC_ARGS ("forwards", "--state", state))
                             : mc_server_cmd (server_dir, 60000, MC_SYNC_ARGS ("forwards"));
  char *out;

  g_assert_cmpint (r.status, ==, 0);
  out = g_strdup (r.out);
  mc_result_clear (&r);
  return out;
}

static char *
backfill (const char *server_dir,
          const char *since)
{
  McResult r = since != NULL ? mc_server_cmd (server_dir, 60000, MC_SYNC_ARGS ("forward-backfill", "--since", since))
                             : mc_server_cmd (server_dir, 60000, MC_SYNC_ARGS ("forward-backfill"));
  char *out;

  g_assert_cmpint (r.status, ==, 0);
  out = g_strdup (r.out);
  mc_result_clear (&r);
  return out;
}

static void
test_backfill (void)
{
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McSim *sim = mc_sim_start (MC_SYNC_ARGS ("--refuse", "Từ Chối"));
  g_autofree char *config = mc_forward_config (server_dir, sim, NULL);
  McServer *server = mc_server_start (server_dir, NULL);    /* no forwarding yet */
  g_autofree char *token = mc_server_token (server_dir, "xa-tan-lap");
  const char *codes[] = { "000.00.12.H29-261123-9203", "000.00.12.H29-261123-9201", "000.00.12.H29-261123-9202" };
  const char *names[] = { "Trần Văn Bình", "Lê Từ Chối", "Phạm Thị Hoa" };
  char *uuids[3];
  g_autoptr(JsonNode) f = NULL;
  g_autoptr(JsonNode) state = NULL;
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  JsonArray *rows;

  for (guint i = 0; i < 3; i++)
    {
      uuids[i] = g_uuid_string_random ();
      g_assert_cmpuint (put_dossier (server, token, uuids[i], 1, codes[i], names[i], "0912345678"), ==, 201);
    }
  g_assert_cmpuint (put_dossier (server, token, uuids[0], 2, codes[0], names[0], "0987654321"), ==, 200);
  mc_server_stop (server);
  f = mc_forwards (server_dir);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (f)), ==, 0);
  g_clear_pointer (&f, json_node_unref);

  out = backfill (server_dir, "2026-11-24");
  g_assert_cmpstr (out, ==, "queued 0\n");
  g_free (out);
  out = backfill (server_dir, "2026-11-23");
  g_assert_cmpstr (out, ==, "queued 3\n");
  g_free (out);
  out = backfill (server_dir, NULL);
  g_assert_cmpstr (out, ==, "queued 0\n");

  /* Receipt order, all waiting. */
  f = mc_forwards (server_dir);
  rows = json_node_get_array (f);
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, i), "code"), ==, codes[i]);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, i), "state"), ==, "queued");
    }
  text = forwards_text (server_dir, NULL);
  lines = g_strsplit (text, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "queued 3, sent 0, needs_attention 0; oldest waiting "));
  g_assert_true (g_str_has_suffix (lines[0], "; last success never"));
  g_assert_cmpuint (g_strv_length (lines), ==, 5);    /* summary, 3 rows, "" */
  g_assert_nonnull (strstr (lines[1], codes[0]));

  /* Forwarding configured: two go, the refused one needs attention. */
  mc_server_restart (server, MC_SYNC_ARGS ("--forward", config));
  mc_forwards_wait (server_dir, 2, 1, 60000);
  state = mc_sim_state (sim);
  g_assert_cmpint (mc_sim_count (state, "creates", codes[0]), ==, 1);
  g_assert_cmpint (mc_sim_count (state, "creates", codes[2]), ==, 1);
  g_assert_cmpint (mc_sim_count (state, "updates", codes[0]), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (
                     json_node_get_object (state), "records"), codes[0]), "SoDienThoai"), ==, "0987654321");

  g_free (text);
  g_strfreev (lines);
  text = forwards_text (server_dir, "needs_attention");
  lines = g_strsplit (text, "\n", -1);
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (lines[0], "queued 0, sent 2, needs_attention 1; oldest waiting "));
  g_assert_null (strstr (lines[0], "last success never"));
  g_assert_nonnull (strstr (lines[0], " min ago ("));
  g_assert_cmpuint (g_strv_length (lines), ==, 3);    /* summary, 1 row, "" */
  g_assert_nonnull (strstr (lines[1], codes[1]));
  g_assert_nonnull (strstr (lines[1], "needs_attention"));
  g_clear_pointer (&f, json_node_unref);
  {
    McResult r = mc_server_cmd (server_dir, 60000, MC_SYNC_ARGS ("forwards", "--state", "sent", "--json"));

    g_assert_cmpint (r.status, ==, 0);
    f = mc_sync_parse_json ("forwards --state sent --json", r.out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (f)), ==, 2);
    mc_result_clear (&r);
    r = mc_server_cmd (server_dir, 60000, MC_SYNC_ARGS ("forwards", "--state", "waiting"));
    g_assert_cmpint (r.status, ==, 2);
    mc_result_clear (&r);
  }

  for (guint i = 0; i < 3; i++)
    g_free (uuids[i]);
  mc_server_free (server);
  mc_sim_free (sim);
  mc_test_rm_rf (server_dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/forward/review/hostile", test_hostile);
  g_test_add_func ("/forward/review/trickle", test_trickle);
  g_test_add_func ("/forward/review/kill-before-done", test_kill_before_done);
  g_test_add_func ("/forward/review/lookup-missing", test_lookup_missing);
  g_test_add_func ("/forward/review/refused-superseded", test_refused_superseded);
  g_test_add_func ("/forward/review/refused-version", test_refused_version);
  g_test_add_func ("/forward/review/poll-starved", test_poll_starved);
  g_test_add_func ("/forward/review/backfill", test_backfill);
  return mc_sync_done (g_test_run ());
}
