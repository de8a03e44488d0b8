/* test-sync-enrol.c — two PCs set up as the same station (issue 13 row 5,
 * docs/sync-protocol.md §4.1), with the real `motcua` and `motcua-server`:
 *
 * - the first `motcua enrol` with a token issued with a name alone binds
 *   it to the desk's agency code and station number; that desk syncs;
 * - a second PC set up as the same station, with a token of its own, is
 *   refused at `motcua enrol` (exit 77) with a message saying what to
 *   change — in Vietnamese under vi_VN — and stays not enrolled;
 * - given another station number, it enrols and syncs;
 * - the first PC, later set up as another number, is refused at sync
 *   (the token is bound to the number it enrolled with).
 */
#include "sync-util.h"
#include "cli-util.h"

#define INIT_ARGS(n) MC_SYNC_ARGS ("init", "--agency-code", "000.00.12.H29", "--agency-name", "UBND xã Tân Lập", \
                                   "--station", n)

static void
test_second_desk_same_station (void)
{
  g_autofree char *server_dir = mc_test_make_tmp_dir ();
  McServer *server = mc_server_start (server_dir, MC_SYNC_ARGS ("--seed", "1"));
  McDesk *first = mc_desk_new ();     /* both station 1 of 000.00.12.H29 */
  McDesk *second = mc_desk_new ();
  g_autofree char *token_1 = mc_server_token (server_dir, "may-1");
  g_autofree char *token_2 = mc_server_token (server_dir, "may-2");
  g_autofree char *token_file = g_build_filename (second->work, "token.txt", NULL);
  McResult r;

  r = mc_desk_enrol_run (first, server->url, token_1, NULL);
  g_assert_cmpint (r.status, ==, 0);
  mc_result_clear (&r);
  mc_desk_add_dossier (first, NULL, (const gint64[]) { 3000 }, 1);
  mc_desk_sync_until_done (first, 60000);
  g_assert_cmpuint (mc_server_count (server_dir), ==, 1);

  /* The second PC: refused, told what to change, nothing about the first. */
  r = mc_desk_enrol_run (second, server->url, token_2, NULL);
  g_assert_cmpint (r.status, ==, 77);
  g_assert_nonnull (strstr (r.err, "station 1 of unit 000.00.12.H29"));
  g_assert_nonnull (strstr (r.err, "another station number"));
  g_assert_nonnull (strstr (r.err, "revoke the other PC's token"));
  g_assert_null (strstr (r.err, "may-1"));
  g_assert_null (strstr (r.err, token_1));
  mc_result_clear (&r);
  {
    McRun vi = mc_run_cli_lang (second->dir, NULL, "vi_VN.UTF-8",
                                MC_SYNC_ARGS ("enrol", "--server", server->url, "--token-file", token_file));

    g_test_message ("vi: %s", vi.err);
    g_assert_cmpint (vi.status, ==, 77);
    g_assert_nonnull (strstr (vi.err, "Một máy khác đã đăng ký với máy chủ là máy trạm số 1 của đơn vị 000.00.12.H29"));
    g_assert_nonnull (strstr (vi.err, "Tùy chỉnh → Bàn tiếp nhận"));
    mc_run_clear (&vi);
  }
  r = mc_cli_expect (second->dir, 78, 30000, MC_SYNC_ARGS ("sync", "--once"));   /* not enrolled */
  mc_result_clear (&r);

  /* Set up as station 2, the same token enrols and syncs. */
  r = mc_cli_expect (second->dir, 0, 30000, INIT_ARGS ("2"));
  mc_result_clear (&r);
  r = mc_desk_enrol_run (second, server->url, token_2, NULL);
  g_assert_cmpint (r.status, ==, 0);
  mc_result_clear (&r);
  mc_desk_add_dossier (second, NULL, (const gint64[]) { 2000 }, 1);
  mc_desk_sync_until_done (second, 60000);
  g_assert_cmpuint (mc_server_count (server_dir), ==, 2);

  /* The first PC set up again as station 3: its token stays station 1's. */
  r = mc_cli_expect (first->dir, 0, 30000, INIT_ARGS ("3"));
  mc_result_clear (&r);
  mc_desk_add_dossier (first, NULL, (const gint64[]) { 1000 }, 1);
  r = mc_cli_expect (first->dir, 77, 60000, MC_SYNC_ARGS ("sync", "--once"));
  g_assert_nonnull (strstr (r.err, "số 1"));
  mc_result_clear (&r);
  g_assert_cmpuint (mc_server_count (server_dir), ==, 2);

  mc_server_free (server);
  mc_desk_free (first);
  mc_desk_free (second);
  mc_test_rm_rf (server_dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/enrol/second-desk-same-station", test_second_desk_same_station);
  return mc_sync_done (g_test_run ());
}
