/* test-forward-return.c — handing the result over, desk to one-stop system
 *
 * Real motcua (desk), motcua-server --forward and dvcqg-sim on loopback:
 * - a hand-over is refused while the province has not finished the
 *   dossier; once the one-stop system says done (9) and the desk pulled it,
 *   `motcua action CODE return --to NAME` records it; a second one is
 *   refused naming the first receiver;
 * - the ledger's CSV shows the date and the receiver under "Trả kết quả";
 * - the upload carries the action, the server moves the dossier to 10 and
 *   echoes it in /changes (show --json: server_state_code 10);
 * - the one-stop system gets the record in status 10 with NgayTra (the
 *   hand-over's time) and ThongTinTra (the receiver); it refuses a
 *   status-10 record without NgayTra.
 */
#include "forward-util.h"

#define RECEIVER "Nguyễn Văn An"

static JsonObject *
show (McDesk     *desk,
      const char *code)
{
  JsonNode *node = mc_desk_show (desk, code);
  JsonObject *o = json_object_ref (json_node_get_object (node));

  json_node_unref (node);
  return o;
}

/* Syncs until the desk shows @code in @state (at most 60 s). */
static void
sync_until_state (McDesk     *desk,
                  const char *code,
                  const char *state)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(JsonObject) o = NULL;

      mc_desk_sync_until_done (desk, 60000);
      o = show (desk, code);
      if (g_strcmp0 (json_object_get_string_member (o, "state"), state) == 0)
        return;
      if (g_get_monotonic_time () > deadline)
        g_error ("%s did not reach %s on the desk (it is %s)", code, state, json_object_get_string_member (o, "state"));
      g_usleep (300000);
    }
}

/* The ledger line of @code in the CSV `motcua ledger` writes. */
static char *
ledger_line (McDesk     *desk,
             const char *code)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) before = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) after = g_date_time_add_days (now, 1);
  g_autofree char *from = g_date_time_format (before, "%Y-%m-%d");
  g_autofree char *to = g_date_time_format (after, "%Y-%m-%d");
  g_autofree char *path = g_build_filename (desk->work, "ledger.csv", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  McResult r = mc_cli_expect (desk->dir, 0, 30000, MC_SYNC_ARGS ("ledger", "--from", from, "--to", to, "-o", path));

  mc_result_clear (&r);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  lines = g_strsplit (text, "\r\n", -1);
  g_assert_nonnull (strstr (lines[0], "Trả kết quả"));
  for (guint i = 1; lines[i] != NULL; i++)
    if (strstr (lines[i], code) != NULL)
      return g_strdup (lines[i]);
  g_error ("%s is not in the ledger", code);
}

static JsonObject *
sim_record (McSim      *sim,
            const char *code)
{
  g_autoptr(JsonNode) state = mc_sim_state (sim);
  JsonObject *records = json_object_get_object_member (json_node_get_object (state), "records");

  return json_object_has_member (records, code) ? json_object_ref (json_object_get_object_member (records, code))
                                                : NULL;
}

static void
test_return (void)
{
  McDesk *desk = mc_desk_new ();
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McSim *sim = mc_sim_start (NULL);
  g_autofree char *config = mc_forward_config (server_dir, sim, NULL);
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--forward", config));
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GDateTime) returned_at = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *ngay_tra = NULL;
  g_autofree char *ledger_cell = NULL;
  g_autofree char *line = NULL;
  gint64 deadline;
  McMade *a, *b;
  McResult r;

  mc_desk_enrol (desk, server);
  a = mc_desk_add_dossier (desk, "Đặng Thị Ánh", NULL, 0);
  b = mc_desk_add_dossier (desk, "Lê Văn Bình", NULL, 0);
  mc_desk_sync_until_done (desk, 60000);

  /* Not finished yet: nothing to hand over. */
  r = mc_cli_run (desk->dir, 30000, MC_SYNC_ARGS ("action", a->code, "return", "--to", RECEIVER));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, a->code));
  mc_result_clear (&r);
  /* --to is required and must be a person's name. */
  r = mc_cli_run (desk->dir, 30000, MC_SYNC_ARGS ("action", a->code, "return"));
  g_assert_cmpint (r.status, ==, 2);
  mc_result_clear (&r);

  /* The one-stop system finished A; the server's status poll brings it
   * back, the desk pulls it. */
  mc_sim_set_status (sim, a->code, 9, "Nguyễn Văn Bình", "Đã ký giấy khai sinh");
  sync_until_state (desk, a->code, "done");

  r = mc_cli_run (desk->dir, 30000, MC_SYNC_ARGS ("action", a->code, "return", "--to", "12345"));
  g_assert_cmpint (r.status, ==, 65);
  mc_result_clear (&r);
  r = mc_cli_expect (desk->dir, 0, 30000, MC_SYNC_ARGS ("action", a->code, "return", "--to", RECEIVER));
  g_assert_nonnull (strstr (r.out, RECEIVER));
  mc_result_clear (&r);
  /* Twice: refused, naming who received it. */
  r = mc_cli_run (desk->dir, 30000, MC_SYNC_ARGS ("action", a->code, "return", "--to", "Trần Văn Bảo"));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, RECEIVER));
  mc_result_clear (&r);

  shown = show (desk, a->code);
  g_assert_cmpstr (json_object_get_string_member (shown, "state"), ==, "returned");
  g_assert_cmpstr (json_object_get_string_member (shown, "returned_to"), ==, RECEIVER);
  returned_at = g_date_time_new_from_iso8601 (json_object_get_string_member (shown, "returned_at"), NULL);
  g_assert_nonnull (returned_at);
  local = g_date_time_to_timezone (returned_at, tz);

  /* The ledger: date and receiver for A, nothing yet for B. */
  line = ledger_line (desk, a->code);
  /* Quoted: the cell holds a comma (RFC 4180). */
  ledger_cell = g_date_time_format (local, "\"%d/%m/%Y, " RECEIVER "\"");
  g_assert_nonnull (strstr (line, ledger_cell));
  g_free (line);
  line = ledger_line (desk, b->code);
  g_assert_null (strstr (line, RECEIVER));

  /* Uploaded: the server holds 10 and says so in /changes. */
  sync_until_state (desk, a->code, "returned");
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  for (;;)
    {
      g_clear_pointer (&shown, json_object_unref);
      shown = show (desk, a->code);
      if (json_object_get_int_member_with_default (shown, "server_state_code", 0) == 10)
        break;
      if (g_get_monotonic_time () > deadline)
        g_error ("the server's state 10 did not come back to the desk");
      mc_desk_sync_until_done (desk, 60000);
      g_usleep (300000);
    }
  g_assert_true (json_object_get_null_member (shown, "sync_state"));

  /* The one-stop system: status 10, when and to whom. */
  ngay_tra = g_date_time_format (local, "%Y%m%d%H%M%S");
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  for (;;)
    {
      g_clear_pointer (&record, json_object_unref);
      record = sim_record (sim, a->code);
      if (record != NULL && g_strcmp0 (json_object_get_string_member (record, "TrangThaiHoSo"), "10") == 0)
        break;
      if (g_get_monotonic_time () > deadline)
        {
          g_autoptr(JsonNode) f = mc_forwards (server_dir);
          g_autofree char *text = json_to_string (f, TRUE);

          g_error ("the one-stop system did not get status 10:\n%s", text);
        }
      g_usleep (200000);
    }
  g_assert_cmpstr (json_object_get_string_member (record, "NgayTra"), ==, ngay_tra);
  g_assert_cmpstr (json_object_get_string_member (record, "ThongTinTra"), ==, "Người nhận kết quả: " RECEIVER);
  g_clear_pointer (&record, json_object_unref);
  record = sim_record (sim, b->code);
  g_assert_nonnull (record);
  g_assert_cmpstr (json_object_get_string_member (record, "TrangThaiHoSo"), ==, "2");
  g_assert_cmpstr (json_object_get_string_member (record, "NgayTra"), ==, "");
  {
    g_autoptr(JsonNode) f = mc_forwards (server_dir);

    g_assert_cmpuint (mc_forwards_in (f, "needs_attention"), ==, 0);
  }

  mc_server_free (server);
  mc_sim_free (sim);
  mc_desk_free (desk);
  mc_test_rm_rf (server_dir);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "Asia/Ho_Chi_Minh", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/forward/return", test_return);
  return mc_sync_done (g_test_run ());
}
