/* test-forms-cli.c — `motcua receipt|form|ledger` as real processes, the PDFs
 * read back with poppler-utils (pdftotext, pdftoppm) and zbar-tools (zbarimg) */
#include "test-util.h"
#include "cli-util.h"

#include <stdlib.h>
#include <string.h>

#include "mc-forms-private.h"

#define ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

typedef struct
{
  char *dir;
  char *work;
} Fixture;

static const char *dossier_json =
  "{\"procedure_code\": \"1.001193\","
  " \"applicant\": {\"full_name\": \"%s\", \"id_kind\": \"cccd\", \"id_number\": \"001185012345\","
  "   \"date_of_birth\": \"1985-03-02\", \"phone\": \"0912 345 678\", \"address\": \"%s\"},"
  " \"received_at\": \"%s\", \"papers\": [%s]}";

/* Never skipped: a missing tool fails the test and names its package. */
static void
require_tool (const char *tool,
              const char *package)
{
  g_autofree char *path = g_find_program_in_path (tool);

  if (path == NULL)
    g_error ("%s is missing: install the Debian package %s (.ci/install-deps does)", tool, package);
}

static char *
run_tool (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);
  return g_steal_pointer (&out);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  McRun r;

  require_tool ("pdftotext", "poppler-utils");
  require_tool ("pdftoppm", "poppler-utils");
  require_tool ("zbarimg", "zbar-tools");
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

static char *
papers_json (guint n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (s, "%s{\"name\": \"Giấy tờ số %u kèm theo\", \"form\": \"%s\", \"copies\": %u}",
                            i > 1 ? ", " : "", i, i % 2 ? "original" : "certified_copy", 1 + i % 2);
  return g_string_free (s, FALSE);
}

/* Takes a dossier in; returns its code and sets @due to the due date. */
static char *
intake (Fixture     *f,
        const char  *name,
        const char  *address,
        const char  *received,
        guint        n_papers,
        char       **due)
{
  g_autofree char *papers = papers_json (n_papers);
  g_autofree char *json = g_strdup_printf (dossier_json, name, address, received, papers);
  McRun r = mc_run_cli (f->dir, json, ARGS ("intake", "--json", "-"));
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;
  char *code;

  if (r.status != 0)
    g_error ("intake failed (%d): %s", r.status, r.err);
  node = mc_parse_json (r.out);
  o = json_node_get_object (node);
  code = g_strdup (json_object_get_string_member (o, "code"));
  if (due != NULL)
    *due = g_strdup (json_object_get_string_member (o, "due_date"));
  mc_run_clear (&r);
  return code;
}

static char *
procedure_name (Fixture    *f,
                const char *code)
{
  McRun r = mc_run_cli (f->dir, NULL, ARGS ("show", code, "--json"));
  g_autoptr(JsonNode) node = NULL;
  char *name;

  g_assert_cmpint (r.status, ==, 0);
  node = mc_parse_json (r.out);
  name = g_strdup (json_object_get_string_member (json_node_get_object (node), "procedure_name"));
  mc_run_clear (&r);
  return name;
}

/* pdftotext joins the lines; wrapped text is compared with spaces squeezed. */
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
  g_autofree char *due = NULL;
  g_autofree char *code = intake (f, "Đặng Thị Ánh", "Thôn 3, xã Tân Lập", "2026-02-12T09:30:00+07:00", 2, &due);
  g_autofree char *procedure = procedure_name (f, code);
  g_autofree char *pdf = g_build_filename (f->work, "receipt.pdf", NULL);
  g_autofree char *png_root = g_build_filename (f->work, "receipt", NULL);
  g_autofree char *png = g_build_filename (f->work, "receipt-1.png", NULL);
  g_autofree char *text = NULL;
  g_autofree char *qr = NULL;
  g_autofree char *due_vn = mc_text_format_iso_date (due);
  McRun r = mc_run_cli (f->dir, NULL, ARGS ("receipt", code, "-o", pdf));

  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);

  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, code));
  g_assert_nonnull (strstr (text, "Đặng Thị Ánh"));
  g_assert_nonnull (strstr (text, procedure));
  g_assert_nonnull (strstr (text, "Giấy tờ số 1 kèm theo"));
  g_assert_nonnull (strstr (text, "Giấy tờ số 2 kèm theo"));
  g_assert_nonnull (strstr (text, "Bản sao chứng thực"));
  g_assert_nonnull (strstr (text, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"));
  g_assert_nonnull (strstr (text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
  g_assert_cmpstr (due_vn, !=, "");
  g_assert_nonnull (strstr (text, due_vn));
  g_assert_nonnull (strstr (text, "09 giờ 30 phút, ngày 12/02/2026"));
  g_assert_nonnull (strstr (text, "Quyển số: 2026 Số thứ tự: 1"));

  run_tool (ARGS ("pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", pdf, png_root));
  qr = run_tool (ARGS ("zbarimg", "-q", "--raw", png));
  g_strstrip (qr);
  g_assert_cmpstr (qr, ==, code);

  /* Unknown dossier → 65; unwritable output → 74. */
  r = mc_run_cli (f->dir, NULL, ARGS ("receipt", "000.00.12.H29-260212-9999", "-o", pdf));
  g_assert_cmpint (r.status, ==, 65);
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("receipt", code, "-o", "/nonexistent/dir/r.pdf"));
  g_assert_cmpint (r.status, ==, 74);
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("receipt", code));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);
}

/* Every word of `pdftotext -bbox` lies inside its page. */
static guint
assert_words_inside (const char *pdf)
{
  g_autofree char *html = run_tool (ARGS ("pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-"));
  const char *p = html;
  double pw = 0, ph = 0;
  guint pages = 0, words = 0;

  while ((p = strchr (p, '<')) != NULL)
    {
      if (g_str_has_prefix (p, "<page "))
        {
          g_assert_cmpint (sscanf (p, "<page width=\"%lf\" height=\"%lf\"", &pw, &ph), ==, 2);
          pages++;
        }
      else if (g_str_has_prefix (p, "<word "))
        {
          double x0, y0, x1, y1;
          g_assert_cmpint (sscanf (p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"",
                                   &x0, &y0, &x1, &y1), ==, 4);
          if (x0 < 0 || y0 < 0 || x1 > pw || y1 > ph)
            g_error ("a word at (%g, %g)–(%g, %g) leaves the %g × %g page:\n%.200s", x0, y0, x1, y1, pw, ph, p);
          words++;
        }
      p++;
    }
  g_assert_cmpuint (words, >, 0);
  return pages;
}

static void
test_long_receipt (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) address = g_string_new (NULL);
  g_autofree char *pdf = g_build_filename (f->work, "long.pdf", NULL);
  g_autofree char *code = NULL;
  g_autofree char *text = NULL;
  McRun r;

  /* The longest name and address intake accepts. */
  for (guint i = 0; g_utf8_strlen (name->str, -1) + 7 + 4 <= 100; i++)
    g_string_append (name, i % 2 ? "Tôn Nữ " : "Nguyễn ");
  g_string_append (name, "Thảo");
  while (g_utf8_strlen (address->str, -1) + 26 + 6 <= 300)
    g_string_append (address, "thôn Đông Hạ, xã Tân Lập, ");
  g_string_append (address, "Hà Nội");
  code = intake (f, name->str, address->str, "2026-02-12T10:00:00+07:00", 30, NULL);

  r = mc_run_cli (f->dir, NULL, ARGS ("receipt", code, "-o", pdf));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);

  g_assert_cmpuint (assert_words_inside (pdf), >=, 2);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, name->str));
  g_assert_nonnull (strstr (text, "Giấy tờ số 30 kèm theo"));
  g_assert_nonnull (strstr (text, "NGƯỜI TIẾP NHẬN HỒ SƠ"));
  g_assert_nonnull (strstr (text, "Trang 2/"));

  /* A4 on request; still inside. */
  r = mc_run_cli (f->dir, NULL, ARGS ("receipt", code, "-o", pdf, "--page", "a4", "--copies", "2"));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  g_assert_cmpuint (assert_words_inside (pdf), >=, 2);
}

static void
test_forms (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *code = intake (f, "Lê Văn Tám", "Thôn 1", "2026-02-12T09:30:00+07:00", 1, NULL);
  g_autofree char *old = intake (f, "Trần Thị Lan", "Thôn 2", "2025-06-30T15:00:00+07:00", 1, NULL);
  g_autofree char *pdf = g_build_filename (f->work, "form.pdf", NULL);
  g_autofree char *text = NULL;
  McRun r;

  r = mc_run_cli (f->dir, NULL, ARGS ("form", "--list"));
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "07  Sổ theo dõi hồ sơ"));
  g_assert_nonnull (strstr (r.out, "05  Thông báo dừng giải quyết hồ sơ"));
  g_assert_nonnull (strstr (r.out, "05  Phiếu kiểm soát quá trình giải quyết hồ sơ"));
  mc_run_clear (&r);

  /* 2026: Circular 03/2025, control slip 06. */
  r = mc_run_cli (f->dir, NULL, ARGS ("form", "06", code, "-o", pdf));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"));
  g_assert_nonnull (strstr (text, code));
  g_clear_pointer (&text, g_free);

  /* June 2025: Circular 01/2018, control slip 05 — and 01 the receipt. */
  r = mc_run_cli (f->dir, NULL, ARGS ("form", "05", old, "-o", pdf));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"));
  g_clear_pointer (&text, g_free);
  r = mc_run_cli (f->dir, NULL, ARGS ("form", "01", old, "-o", pdf));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, old));
  g_assert_nonnull (strstr (text, "Trần Thị Lan"));

  /* Unknown number, a form the dossier's rules lack, a refusal of a dossier never refused. */
  r = mc_run_cli (f->dir, NULL, ARGS ("form", "42", code, "-o", pdf));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "form --list"));
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("form", "07", old, "-o", pdf));
  g_assert_cmpint (r.status, ==, 65);
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("form", "03", code, "-o", pdf));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, code));
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("form", "07", code, "-o", pdf));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "motcua ledger"));
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("form", "01", "-o", pdf));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);
}

/* The desk's decisions, each printed on its form with the clerk's reason. */
static void
test_actions (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *due = NULL;
  g_autofree char *code = intake (f, "Lê Văn Tám", "Thôn 1", "2026-02-12T09:30:00+07:00", 2, &due);
  g_autofree char *other = intake (f, "Trần Thị Lan", "Thôn 2", "2026-02-12T10:00:00+07:00", 1, NULL);
  g_autofree char *pdf = g_build_filename (f->work, "form.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *shown_before = NULL;
  McRun r;

  /* Supplement request (Mẫu 02): the reason is printed. */
  r = mc_run_cli (f->dir, NULL, ARGS ("action", code, "supplement", "--reason", "Thiếu bản sao giấy chứng sinh"));
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, code));
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("form", "02", code, "-o", pdf));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Thiếu bản sao giấy chứng sinh"));
  g_clear_pointer (&text, g_free);

  /* New date with an apology (Mẫu 04): the new date as dd/mm/yyyy, and the dossier's due date follows. */
  r = mc_run_cli (f->dir, NULL, ARGS ("action", code, "new-date", "--reason", "Cần xác minh thêm", "--new-due-date", "2026-03-10"));
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "2026-03-10"));
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("form", "04", code, "-o", pdf));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "10/03/2026"));
  g_assert_nonnull (strstr (text, "Cần xác minh thêm"));
  g_clear_pointer (&text, g_free);

  /* Stopping (Mẫu 05 of Circular 03/2025). */
  r = mc_run_cli (f->dir, NULL, ARGS ("action", other, "stop", "--reason", "Công dân xin rút hồ sơ"));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("form", "05", other, "-o", pdf));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Công dân xin rút hồ sơ"));
  g_clear_pointer (&text, g_free);

  /* Refusal (Mẫu 03); afterwards nothing more can be decided. */
  r = mc_run_cli (f->dir, NULL, ARGS ("action", code, "refuse", "--reason", "Không thuộc thẩm quyền của xã"));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("form", "03", code, "-o", pdf));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Không thuộc thẩm quyền của xã"));

  r = mc_run_cli (f->dir, NULL, ARGS ("show", code, "--json"));
  shown_before = g_steal_pointer (&r.out);
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("action", code, "supplement", "--reason", "x"));
  g_assert_cmpint (r.status, ==, 65);
  mc_run_clear (&r);
  /* Bad input: nothing changes. */
  r = mc_run_cli (f->dir, NULL, ARGS ("action", other, "new-date", "--reason", "y", "--new-due-date", "2020-01-01"));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "New appointment date"));
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("action", other, "refuse", "--reason", "   "));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "Reason"));
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("action", other, "refuse"));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("action", other, "approve", "--reason", "z"));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("show", code, "--json"));
  g_assert_cmpstr (r.out, ==, shown_before);
  g_assert_nonnull (strstr (r.out, "\"rejected\""));
  mc_run_clear (&r);
}

static void
test_ledger (Fixture       *f,
             gconstpointer  data)
{
  /* Taken in out of order; the ledger lists by receipt time. */
  g_autofree char *c3 = intake (f, "Người Ba", "Thôn 3, \\\"xóm Chùa\\\"", "2026-02-12T16:00:00+07:00", 1, NULL);
  g_autofree char *c1 = intake (f, "Người Một", "Thôn 1", "2026-02-10T08:00:00+07:00", 2, NULL);
  g_autofree char *c2 = intake (f, "Người Hai", "Thôn 2, xã Tân Lập", "2026-02-11T10:00:00+07:00", 1, NULL);
  g_autofree char *out = intake (f, "Người Ngoài", "Thôn 9", "2026-02-13T08:00:00+07:00", 1, NULL);
  g_autofree char *csv = g_build_filename (f->work, "ledger.csv", NULL);
  g_autofree char *pdf = g_build_filename (f->work, "ledger.pdf", NULL);
  const char *codes[] = { c1, c2, c3 };
  const char *names[] = { "Người Một", "Người Hai", "Người Ba" };
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_text = NULL;
  g_autofree char *text = NULL;
  const char *p;
  McRun r;

  r = mc_run_cli (f->dir, NULL, ARGS ("ledger", "--from", "2026-02-10", "--to", "2026-02-12", "-o", csv));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  g_assert_true (g_file_get_contents (csv, &data_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (data_text, "\xEF\xBB\xBF"));
  records = mc_csv_parse (data_text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 4);
  g_assert_true (g_strv_equal (g_ptr_array_index (records, 0), mc_ledger_columns ()));
  for (guint i = 0; i < 3; i++)
    {
      char **row = g_ptr_array_index (records, i + 1);
      g_autofree char *tt = g_strdup_printf ("%u", i + 1);
      g_autofree char *expected_date = g_strdup_printf ("%02u/02/2026", 10 + i);

      g_assert_cmpuint (g_strv_length (row), ==, 11);
      g_assert_cmpstr (row[0], ==, tt);
      g_assert_cmpstr (row[1], ==, codes[i]);
      g_assert_cmpstr (row[3], ==, names[i]);
      g_assert_cmpstr (row[6], ==, expected_date);
    }
  g_assert_cmpstr (((char **) g_ptr_array_index (records, 3))[4], ==, "Thôn 3, \"xóm Chùa\"; 0912345678");

  r = mc_run_cli (f->dir, NULL, ARGS ("ledger", "--from", "2026-02-10", "--to", "2026-02-12", "-o", pdf));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  g_assert_cmpuint (assert_words_inside (pdf), ==, 1);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "SỔ THEO DÕI HỒ SƠ"));
  g_assert_null (strstr (text, out));
  p = text;
  for (guint i = 0; i < 3; i++)
    {
      p = strstr (p, codes[i]);
      g_assert_nonnull (p);   /* present, and after the one before */
    }

  r = mc_run_cli (f->dir, NULL, ARGS ("ledger", "--from", "2026-02-10", "--to", "2026-02-12", "-o", "x.txt"));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("ledger", "--from", "2026-02-31", "--to", "2026-02-12", "-o", csv));
  g_assert_cmpint (r.status, ==, 65);
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("ledger", "--from", "2026-02-10", "-o", csv));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/forms-cli/receipt", Fixture, NULL, fixture_set_up, test_receipt, fixture_tear_down);
  g_test_add ("/forms-cli/long-receipt", Fixture, NULL, fixture_set_up, test_long_receipt, fixture_tear_down);
  g_test_add ("/forms-cli/forms", Fixture, NULL, fixture_set_up, test_forms, fixture_tear_down);
  g_test_add ("/forms-cli/ledger", Fixture, NULL, fixture_set_up, test_ledger, fixture_tear_down);
  g_test_add ("/forms-cli/actions", Fixture, NULL, fixture_set_up, test_actions, fixture_tear_down);
  return g_test_run ();
}
