/* test-fees-cli.c — fees (lệ phí, phí) through `motcua` as real processes:
 * intake with and without "fees", show --json, the receipt read back with
 * pdftotext, the ledger CSV's fee column, and hostile fees refused with
 * nothing saved and nothing lost */
#include "test-util.h"
#include "cli-util.h"

#include <string.h>

#include "mc-forms-private.h"
#include "mc-limits.h"

#define ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

typedef struct
{
  char *dir;
  char *work;
} Fixture;

static const char *dossier_json =
  "{\"procedure_code\": \"%s\","
  " \"applicant\": {\"full_name\": \"%s\", \"id_kind\": \"cccd\", \"id_number\": \"001185012345\","
  "   \"date_of_birth\": \"1985-03-02\", \"address\": \"Thôn 3, xã Tân Lập\"},"
  " \"received_at\": \"%s\", \"papers\": [{\"name\": \"Giấy tờ\", \"form\": \"original\", \"copies\": 1}]%s}";

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  McRun r;
  g_autofree char *tool = g_find_program_in_path ("pdftotext");

  if (tool == NULL)
    g_error ("pdftotext is missing: install the Debian package poppler-utils (.ci/install-deps does)");
  f->dir = mc_test_make_tmp_dir ();
  f->work = mc_test_make_tmp_dir ();
  r = mc_run_cli (f->dir, NULL, ARGS ("init", "--agency-code", "000.00.12.H29", "--agency-name", "UBND xã Tân Lập"));
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

/* Runs intake; @fees_member is "" or ", \"fees\": […]". */
static McRun
run_intake (Fixture    *f,
            const char *procedure,
            const char *name,
            const char *received,
            const char *fees_member)
{
  g_autofree char *json = g_strdup_printf (dossier_json, procedure, name, received, fees_member);

  return mc_run_cli (f->dir, json, ARGS ("intake", "--json", "-"));
}

static char *
intake (Fixture    *f,
        const char *procedure,
        const char *name,
        const char *received,
        const char *fees_member)
{
  McRun r = run_intake (f, procedure, name, received, fees_member);
  g_autoptr(JsonNode) node = NULL;
  char *code;

  if (r.status != 0)
    g_error ("intake failed (%d): %s", r.status, r.err);
  node = mc_parse_json (r.out);
  code = g_strdup (json_object_get_string_member (json_node_get_object (node), "code"));
  mc_run_clear (&r);
  return code;
}

static JsonNode *
show_json (Fixture    *f,
           const char *code)
{
  McRun r = mc_run_cli (f->dir, NULL, ARGS ("show", code, "--json"));
  JsonNode *node;

  g_assert_cmpint (r.status, ==, 0);
  node = mc_parse_json (r.out);
  mc_run_clear (&r);
  return node;
}

static JsonArray *
fees_of (JsonNode *node)
{
  return json_object_get_array_member (json_node_get_object (node), "fees");
}

static char *
run_tool (const char * const *argv)
{
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);
  return out;
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *text = run_tool (ARGS ("pdftotext", "-enc", "UTF-8", pdf, "-"));
  g_auto(GStrv) words = g_strsplit_set (text, " \n\r\t\f", -1);
  GString *joined = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (joined, "%s%s", joined->len ? " " : "", words[i]);
  return g_string_free (joined, FALSE);
}

static void
test_receipt (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *code = intake (f, "CT-BS", "Đặng Thị Ánh", "2026-02-12T09:30:00+07:00",
                                  ", \"fees\": [{\"name\": \"Phí chứng thực bản sao\", \"amount\": 50000},"
                                  " {\"name\": \"Lệ phí cấp bản sao\", \"amount\": 0, \"exempt\": true,"
                                  "  \"reason\": \"Hộ nghèo\"}, {\"name\": \"Phí sao y\", \"amount\": 1234567}]");
  g_autoptr(JsonNode) shown = show_json (f, code);
  JsonArray *fees = fees_of (shown);
  JsonObject *fee;
  g_autofree char *pdf = g_build_filename (f->work, "receipt.pdf", NULL);
  g_autofree char *text = NULL;
  McRun r;

  /* show --json carries them as given. */
  g_assert_cmpuint (json_array_get_length (fees), ==, 3);
  fee = json_array_get_object_element (fees, 0);
  g_assert_cmpstr (json_object_get_string_member (fee, "name"), ==, "Phí chứng thực bản sao");
  g_assert_cmpint (json_object_get_int_member (fee, "amount"), ==, 50000);
  g_assert_false (json_object_get_boolean_member (fee, "exempt"));
  fee = json_array_get_object_element (fees, 1);
  g_assert_true (json_object_get_boolean_member (fee, "exempt"));
  g_assert_cmpstr (json_object_get_string_member (fee, "reason"), ==, "Hộ nghèo");

  r = mc_run_cli (f->dir, NULL, ARGS ("receipt", code, "-o", pdf));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Phí, lệ phí đã thu"));
  g_assert_nonnull (strstr (text, "Phí chứng thực bản sao"));
  g_assert_nonnull (strstr (text, "50.000 đồng"));
  g_assert_nonnull (strstr (text, "1.234.567 đồng"));
  g_assert_nonnull (strstr (text, "Miễn"));
  g_assert_nonnull (strstr (text, "Hộ nghèo"));
  g_assert_nonnull (strstr (text, "tổng cộng 1.284.567 đồng"));
}

static void
test_defaults (Fixture       *f,
               gconstpointer  data)
{
  /* The catalog's list: the amount the province sets is left out. */
  g_autofree char *contract = intake (f, "CT-HD", "Người Một", "2026-02-12T09:30:00+07:00", "");
  /* The older single fee of the catalog: one entry. */
  g_autofree char *birth = intake (f, "HT-KS", "Người Hai", "2026-02-12T09:40:00+07:00", "");
  /* "fees": [] says nothing was collected. */
  g_autofree char *none = intake (f, "CT-HD", "Người Ba", "2026-02-12T09:50:00+07:00", ", \"fees\": []");
  g_autoptr(JsonNode) a = show_json (f, contract);
  g_autoptr(JsonNode) b = show_json (f, birth);
  g_autoptr(JsonNode) c = show_json (f, none);
  JsonObject *fee;

  g_assert_cmpuint (json_array_get_length (fees_of (a)), ==, 1);
  fee = json_array_get_object_element (fees_of (a), 0);
  g_assert_cmpstr (json_object_get_string_member (fee, "name"), ==, "Phí chứng thực hợp đồng, giao dịch");
  g_assert_cmpint (json_object_get_int_member (fee, "amount"), ==, 50000);
  g_assert_cmpuint (json_array_get_length (fees_of (b)), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (fees_of (b), 0), "amount"), ==, 0);
  g_assert_cmpuint (json_array_get_length (fees_of (c)), ==, 0);
}

static void
test_ledger (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *c1 = intake (f, "CT-HD", "Người Một", "2026-02-10T08:00:00+07:00",
                                ", \"fees\": [{\"name\": \"A\", \"amount\": 50000}, {\"name\": \"B\", \"amount\": 2000}]");
  g_autofree char *c2 = intake (f, "CT-HD", "Người Hai", "2026-02-11T08:00:00+07:00",
                                ", \"fees\": [{\"name\": \"A\", \"amount\": 0, \"exempt\": true, \"reason\": \"Trẻ em\"}]");
  g_autofree char *c3 = intake (f, "CT-HD", "Người Ba", "2026-02-12T08:00:00+07:00", ", \"fees\": []");
  g_autofree char *csv = g_build_filename (f->work, "ledger.csv", NULL);
  g_autofree char *data_text = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *header = mc_ledger_columns ();
  const char *expected[] = { "52.000 đồng", "Miễn", "" };
  guint column = 0;
  McRun r = mc_run_cli (f->dir, NULL, ARGS ("ledger", "--from", "2026-02-10", "--to", "2026-02-12", "-o", csv));

  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  g_assert_true (g_file_get_contents (csv, &data_text, NULL, NULL));
  records = mc_csv_parse (data_text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 4);
  while (header[column] != NULL && g_strcmp0 (header[column], "Phí, lệ phí") != 0)
    column++;
  g_assert_nonnull (header[column]);
  g_assert_cmpstr (((char **) g_ptr_array_index (records, 0))[column], ==, "Phí, lệ phí");
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (((char **) g_ptr_array_index (records, i + 1))[column], ==, expected[i]);
  (void) c1; (void) c2; (void) c3;
}

static guint
count_dossiers (Fixture *f)
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
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  static const struct { const char *fees; const char *message; } cases[] = {
    { ", \"fees\": {\"name\": \"A\", \"amount\": 1}", "fees: " },
    { ", \"fees\": [{\"name\": \"A\", \"amount\": -5000}]", "fees[0].amount" },
    { ", \"fees\": [{\"name\": \"A\", \"amount\": 9223372036854775807}]", "fees[0].amount" },
    { ", \"fees\": [{\"name\": \"A\", \"amount\": 1e30}]", "fees[0]" },
    { ", \"fees\": [{\"name\": \"A\", \"amount\": \"50.000\"}]", "fees[0]" },
    { ", \"fees\": [{\"name\": \"\", \"amount\": 1}]", "fees[0].name" },
    { ", \"fees\": [{\"name\": \"A\", \"amount\": 0, \"exempt\": true}]", "fees[0].reason" },
    { ", \"fees\": [{\"name\": \"A\", \"amount\": 1, \"cmd\": \"rm -rf\"}]", "fees[0]" },
    { ", \"fees\": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]", "fees[0]" },
  };
  g_autofree char *kept = intake (f, "CT-HD", "Người Giữ", "2026-02-12T08:00:00+07:00",
                                  ", \"fees\": [{\"name\": \"Phí\", \"amount\": 50000}]");
  g_autoptr(GString) many = g_string_new (", \"fees\": [");
  g_autoptr(GString) big = g_string_new (", \"fees\": [");
  g_autoptr(JsonNode) after = NULL;
  McRun r;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      r = run_intake (f, "CT-HD", "Người Lạ", "2026-02-12T09:00:00+07:00", cases[i].fees);
      g_test_message ("%s → %d %s", cases[i].fees, r.status, r.err);
      g_assert_cmpint (r.status, ==, 65);
      g_assert_nonnull (strstr (r.err, cases[i].message));
      mc_run_clear (&r);
    }

  for (int i = 0; i <= MC_LIMIT_FEES; i++)
    g_string_append_printf (many, "%s{\"name\": \"P%d\", \"amount\": 1}", i ? "," : "", i);
  g_string_append_c (many, ']');
  r = run_intake (f, "CT-HD", "Người Lạ", "2026-02-12T09:00:00+07:00", many->str);
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "fees: "));
  mc_run_clear (&r);

  /* Each under the cap, the sum over it: refused, not wrapped. */
  for (int i = 0; i < MC_LIMIT_FEES; i++)
    g_string_append_printf (big, "%s{\"name\": \"P%d\", \"amount\": %lld}", i ? "," : "", i,
                            (long long) MC_LIMIT_FEE_AMOUNT);
  g_string_append_c (big, ']');
  r = run_intake (f, "CT-HD", "Người Lạ", "2026-02-12T09:00:00+07:00", big->str);
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "fees: "));
  mc_run_clear (&r);

  /* Nothing saved, nothing lost. */
  g_assert_cmpuint (count_dossiers (f), ==, 1);
  after = show_json (f, kept);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (fees_of (after), 0), "amount"), ==, 50000);
}

static void
test_vietnamese (Fixture       *f,
                 gconstpointer  data)
{
  McRun r;

  /* The clerk's message, in Vietnamese. */
  {
    g_autofree char *json = g_strdup_printf (dossier_json, "CT-HD", "Người Lạ", "2026-02-12T09:00:00+07:00",
                                             ", \"fees\": [{\"name\": \"A\", \"amount\": 0, \"exempt\": true}]");
    r = mc_run_cli_lang (f->dir, json, "vi_VN.UTF-8", ARGS ("intake", "--json", "-"));
  }
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "fees[0].reason: hãy ghi lý do miễn"));
  mc_run_clear (&r);
}

/* An ordinary dossier with fees prints on one page: four papers, one fee
 * collected and one exempt, phone and e-mail; the signature block, with
 * the clerk's name, stays on it. With $MOTCUA_RECEIPT_PDF set, the receipt is also kept there (to
 * look at with pdftoppm). */
static void
test_one_page (Fixture       *f,
               gconstpointer  data)
{
  static const char *json =
    "{\"procedure_code\": \"CT-HD\", \"sets\": 1,"
    " \"applicant\": {\"full_name\": \"Hà Thị Thu\", \"phone\": \"0912345678\", \"email\": \"hathithu@example.vn\", \"id_kind\": \"cccd\", \"id_number\": \"001185012345\","
    "   \"date_of_birth\": \"1985-03-02\", \"address\": \"Thôn Đông Hạ, xã Tân Lập, huyện Đan Phượng, Hà Nội\"},"
    " \"received_at\": \"2026-02-12T09:30:00+07:00\","
    " \"papers\": [{\"name\": \"Dự thảo hợp đồng, giao dịch\", \"form\": \"original\", \"copies\": 1},"
    "   {\"name\": \"Căn cước công dân của các bên\", \"form\": \"copy\", \"copies\": 2},"
    "   {\"name\": \"Giấy chứng nhận quyền sử dụng đất\", \"form\": \"certified_copy\", \"copies\": 1},"
    "   {\"name\": \"Giấy xác nhận tình trạng hôn nhân\", \"form\": \"original\", \"copies\": 1}],"
    " \"fees\": [{\"name\": \"Phí chứng thực hợp đồng, giao dịch\", \"amount\": 50000},"
    "   {\"name\": \"Phí chứng thực chữ ký\", \"amount\": 0, \"exempt\": true,"
    "    \"reason\": \"Người có công với cách mạng\"}]}";
  const char *keep = g_getenv ("MOTCUA_RECEIPT_PDF");
  g_autofree char *pdf = g_build_filename (f->work, "receipt.pdf", NULL);
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint pages = 0;
  McRun r;

  /* The clerk's name under the signature makes the block taller. */
  r = mc_run_cli (f->dir, NULL, ARGS ("clerk", "Nguyễn Thị Lan"));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, json, ARGS ("intake", "--json", "-"));
  if (r.status != 0)
    g_error ("intake failed (%d): %s", r.status, r.err);
  node = mc_parse_json (r.out);
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("receipt", json_object_get_string_member (json_node_get_object (node), "code"),
                                      "-o", keep != NULL ? keep : pdf));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);

  /* pdftotext ends every page with a form feed. */
  raw = run_tool (ARGS ("pdftotext", "-enc", "UTF-8", keep != NULL ? keep : pdf, "-"));
  for (const char *p = raw; *p != '\0'; p++)
    pages += *p == '\f';
  text = pdf_text (keep != NULL ? keep : pdf);
  g_assert_nonnull (strstr (text, "Giấy xác nhận tình trạng hôn nhân"));
  g_assert_nonnull (strstr (text, "Miễn"));
  g_assert_nonnull (strstr (text, "NGƯỜI TIẾP NHẬN HỒ SƠ"));
  g_assert_nonnull (strstr (text, "Nguyễn Thị Lan"));
  g_assert_cmpuint (pages, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/fees-cli/receipt", Fixture, NULL, fixture_set_up, test_receipt, fixture_tear_down);
  g_test_add ("/fees-cli/defaults", Fixture, NULL, fixture_set_up, test_defaults, fixture_tear_down);
  g_test_add ("/fees-cli/ledger", Fixture, NULL, fixture_set_up, test_ledger, fixture_tear_down);
  g_test_add ("/fees-cli/hostile", Fixture, NULL, fixture_set_up, test_hostile, fixture_tear_down);
  g_test_add ("/fees-cli/one-page", Fixture, NULL, fixture_set_up, test_one_page, fixture_tear_down);
  g_test_add ("/fees-cli/vietnamese", Fixture, NULL, fixture_set_up, test_vietnamese, fixture_tear_down);

  return g_test_run ();
}
