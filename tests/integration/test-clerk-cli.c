/* test-clerk-cli.c — the receiving clerk: `motcua init --clerk`, `motcua
 * clerk`, the clerk as the actor of the history and on the printed forms
 * (read back with pdftotext)
 */
#include "test-util.h"
#include "cli-util.h"

#include <string.h>

#define ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

static const char *dossier_json =
  "{\"procedure_code\": \"1.001193\","
  " \"applicant\": {\"full_name\": \"Đặng Thị Ánh\", \"id_kind\": \"cccd\", \"id_number\": \"001185012345\","
  "   \"date_of_birth\": \"1985-03-02\", \"phone\": \"0912 345 678\", \"address\": \"Thôn 3, xã Tân Lập\"},"
  " \"papers\": [{\"name\": \"Tờ khai đăng ký khai sinh\", \"copies\": 1}]}";

static char *
run_out (const char         *dir,
         const char         *input,
         const char * const *args)
{
  McRun r = mc_run_cli (dir, input, args);
  char *out;

  if (r.status != 0)
    g_error ("motcua %s failed (%d): %s", args[0], r.status, r.err);
  out = g_steal_pointer (&r.out);
  mc_run_clear (&r);
  return out;
}

static char *
intake (const char *dir)
{
  g_autofree char *out = run_out (dir, dossier_json, ARGS ("intake", "--json", "-"));
  g_autoptr(JsonNode) node = mc_parse_json (out);

  return g_strdup (json_object_get_string_member (json_node_get_object (node), "code"));
}

/* The actor of the @i-th history row of dossier @code (from the end when < 0). */
static char *
history_actor (const char *dir,
               const char *code,
               int         i)
{
  g_autofree char *out = run_out (dir, NULL, ARGS ("show", code, "--json"));
  g_autoptr(JsonNode) node = mc_parse_json (out);
  JsonArray *history = json_object_get_array_member (json_node_get_object (node), "history");
  guint n = json_array_get_length (history);

  g_assert_cmpuint (n, >, 0);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (history, i < 0 ? n + i : (guint) i),
                                                  "actor"));
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    g_error ("pdftotext is missing (poppler-utils, .ci/install-deps installs it): %s", error->message);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static char *
form_text (const char *dir,
           const char *work,
           const char *command,
           const char *code,
           const char *kind)
{
  g_autofree char *pdf = g_build_filename (work, "form.pdf", NULL);
  g_autofree char *out = kind != NULL ? run_out (dir, NULL, ARGS (command, kind, code, "-o", pdf))
                                      : run_out (dir, NULL, ARGS (command, code, "-o", pdf));

  return pdf_text (pdf);
}

static void
test_clerk (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *work = mc_test_make_tmp_dir ();
  g_autofree char *out = NULL;
  g_autofree char *code = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *refusal = NULL;
  McRun r;

  /* A bad name at set-up leaves the PC not set up. */
  r = mc_run_cli (dir, NULL, ARGS ("init", "--agency-code", "000.00.12.H29", "--agency-name", "UBND xã Tân Lập",
                                   "--clerk", "Lan 2"));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "Receiving clerk"));
  mc_run_clear (&r);
  r = mc_run_cli (dir, dossier_json, ARGS ("intake", "--json", "-"));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "motcua init"));
  mc_run_clear (&r);

  g_free (run_out (dir, NULL, ARGS ("init", "--agency-code", "000.00.12.H29", "--agency-name", "UBND xã Tân Lập",
                                    "--clerk", "  Nguyễn   Thị Lan ")));
  out = run_out (dir, NULL, ARGS ("clerk"));
  g_assert_cmpstr (out, ==, "Nguyễn Thị Lan\n");

  /* The clerk receives: in the history and on the receipt. */
  code = intake (dir);
  actor = history_actor (dir, code, 0);
  g_assert_cmpstr (actor, ==, "Nguyễn Thị Lan");
  receipt = form_text (dir, work, "receipt", code, NULL);
  g_assert_nonnull (strstr (receipt, "NGƯỜI TIẾP NHẬN HỒ SƠ"));
  g_assert_nonnull (strstr (receipt, "Nguyễn Thị Lan"));

  /* Another clerk takes over: the refusal is theirs, the receipt stays Lan's. */
  g_clear_pointer (&out, g_free);
  out = run_out (dir, NULL, ARGS ("clerk", "Trần Văn Hùng"));
  g_assert_nonnull (strstr (out, "Trần Văn Hùng"));
  g_free (run_out (dir, NULL, ARGS ("action", code, "refuse", "--reason", "Không thuộc thẩm quyền")));
  g_clear_pointer (&actor, g_free);
  actor = history_actor (dir, code, -1);
  g_assert_cmpstr (actor, ==, "Trần Văn Hùng");
  refusal = form_text (dir, work, "form", code, "03");
  g_assert_nonnull (strstr (refusal, "Trần Văn Hùng"));
  g_assert_null (strstr (refusal, "Nguyễn Thị Lan"));
  g_clear_pointer (&receipt, g_free);
  receipt = form_text (dir, work, "receipt", code, NULL);
  g_assert_nonnull (strstr (receipt, "Nguyễn Thị Lan"));
  g_assert_null (strstr (receipt, "Trần Văn Hùng"));

  /* A bad name changes nothing. */
  r = mc_run_cli (dir, NULL, ARGS ("clerk", "hung@example"));
  g_assert_cmpint (r.status, ==, 65);
  mc_run_clear (&r);
  g_clear_pointer (&out, g_free);
  out = run_out (dir, NULL, ARGS ("clerk"));
  g_assert_cmpstr (out, ==, "Trần Văn Hùng\n");

  mc_test_rm_rf (dir);
  mc_test_rm_rf (work);
}

/* $MOTCUA_ACTOR still wins (scripts); without a clerk, the login acts and
 * no name is printed under the signature. */
static void
test_actor_order (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *work = mc_test_make_tmp_dir ();
  g_autofree char *code = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *out = NULL;
  g_autofree char *receipt = NULL;
  McRun r;

  g_free (run_out (dir, NULL, ARGS ("init", "--agency-code", "000.00.12.H29", "--agency-name", "UBND xã Tân Lập",
                                    "--clerk", "Nguyễn Thị Lan")));
  g_setenv ("MOTCUA_ACTOR", "import-script", TRUE);
  code = intake (dir);
  g_unsetenv ("MOTCUA_ACTOR");
  actor = history_actor (dir, code, 0);
  g_assert_cmpstr (actor, ==, "import-script");

  out = run_out (dir, NULL, ARGS ("clerk", "--clear"));
  r = mc_run_cli (dir, NULL, ARGS ("clerk"));
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "no receiving clerk"));
  mc_run_clear (&r);

  g_free (code);
  code = intake (dir);
  g_clear_pointer (&actor, g_free);
  actor = history_actor (dir, code, 0);
  g_assert_cmpstr (actor, ==, g_get_user_name ());
  receipt = form_text (dir, work, "receipt", code, NULL);
  g_assert_nonnull (strstr (receipt, "NGƯỜI TIẾP NHẬN HỒ SƠ"));
  g_assert_null (strstr (receipt, "Nguyễn Thị Lan"));

  r = mc_run_cli (dir, NULL, ARGS ("clerk", "A", "B"));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);

  mc_test_rm_rf (dir);
  mc_test_rm_rf (work);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("MOTCUA_ACTOR");

  g_test_add_func ("/clerk-cli/clerk", test_clerk);
  g_test_add_func ("/clerk-cli/actor-order", test_actor_order);

  return g_test_run ();
}
