/* test-cli.c — the `motcua` command-line contract, run as a real process */
#include "test-util.h"
#include "cli-util.h"
#include "attachment-util.h"

#include <string.h>
#include <glib/gstdio.h>

#define ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

typedef struct
{
  char *dir;
  char *work;   /* scratch files (inputs, attachments) outside the data dir */
} Fixture;

static const char *valid_dossier =
  "{\"procedure_code\": \"1.001193\","
  " \"applicant\": {\"full_name\": \"Đặng Thị Ánh\", \"id_kind\": \"cccd\", \"id_number\": \"001185012345\","
  "   \"date_of_birth\": \"1985-03-02\", \"phone\": \"+84 912 345 678\", \"address\": \"Thôn 3, xã Tân Lập\"},"
  " \"received_at\": \"2026-02-12T09:30:00+07:00\","
  " \"papers\": [{\"name\": \"Tờ khai đăng ký khai sinh\", \"copies\": 1}, {\"name\": \"Giấy chứng sinh\", \"copies\": 1, \"form\": \"original\"}],"
  " \"notes\": \"Nộp trực tiếp\"}";

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  McRun r;

  f->dir = mc_test_make_tmp_dir ();
  f->work = mc_test_make_tmp_dir ();
  r = mc_run_cli (f->dir, NULL, ARGS ("init", "--agency-code", "000.00.12.H29", "--agency-name", "UBND xã Tân Lập", "--station", "2"));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  mc_test_rm_rf (f->dir);
  mc_test_rm_rf (f->work);
  g_free (f->dir);
  g_free (f->work);
}

static JsonObject *
intake_ok (Fixture    *f,
           const char *json,
           JsonNode  **keep)
{
  McRun r = mc_run_cli (f->dir, json, ARGS ("intake", "--json", "-"));

  if (r.status != 0)
    g_error ("intake failed (%d): %s", r.status, r.err);
  *keep = mc_parse_json (r.out);
  mc_run_clear (&r);
  return json_node_get_object (*keep);
}

static guint
count_listed (Fixture *f)
{
  McRun r = mc_run_cli (f->dir, NULL, ARGS ("list", "--json"));
  g_autoptr(JsonNode) node = NULL;
  guint n;

  g_assert_cmpint (r.status, ==, 0);
  node = mc_parse_json (r.out);
  n = json_array_get_length (json_node_get_array (node));
  mc_run_clear (&r);
  return n;
}

static void
test_init_errors (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  McRun r;

  r = mc_run_cli (dir, NULL, ARGS ("init", "--agency-code", "000-00", "--agency-name", "X"));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "Agency code") ? r.err : strstr (r.err, "Mã"));
  mc_run_clear (&r);

  r = mc_run_cli (dir, NULL, ARGS ("init", "--agency-code", "000.00.12.H29"));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);

  r = mc_run_cli (dir, NULL, ARGS ("init", "--agency-code", "000.00.12.H29", "--agency-name", "X", "--station", "12"));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);

  r = mc_run_cli (dir, NULL, ARGS ("frobnicate"));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);

  /* Intake before set-up says what to do. */
  r = mc_run_cli (dir, valid_dossier, ARGS ("intake", "--json", "-"));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "motcua init"));
  mc_run_clear (&r);
  mc_test_rm_rf (dir);
}

static void
test_catalog (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *bad = g_build_filename (f->work, "bad.json", NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;
  McRun r = mc_run_cli (f->dir, NULL, ARGS ("catalog", "list", "--json"));
  g_autofree char *before = NULL;

  g_assert_cmpint (r.status, ==, 0);
  node = mc_parse_json (r.out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), >=, 15);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *p = json_array_get_object_element (array, i);
      g_assert_true (json_object_has_member (p, "code"));
      g_assert_true (json_object_has_member (p, "name"));
      g_assert_true (json_object_has_member (p, "processing_days"));
    }
  before = g_steal_pointer (&r.out);
  mc_run_clear (&r);

  /* A broken replacement is refused and the catalog in use is kept. */
  g_assert_true (g_file_set_contents (bad, "{\"format\": 1, \"procedures\": [{\"code\": \"X\"}]}", -1, NULL));
  r = mc_run_cli (f->dir, NULL, ARGS ("catalog", "import", bad));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, bad));
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("catalog", "list", "--json"));
  g_assert_cmpstr (r.out, ==, before);
  mc_run_clear (&r);

  r = mc_run_cli (f->dir, NULL, ARGS ("catalog", "import", "/nonexistent/catalog.json"));
  g_assert_cmpint (r.status, ==, 74);
  mc_run_clear (&r);
}

static void
test_intake_list_show (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) keep = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *o = intake_ok (f, valid_dossier, &keep);
  JsonObject *d;
  const char *code = json_object_get_string_member (o, "code");
  const char *uuid = json_object_get_string_member (o, "uuid");
  McRun r;

  /* Station 2's range; the day of receipt; the next working day (0 days,
   * birth registration is same-day) is the received day itself. */
  g_assert_cmpstr (code, ==, "000.00.12.H29-260212-2000");
  g_assert_true (g_uuid_string_is_valid (uuid));
  g_assert_cmpstr (json_object_get_string_member (o, "received_at"), ==, "2026-02-12T09:30:00+07:00");
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d{2}-\\d{2}$", json_object_get_string_member (o, "due_date"), 0, 0));

  r = mc_run_cli (f->dir, NULL, ARGS ("list", "--json", "--search", "dang thi anh"));
  g_assert_cmpint (r.status, ==, 0);
  list = mc_parse_json (r.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  d = json_array_get_object_element (json_node_get_array (list), 0);
  g_assert_cmpstr (json_object_get_string_member (d, "uuid"), ==, uuid);
  g_assert_cmpstr (json_object_get_string_member (d, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (d, "state"), ==, "received");
  g_assert_cmpstr (json_object_get_string_member (d, "applicant_name"), ==, "Đặng Thị Ánh");
  g_assert_true (json_object_has_member (d, "received_at"));
  g_assert_true (json_object_has_member (d, "due_date"));
  mc_run_clear (&r);

  r = mc_run_cli (f->dir, NULL, ARGS ("list", "--json", "--state", "uploaded"));
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (g_strstrip (r.out), ==, "[]");
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("list", "--state", "lost"));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);

  for (guint i = 0; i < 2; i++)
    {
      r = mc_run_cli (f->dir, NULL, ARGS ("show", i ? uuid : code, "--json"));
      g_assert_cmpint (r.status, ==, 0);
      shown = mc_parse_json (r.out);
      d = json_node_get_object (shown);
      g_assert_cmpstr (json_object_get_string_member (d, "code"), ==, code);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (d, "applicant"), "phone"), ==, "0912345678");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (d, "papers")), ==, 2);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (d, "history")), ==, 1);
      g_clear_pointer (&shown, json_node_unref);
      mc_run_clear (&r);
    }

  r = mc_run_cli (f->dir, NULL, ARGS ("show", "000.00.12.H29-260212-2999", "--json"));
  g_assert_cmpint (r.status, ==, 65);
  mc_run_clear (&r);
}

static void
test_intake_attachment (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->work, "giay-chung-sinh.pdf", NULL);
  g_autofree char *json = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(JsonNode) keep = NULL;
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *o, *a;
  McRun r;

  mc_test_write_pdf (pdf, "Giấy chứng sinh");
  json = g_strdup_printf ("{\"procedure_code\": \"HT-KS\", \"applicant\": {\"full_name\": \"Lê Văn Tám\", \"id_kind\": \"cmnd\","
                          " \"id_number\": \"123456789\", \"address\": \"Xóm 2\"}, \"attachments\": [\"%s\"]}", pdf);
  o = intake_ok (f, json, &keep);

  r = mc_run_cli (f->dir, NULL, ARGS ("show", json_object_get_string_member (o, "code"), "--json"));
  shown = mc_parse_json (r.out);
  a = json_array_get_object_element (json_object_get_array_member (json_node_get_object (shown), "attachments"), 0);
  g_assert_cmpstr (json_object_get_string_member (a, "name"), ==, "giay-chung-sinh.pdf");
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (pdf, &st), ==, 0);
    g_assert_cmpint (json_object_get_int_member (a, "size"), ==, st.st_size);
  }
  g_assert_cmpuint (strlen (json_object_get_string_member (a, "sha256")), ==, 64);
  mc_run_clear (&r);

  /* A missing file: refused, nothing saved. */
  missing = g_strdup_printf ("{\"procedure_code\": \"HT-KS\", \"applicant\": {\"full_name\": \"Lê Văn Tám\", \"id_kind\": \"cmnd\","
                             " \"id_number\": \"123456789\", \"address\": \"Xóm 2\"}, \"attachments\": [\"%s/nope.pdf\"]}", f->work);
  r = mc_run_cli (f->dir, missing, ARGS ("intake", "--json", "-"));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "attachments[0]"));
  mc_run_clear (&r);
  g_assert_cmpuint (count_listed (f), ==, 1);
}

static const struct
{
  const char *name;
  const char *json;
  const char *field;   /* what the message must name */
} bad_inputs[] = {
  { "wrong-cccd-length", "{\"procedure_code\": \"HT-KS\", \"applicant\": {\"full_name\": \"A B\", \"id_kind\": \"cccd\", \"id_number\": \"00108501234\", \"address\": \"X\"}}", "applicant.id_number" },
  { "cccd-century-mismatch", "{\"procedure_code\": \"HT-KS\", \"applicant\": {\"full_name\": \"A B\", \"id_kind\": \"cccd\", \"id_number\": \"001285012345\", \"date_of_birth\": \"1985-03-02\", \"address\": \"X\"}}", "applicant.id_number" },
  { "cccd-bad-province", "{\"procedure_code\": \"HT-KS\", \"applicant\": {\"full_name\": \"A B\", \"id_kind\": \"cccd\", \"id_number\": \"003085012345\", \"address\": \"X\"}}", "applicant.id_number" },
  { "unknown-procedure", "{\"procedure_code\": \"NO-SUCH\", \"applicant\": {\"full_name\": \"A B\", \"id_kind\": \"cmnd\", \"id_number\": \"123456789\", \"address\": \"X\"}}", "procedure_code" },
  { "malformed-json", "{\"procedure_code\": \"HT-KS\", \"applicant\": {", "JSON" },
  { "not-an-object", "[1, 2]", "JSON" },
  { "missing-name", "{\"procedure_code\": \"HT-KS\", \"applicant\": {\"id_kind\": \"cmnd\", \"id_number\": \"123456789\", \"address\": \"X\"}}", "applicant.full_name" },
  { "missing-applicant", "{\"procedure_code\": \"HT-KS\"}", "applicant" },
  { "missing-procedure", "{\"applicant\": {\"full_name\": \"A B\", \"id_kind\": \"cmnd\", \"id_number\": \"123456789\", \"address\": \"X\"}}", "procedure_code" },
  { "future-received", "{\"procedure_code\": \"HT-KS\", \"received_at\": \"2099-01-01T08:00:00+07:00\", \"applicant\": {\"full_name\": \"A B\", \"id_kind\": \"cmnd\", \"id_number\": \"123456789\", \"address\": \"X\"}}", "received_at" },
  { "received-without-offset", "{\"procedure_code\": \"HT-KS\", \"received_at\": \"2026-01-01T08:00:00\", \"applicant\": {\"full_name\": \"A B\", \"id_kind\": \"cmnd\", \"id_number\": \"123456789\", \"address\": \"X\"}}", "received_at" },
  { "bad-phone", "{\"procedure_code\": \"HT-KS\", \"applicant\": {\"full_name\": \"A B\", \"id_kind\": \"cmnd\", \"id_number\": \"123456789\", \"phone\": \"0112345678\", \"address\": \"X\"}}", "applicant.phone" },
  { "bad-id-kind", "{\"procedure_code\": \"HT-KS\", \"applicant\": {\"full_name\": \"A B\", \"id_kind\": \"licence\", \"id_number\": \"123456789\", \"address\": \"X\"}}", "applicant.id_kind" },
  { "bad-copies", "{\"procedure_code\": \"HT-KS\", \"applicant\": {\"full_name\": \"A B\", \"id_kind\": \"cmnd\", \"id_number\": \"123456789\", \"address\": \"X\"}, \"papers\": [{\"name\": \"Tờ khai\", \"copies\": 0}]}", "papers[0].copies" },
  { "number-as-name", "{\"procedure_code\": \"HT-KS\", \"applicant\": {\"full_name\": 42, \"id_kind\": \"cmnd\", \"id_number\": \"123456789\", \"address\": \"X\"}}", "applicant.full_name" },
};

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) keep = NULL;
  JsonObject *o = intake_ok (f, valid_dossier, &keep);
  g_autofree char *code = g_strdup (json_object_get_string_member (o, "code"));
  g_autofree char *shown_before = NULL;
  McRun r;

  r = mc_run_cli (f->dir, NULL, ARGS ("show", code, "--json"));
  shown_before = g_steal_pointer (&r.out);
  mc_run_clear (&r);

  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_test_message ("bad input: %s", bad_inputs[i].name);
      r = mc_run_cli (f->dir, bad_inputs[i].json, ARGS ("intake", "--json", "-"));
      g_assert_cmpint (r.status, ==, 65);
      if (strstr (r.err, bad_inputs[i].field) == NULL)
        g_error ("%s: message does not name %s: %s", bad_inputs[i].name, bad_inputs[i].field, r.err);
      g_assert_cmpstr (r.out, ==, "");
      mc_run_clear (&r);
    }

  /* Nothing was saved, and what was saved before is untouched. */
  g_assert_cmpuint (count_listed (f), ==, 1);
  r = mc_run_cli (f->dir, NULL, ARGS ("show", code, "--json"));
  g_assert_cmpstr (r.out, ==, shown_before);
  mc_run_clear (&r);

  /* The next good dossier gets the next code: no number was burnt. */
  {
    g_autoptr(JsonNode) keep2 = NULL;
    JsonObject *o2 = intake_ok (f, valid_dossier, &keep2);
    g_assert_cmpstr (json_object_get_string_member (o2, "code"), ==, "000.00.12.H29-260212-2001");
  }

  r = mc_run_cli (f->dir, NULL, ARGS ("intake", "--json", "/nonexistent/dossier.json"));
  g_assert_cmpint (r.status, ==, 74);
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("intake"));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);
}

static void
test_messages_in_vietnamese (Fixture       *f,
                             gconstpointer  data)
{
  McRun r = mc_run_cli_lang (f->dir, bad_inputs[0].json, "vi_VN.UTF-8", ARGS ("intake", "--json", "-"));

  g_assert_cmpint (r.status, ==, 65);
  /* The field path stays as in the JSON; the message is the clerk's. */
  if (strstr (r.err, "applicant.id_number: Số CCCD") == NULL)
    g_error ("not a Vietnamese message (is the vi_VN.UTF-8 locale generated?): %s", r.err);
  mc_run_clear (&r);

  r = mc_run_cli_lang (f->dir, NULL, "vi_VN.UTF-8", ARGS ("show", "000.00.12.H29-260212-2999"));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "hồ sơ"));
  mc_run_clear (&r);
}

/* Started from the build tree with nothing installed (the README's first
 * command), the programs find the catalogs in build/po by themselves. */
static void
test_messages_uninstalled (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *saved = g_strdup (g_getenv ("MOTCUA_LOCALEDIR"));
  McRun r;

  g_unsetenv ("MOTCUA_LOCALEDIR");
  r = mc_run_cli_lang (f->dir, NULL, "vi_VN.UTF-8", ARGS ("show", "000.00.12.H29-260212-2999"));
  if (saved != NULL)
    g_setenv ("MOTCUA_LOCALEDIR", saved, TRUE);
  g_assert_cmpint (r.status, ==, 65);
  if (strstr (r.err, "hồ sơ") == NULL)
    g_error ("an uninstalled motcua did not find build/po: %s", r.err);
  mc_run_clear (&r);
}

/* The commands of paper run in motcua-paper; a motcua that cannot find it
 * (a broken install) says so, with the path, and exits 1. In the build
 * tree, motcua runs the one next to it: exit codes and messages are its. */
static void
test_paper_helper (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "motcua", NULL);
  g_autoptr(GFile) src = g_file_new_for_path (g_getenv ("MOTCUA_CLI"));
  g_autoptr(GFile) dst = g_file_new_for_path (copy);
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("MOTCUA_CLI"));
  McRun r;

  r = mc_run_cli (f->dir, NULL, ARGS ("receipt", "000.00.12.H29-260212-2999", "-o", "x.pdf"));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "motcua receipt: "));
  mc_run_clear (&r);

  g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (copy, 0755), ==, 0);
  g_setenv ("MOTCUA_CLI", copy, TRUE);
  r = mc_run_cli (f->dir, NULL, ARGS ("receipt", "000.00.12.H29-260212-2999", "-o", "x.pdf"));
  g_setenv ("MOTCUA_CLI", saved, TRUE);
  if (g_file_test (MC_PAPER_PATH, G_FILE_TEST_IS_EXECUTABLE))
    g_assert_cmpint (r.status, ==, 65);   /* installed on this machine: it ran */
  else
    {
      g_assert_cmpint (r.status, ==, 1);
      g_assert_nonnull (strstr (r.err, "motcua receipt: cannot run " MC_PAPER_PATH));
      /* Outside the build tree: an installation to repair, not a build. */
      g_assert_nonnull (strstr (r.err, "reinstall MotCua Desk"));
      g_assert_null (strstr (r.err, "meson compile"));
    }
  mc_run_clear (&r);

  /* The commands that stay in motcua still work from the copy. */
  g_setenv ("MOTCUA_CLI", copy, TRUE);
  r = mc_run_cli (f->dir, NULL, ARGS ("show", "000.00.12.H29-260212-2999"));
  g_setenv ("MOTCUA_CLI", saved, TRUE);
  g_assert_cmpint (r.status, ==, 65);
  mc_run_clear (&r);
}

static void
test_calendar (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autoptr(JsonNode) node = NULL;
  JsonArray *days;
  gboolean tet = FALSE;
  McRun r;

  /* Received Thursday 12 Feb 2026, before the Tết break of 14–22 Feb. */
  r = mc_run_cli (dir, NULL, ARGS ("calendar", "due", "2026-02-12", "3"));
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "2026-02-24\n");
  mc_run_clear (&r);

  r = mc_run_cli (dir, NULL, ARGS ("calendar", "due", "2026-11-20", "0"));
  g_assert_cmpstr (r.out, ==, "2026-11-20\n");
  mc_run_clear (&r);
  r = mc_run_cli (dir, NULL, ARGS ("calendar", "due", "2026-11-21", "0"));
  g_assert_cmpstr (r.out, ==, "2026-11-23\n");
  mc_run_clear (&r);

  r = mc_run_cli (dir, NULL, ARGS ("calendar", "holidays", "2026", "--json"));
  g_assert_cmpint (r.status, ==, 0);
  node = mc_parse_json (r.out);
  days = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonObject *d = json_array_get_object_element (days, i);
      g_assert_true (json_object_has_member (d, "name"));
      if (g_str_equal (json_object_get_string_member (d, "date"), "2026-02-17"))
        tet = TRUE;
    }
  g_assert_true (tet);
  mc_run_clear (&r);

  r = mc_run_cli (dir, NULL, ARGS ("calendar", "due", "2026-02-30", "3"));
  g_assert_cmpint (r.status, ==, 65);
  mc_run_clear (&r);
  r = mc_run_cli (dir, NULL, ARGS ("calendar", "due", "2026-02-12", "many"));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);
  r = mc_run_cli (dir, NULL, ARGS ("calendar", "holidays", "1999"));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);

  /* A calendar question does not create a database. */
  {
    g_autofree char *db = g_build_filename (dir, "motcua.db", NULL);
    g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  }
  mc_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  g_test_add_func ("/cli/init-errors", test_init_errors);
  ADD ("/cli/catalog", test_catalog);
  ADD ("/cli/intake-list-show", test_intake_list_show);
  ADD ("/cli/intake-attachment", test_intake_attachment);
  ADD ("/cli/bad-input", test_bad_input);
  ADD ("/cli/vietnamese", test_messages_in_vietnamese);
  ADD ("/cli/vietnamese-uninstalled", test_messages_uninstalled);
  ADD ("/cli/paper-helper", test_paper_helper);
  g_test_add_func ("/cli/calendar", test_calendar);
#undef ADD
  return g_test_run ();
}
