/* test-attach-cli.c — `motcua attach`, run as a real process */
#include "test-util.h"
#include "cli-util.h"
#include "attachment-util.h"

#include <string.h>

#define ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

typedef struct
{
  char *dir;
  char *work;
  char *code;
} Fixture;

static const char *dossier_json =
  "{\"procedure_code\": \"HT-KS\", \"applicant\": {\"full_name\": \"Lê Văn Tám\", \"id_kind\": \"cmnd\","
  " \"id_number\": \"123456789\", \"address\": \"Xóm 2\"},"
  " \"papers\": [{\"name\": \"Tờ khai đăng ký khai sinh\"}, {\"name\": \"Giấy chứng sinh\"}]}";

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonNode) node = NULL;
  McRun r;

  f->dir = mc_test_make_tmp_dir ();
  f->work = mc_test_make_tmp_dir ();
  r = mc_run_cli (f->dir, NULL, ARGS ("init", "--agency-code", "000.00.12.H29", "--agency-name", "UBND xã Tân Lập"));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, dossier_json, ARGS ("intake", "--json", "-"));
  if (r.status != 0)
    g_error ("intake failed (%d): %s", r.status, r.err);
  node = mc_parse_json (r.out);
  f->code = g_strdup (json_object_get_string_member (json_node_get_object (node), "code"));
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
  g_free (f->code);
}

static char *
work_path (Fixture    *f,
           const char *name)
{
  return g_build_filename (f->work, name, NULL);
}

static char *
show_json (Fixture *f)
{
  McRun r = mc_run_cli (f->dir, NULL, ARGS ("show", f->code, "--json"));
  char *out;

  g_assert_cmpint (r.status, ==, 0);
  out = g_steal_pointer (&r.out);
  mc_run_clear (&r);
  return out;
}

static guint
count_blob_files (const char *data_dir)
{
  g_autofree char *root = g_build_filename (data_dir, "blobs", NULL);
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
  const char *sub;
  guint n = 0;

  while (dir != NULL && (sub = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (root, sub, NULL);
      g_autoptr(GDir) inner = g_str_equal (sub, "tmp") ? NULL : g_dir_open (path, 0, NULL);

      while (inner != NULL && g_dir_read_name (inner) != NULL)
        n++;
    }
  return n;
}

static void
test_attach_good (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *pdf = work_path (f, "giay chung sinh.txt");   /* a PDF, whatever its name says */
  g_autofree char *jpeg = work_path (f, "to-khai.jpg");
  g_autofree char *shown = NULL;
  g_autofree char *blob = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *attachments, *history;
  JsonObject *a, *last, *detail;
  McRun r;

  mc_test_write_pdf (pdf, "Giấy chứng sinh");
  mc_test_write_image (jpeg, "jpeg", 200, 280);

  r = mc_run_cli (f->dir, NULL, ARGS ("attach", f->code, pdf, "--paper", "Giấy chứng sinh"));
  if (r.status != 0)
    g_error ("attach failed (%d): %s", r.status, r.err);
  g_assert_nonnull (strstr (r.out, "giay chung sinh.txt"));
  g_assert_nonnull (strstr (r.out, "application/pdf"));
  g_assert_nonnull (strstr (r.out, "Giấy chứng sinh"));
  mc_run_clear (&r);

  r = mc_run_cli (f->dir, NULL, ARGS ("attach", f->code, jpeg, "--json"));
  g_assert_cmpint (r.status, ==, 0);
  out = mc_parse_json (r.out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (out), "mime_type"), ==, "image/jpeg");
  g_assert_true (json_object_get_null_member (json_node_get_object (out), "paper"));
  mc_run_clear (&r);

  shown = show_json (f);
  node = mc_parse_json (shown);
  attachments = json_object_get_array_member (json_node_get_object (node), "attachments");
  g_assert_cmpuint (json_array_get_length (attachments), ==, 2);
  a = json_array_get_object_element (attachments, 0);
  g_assert_cmpstr (json_object_get_string_member (a, "name"), ==, "giay chung sinh.txt");
  g_assert_cmpstr (json_object_get_string_member (a, "mime_type"), ==, "application/pdf");
  g_assert_cmpstr (json_object_get_string_member (a, "paper"), ==, "Giấy chứng sinh");
  blob = g_build_filename (f->dir, "blobs", (char[]) { json_object_get_string_member (a, "sha256")[0],
                                                       json_object_get_string_member (a, "sha256")[1], '\0' },
                           json_object_get_string_member (a, "sha256"), NULL);
  g_assert_true (g_file_test (blob, G_FILE_TEST_IS_REGULAR));

  history = json_object_get_array_member (json_node_get_object (node), "history");
  last = json_array_get_object_element (history, 1);
  g_assert_cmpstr (json_object_get_string_member (last, "kind"), ==, "attached");
  detail = json_object_get_object_member (last, "detail");
  g_assert_cmpstr (json_object_get_string_member (detail, "name"), ==, "giay chung sinh.txt");
  g_assert_cmpstr (json_object_get_string_member (detail, "paper"), ==, "Giấy chứng sinh");
  g_assert_cmpstr (json_object_get_string_member (detail, "sha256"), ==, json_object_get_string_member (a, "sha256"));
}

static void
test_attach_bad_files (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *good = work_path (f, "good.pdf");
  g_autofree char *png = work_path (f, "good.png");
  g_autofree char *half_pdf = work_path (f, "half.pdf");
  g_autofree char *half_png = work_path (f, "half.png");
  g_autofree char *garbage_jpeg = work_path (f, "garbage.jpg");
  g_autofree char *zip = work_path (f, "ho-so.pdf");
  g_autofree char *text = work_path (f, "ghi-chu.jpg");
  g_autofree char *empty = work_path (f, "empty.png");
  g_autofree char *big = work_path (f, "big.pdf");
  g_autofree char *before = NULL;
  g_autofree char *noise = g_malloc (8192);
  guint blobs;
  McRun r;

  mc_test_write_pdf (good, "good");
  mc_test_write_image (png, "png", 200, 200);
  mc_test_write_truncated (good, half_pdf, 1, 2);
  mc_test_write_truncated (png, half_png, 1, 2);
  memcpy (noise, "\xff\xd8\xff\xe0", 4);
  for (guint i = 4; i < 8192; i++)
    noise[i] = (char) (i * 7919 % 251);
  g_assert_true (g_file_set_contents (garbage_jpeg, noise, 8192, NULL));
  g_assert_true (g_file_set_contents (zip, "PK\003\004\024\000\000\000\010\000giay.pdf", 18, NULL));
  g_assert_true (g_file_set_contents (text, "Họ tên: Nguyễn Văn A\n", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  /* Over 200 MB, made sparse so the test writes nothing. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (big);
    g_autoptr(GFileOutputStream) out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL);

    g_assert_nonnull (out);
    g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), "%PDF-1.4\n", 9, NULL, NULL, NULL));
    g_assert_true (g_seekable_truncate (G_SEEKABLE (out), 201 * 1024 * 1024, NULL, NULL));
    g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL));
  }

  r = mc_run_cli (f->dir, NULL, ARGS ("attach", f->code, good));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  before = show_json (f);
  blobs = count_blob_files (f->dir);

  {
    const struct { const char *path; int status; const char *words; } cases[] = {
      { half_pdf, 65, "incomplete" },
      { half_png, 65, "PNG" },
      { garbage_jpeg, 65, "JPEG" },
      { zip, 65, "ZIP archive" },
      { text, 65, "plain text" },
      { empty, 65, "empty" },
      { big, 65, "larger than the limit" },
      { good, 65, "already attached" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *name = g_path_get_basename (cases[i].path);
        g_autofree char *after = NULL;

        r = mc_run_cli (f->dir, NULL, ARGS ("attach", f->code, cases[i].path, "--paper", "Tờ khai đăng ký khai sinh"));
        g_assert_cmpint (r.status, ==, cases[i].status);
        g_assert_cmpstr (r.out, ==, "");
        if (strstr (r.err, cases[i].words) == NULL || (i < 7 && strstr (r.err, name) == NULL))
          g_error ("%s: unexpected message: %s", name, r.err);
        mc_run_clear (&r);

        after = show_json (f);
        g_assert_cmpstr (after, ==, before);
        g_assert_cmpuint (count_blob_files (f->dir), ==, blobs);
      }
  }
}

static void
test_attach_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *pdf = work_path (f, "late.pdf");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  McRun r;

  mc_test_write_pdf (pdf, "late");
  before = show_json (f);

  r = mc_run_cli (f->dir, NULL, ARGS ("attach", f->code));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);

  r = mc_run_cli (f->dir, NULL, ARGS ("attach", "000.00.12.H29-260101-9999", pdf));
  g_assert_cmpint (r.status, ==, 65);
  mc_run_clear (&r);

  r = mc_run_cli (f->dir, NULL, ARGS ("attach", f->code, pdf, "--paper", "Sổ hộ khẩu"));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "Giấy chứng sinh"));   /* lists the dossier's papers */
  mc_run_clear (&r);

  r = mc_run_cli (f->dir, NULL, ARGS ("attach", f->code, "/nonexistent/scan.pdf"));
  g_assert_cmpint (r.status, ==, 74);
  g_assert_nonnull (strstr (r.err, "scan.pdf"));
  mc_run_clear (&r);

  r = mc_run_cli (f->dir, NULL, ARGS ("attach", f->code, f->work));
  g_assert_cmpint (r.status, ==, 74);
  mc_run_clear (&r);

  after = show_json (f);
  g_assert_cmpstr (after, ==, before);

  /* A refused dossier takes no more files. */
  r = mc_run_cli (f->dir, NULL, ARGS ("action", f->code, "refuse", "--reason", "Không thuộc thẩm quyền"));
  g_assert_cmpint (r.status, ==, 0);
  mc_run_clear (&r);
  g_free (before);
  before = show_json (f);
  r = mc_run_cli (f->dir, NULL, ARGS ("attach", f->code, pdf));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, f->code));
  mc_run_clear (&r);
  g_free (after);
  after = show_json (f);
  g_assert_cmpstr (after, ==, before);
}

static void
test_intake_with_paper (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *png = work_path (f, "gcs.png");
  g_autofree char *fake = work_path (f, "fake.pdf");
  g_autofree char *json = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *a;
  McRun r;

  mc_test_write_image (png, "png", 120, 160);
  g_assert_true (g_file_set_contents (fake, "%PDF-1.4\n%not really\n", -1, NULL));
  json = g_strdup_printf ("{\"procedure_code\": \"HT-KS\", \"applicant\": {\"full_name\": \"Lê Văn Tám\", \"id_kind\": \"cmnd\","
                          " \"id_number\": \"123456789\", \"address\": \"Xóm 2\"}, \"papers\": [{\"name\": \"Giấy chứng sinh\"}],"
                          " \"attachments\": [{\"path\": \"%s\", \"paper\": \"Giấy chứng sinh\"}]}", png);
  r = mc_run_cli (f->dir, json, ARGS ("intake", "--json", "-"));
  g_assert_cmpint (r.status, ==, 0);
  out = mc_parse_json (r.out);
  mc_run_clear (&r);
  r = mc_run_cli (f->dir, NULL, ARGS ("show", json_object_get_string_member (json_node_get_object (out), "code"), "--json"));
  shown = mc_parse_json (r.out);
  mc_run_clear (&r);
  a = json_array_get_object_element (json_object_get_array_member (json_node_get_object (shown), "attachments"), 0);
  g_assert_cmpstr (json_object_get_string_member (a, "paper"), ==, "Giấy chứng sinh");
  g_assert_cmpstr (json_object_get_string_member (a, "mime_type"), ==, "image/png");

  /* A PDF that is only a header: refused at intake too, nothing saved. */
  bad = g_strdup_printf ("{\"procedure_code\": \"HT-KS\", \"applicant\": {\"full_name\": \"Lê Văn Tám\", \"id_kind\": \"cmnd\","
                         " \"id_number\": \"123456789\", \"address\": \"Xóm 2\"}, \"attachments\": [\"%s\"]}", fake);
  r = mc_run_cli (f->dir, bad, ARGS ("intake", "--json", "-"));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "attachments[0]"));
  g_assert_nonnull (strstr (r.err, "fake.pdf"));
  mc_run_clear (&r);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/attach-cli/good", test_attach_good);
  ADD ("/attach-cli/bad-files", test_attach_bad_files);
  ADD ("/attach-cli/errors", test_attach_errors);
  ADD ("/attach-cli/intake-paper", test_intake_with_paper);
  return g_test_run ();
}
