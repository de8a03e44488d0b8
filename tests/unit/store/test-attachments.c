/* test-attachments.c — files checked by content; attaching to a dossier */
#include "test-util.h"
#include "attachment-util.h"

#include <string.h>

typedef struct
{
  char *dir;    /* scratch files */
  char *data;   /* the store's data dir */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = mc_test_make_tmp_dir ();
  f->data = mc_test_make_tmp_dir ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  mc_test_rm_rf (f->dir);
  mc_test_rm_rf (f->data);
  g_free (f->dir);
  g_free (f->data);
}

static char *
scratch (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* Checks @path; returns the mime type, or NULL with @error set. */
static char *
check (const char  *path,
       gint64       max_size,
       GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  char *mime = NULL;

  if (!mc_attachment_check_file (file, max_size, &mime, error))
    {
      g_assert_null (mime);
      return NULL;
    }
  return mime;
}

static void
assert_refused (const char *path,
                gint64      max_size,
                int         code,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mime = check (path, max_size, &error);
  g_autofree char *name = g_path_get_basename (path);

  g_assert_null (mime);
  g_assert_error (error, MC_ATTACHMENT_ERROR, code);
  if (strstr (error->message, name) == NULL)
    g_error ("the message does not name %s: %s", name, error->message);
  if (words != NULL && strstr (error->message, words) == NULL)
    g_error ("the message lacks “%s”: %s", words, error->message);
}

static void
assert_accepted (const char *path,
                 const char *expected_mime)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mime = check (path, MC_INTAKE_MAX_ATTACHMENT_SIZE, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (mime, ==, expected_mime);
}

static void
test_good_files (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *pdf = scratch (f, "to-khai.pdf");
  g_autofree char *jpeg = scratch (f, "cccd.jpg");
  g_autofree char *png = scratch (f, "so-ho-khau.png");
  g_autofree char *big = scratch (f, "a4-scan.jpg");
  g_autofree char *renamed = scratch (f, "giay-chung-sinh.txt");
  g_autofree char *no_ext = scratch (f, "scan");
  g_autofree char *content = NULL;
  gsize len;

  mc_test_write_pdf (pdf, "Tờ khai đăng ký khai sinh");
  mc_test_write_image (jpeg, "jpeg", 320, 200);
  mc_test_write_image (png, "png", 320, 200);
  mc_test_write_image (big, "jpeg", 2480, 1754);   /* decoded scaled down */
  assert_accepted (pdf, MC_ATTACHMENT_MIME_PDF);
  assert_accepted (jpeg, MC_ATTACHMENT_MIME_JPEG);
  assert_accepted (png, MC_ATTACHMENT_MIME_PNG);
  assert_accepted (big, MC_ATTACHMENT_MIME_JPEG);

  /* The content decides, not the name. */
  g_assert_true (g_file_get_contents (pdf, &content, &len, NULL));
  g_assert_true (g_file_set_contents (renamed, content, len, NULL));
  assert_accepted (renamed, MC_ATTACHMENT_MIME_PDF);
  g_clear_pointer (&content, g_free);
  g_assert_true (g_file_get_contents (png, &content, &len, NULL));
  g_assert_true (g_file_set_contents (no_ext, content, len, NULL));
  assert_accepted (no_ext, MC_ATTACHMENT_MIME_PNG);

  /* Trailing bytes after %%EOF (some scanners pad) are fine. */
  g_clear_pointer (&content, g_free);
  g_assert_true (g_file_get_contents (pdf, &content, &len, NULL));
  {
    g_autoptr(GString) padded = g_string_new_len (content, len);

    g_string_append (padded, "\r\n\n");
    g_assert_true (g_file_set_contents (renamed, padded->str, padded->len, NULL));
  }
  assert_accepted (renamed, MC_ATTACHMENT_MIME_PDF);
}

static void
test_truncated_and_corrupt (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *pdf = scratch (f, "good.pdf");
  g_autofree char *jpeg = scratch (f, "good.jpg");
  g_autofree char *png = scratch (f, "good.png");
  g_autofree char *half_pdf = scratch (f, "half.pdf");
  g_autofree char *half_jpeg = scratch (f, "half.jpg");
  g_autofree char *half_png = scratch (f, "half.png");
  g_autofree char *bad_jpeg = scratch (f, "garbage.jpg");
  g_autofree char *bad_xref = scratch (f, "bad-xref.pdf");
  g_autofree char *content = NULL;
  gsize len;
  char *p;

  mc_test_write_pdf (pdf, "Giấy chứng sinh");
  mc_test_write_image (jpeg, "jpeg", 320, 200);
  mc_test_write_image (png, "png", 320, 200);

  mc_test_write_truncated (pdf, half_pdf, 1, 2);
  assert_refused (half_pdf, MC_INTAKE_MAX_ATTACHMENT_SIZE, MC_ATTACHMENT_ERROR_CORRUPT, "scan it again");
  mc_test_write_truncated (jpeg, half_jpeg, 1, 2);
  assert_refused (half_jpeg, MC_INTAKE_MAX_ATTACHMENT_SIZE, MC_ATTACHMENT_ERROR_CORRUPT, "JPEG");
  mc_test_write_truncated (png, half_png, 1, 2);
  assert_refused (half_png, MC_INTAKE_MAX_ATTACHMENT_SIZE, MC_ATTACHMENT_ERROR_CORRUPT, "PNG");
  /* Cut just before the end: only the last bytes are missing. */
  mc_test_write_truncated (png, half_png, 99, 100);
  assert_refused (half_png, MC_INTAKE_MAX_ATTACHMENT_SIZE, MC_ATTACHMENT_ERROR_CORRUPT, NULL);

  /* A JPEG signature with noise after it. */
  content = g_malloc (4096);
  memcpy (content, "\xff\xd8\xff\xe0", 4);
  for (guint i = 4; i < 4096; i++)
    content[i] = (char) (i * 7919 % 251);
  g_assert_true (g_file_set_contents (bad_jpeg, content, 4096, NULL));
  assert_refused (bad_jpeg, MC_INTAKE_MAX_ATTACHMENT_SIZE, MC_ATTACHMENT_ERROR_CORRUPT, "ask for another copy");
  g_clear_pointer (&content, g_free);

  /* A PDF whose startxref points nowhere. */
  g_assert_true (g_file_get_contents (pdf, &content, &len, NULL));
  p = NULL;
  for (char *q = content; (q = memmem (q, content + len - q, "startxref", 9)) != NULL; q += 9)
    p = q;
  g_assert_nonnull (p);
  {
    g_autoptr(GString) s = g_string_new_len (content, p - content);
    g_string_append_printf (s, "startxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", len * 10);
    g_assert_true (g_file_set_contents (bad_xref, s->str, s->len, NULL));
  }
  assert_refused (bad_xref, MC_INTAKE_MAX_ATTACHMENT_SIZE, MC_ATTACHMENT_ERROR_CORRUPT, "PDF");
}

static void
test_wrong_types (Fixture       *f,
                  gconstpointer  data)
{
  static const struct
  {
    const char *name;
    const char *bytes;
    gsize       len;
    const char *looks_like;
  } cases[] = {
    { "zip.pdf", "PK\003\004\024\000\000\000\010\000somefile.txt", 22, "ZIP archive" },
    { "wrapped.pdf", "PK\003\004\024\000\000\000\000\000scan.pdf%PDF-1.4\n", 27, "ZIP archive" },
    { "don.pdf", "PK\003\004\024\000\006\000\010\000[Content_Types].xmlword/document.xml", 46, "Word document" },
    { "old.pdf", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\000\000\000\000", 12, "old Word or Excel" },
    { "photo.jpg", "\000\000\000\030ftypheic\000\000\000\000mif1heic", 24, "HEIC" },
    { "anim.png", "GIF89a\001\000\001\000\200\000\000", 13, "GIF" },
    { "fax.pdf", "II*\000\010\000\000\000\000\000", 10, "TIFF" },
    { "notes.jpg", "Đơn đề nghị cấp bản sao\nHọ tên: Nguyễn Văn A\n", 0, "plain text" },
    { "blob.png", "\001\002\003\004\005\006\007\010\011\000\377\376", 12, "unknown" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = scratch (f, cases[i].name);
      gsize len = cases[i].len != 0 ? cases[i].len : strlen (cases[i].bytes);

      g_assert_true (g_file_set_contents (path, cases[i].bytes, len, NULL));
      assert_refused (path, MC_INTAKE_MAX_ATTACHMENT_SIZE, MC_ATTACHMENT_ERROR_UNSUPPORTED, cases[i].looks_like);
      assert_refused (path, MC_INTAKE_MAX_ATTACHMENT_SIZE, MC_ATTACHMENT_ERROR_UNSUPPORTED, "PDF, JPEG or PNG");
    }
}

static void
test_empty_large_unreadable (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *empty = scratch (f, "empty.pdf");
  g_autofree char *pdf = scratch (f, "big.pdf");
  g_autofree char *missing = scratch (f, "missing.pdf");
  g_autofree char *folder = scratch (f, "folder.pdf");
  g_autoptr(GError) error = NULL;
  g_autofree char *mime = NULL;

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_refused (empty, MC_INTAKE_MAX_ATTACHMENT_SIZE, MC_ATTACHMENT_ERROR_EMPTY, "empty");

  mc_test_write_pdf (pdf, "big");
  assert_refused (pdf, 100, MC_ATTACHMENT_ERROR_TOO_LARGE, "100 bytes");
  mime = check (pdf, 0, &error);   /* ≤ 0: no limit */
  g_assert_no_error (error);
  g_assert_cmpstr (mime, ==, MC_ATTACHMENT_MIME_PDF);

  assert_refused (missing, MC_INTAKE_MAX_ATTACHMENT_SIZE, MC_ATTACHMENT_ERROR_IO, NULL);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  assert_refused (folder, MC_INTAKE_MAX_ATTACHMENT_SIZE, MC_ATTACHMENT_ERROR_IO, NULL);
}

/* Every file under blobs/ except temporaries. */
static guint
count_blobs (const char *data_dir)
{
  g_autofree char *root = g_build_filename (data_dir, "blobs", NULL);
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
  const char *sub;
  guint n = 0;

  while (dir != NULL && (sub = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (root, sub, NULL);
      g_autoptr(GDir) inner = NULL;

      if (g_str_equal (sub, "tmp"))
        continue;
      inner = g_dir_open (path, 0, NULL);
      while (inner != NULL && g_dir_read_name (inner) != NULL)
        n++;
    }
  return n;
}

static char *
snapshot (McStore    *store,
          const char *uuid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) d = mc_store_load_dossier (store, uuid, &error);
  g_autoptr(GPtrArray) events = mc_store_list_events (store, uuid, &error);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  node = mc_dossier_to_json (d);
  json = json_to_string (node, FALSE);
  return g_strdup_printf ("%s events=%u", json, events->len);
}

static McDossier *
saved_dossier (McStore *store)
{
  g_autoptr(McDossier) d = mc_test_sample_dossier ("Đặng Thị Ánh", "001185012345", "2026-11-23T09:15:00+07:00");
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_store_insert_dossier (store, d, NULL, "clerk", &error));
  g_assert_no_error (error);
  return g_steal_pointer (&d);
}

static void
test_store_add (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(McStore) store = mc_test_open_store (f->data, 1);
  g_autoptr(McDossier) d = saved_dossier (store);
  g_autoptr(McDossier) loaded = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) detail = NULL;
  g_autofree char *pdf = scratch (f, "giay-chung-sinh.txt");
  g_autofree char *png = scratch (f, "to-khai.png");
  g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf);
  g_autoptr(GFile) png_file = g_file_new_for_path (png);
  McAttachment *a, *b;
  McEvent *e;
  JsonObject *o;

  mc_test_write_pdf (pdf, "Giấy chứng sinh");
  mc_test_write_image (png, "png", 64, 64);

  /* The paper is matched ignoring case and diacritics, stored as the dossier spells it. */
  a = mc_store_add_attachment (store, mc_dossier_get_code (d), pdf_file, "giay chung SINH", "clerk", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (a);
  g_assert_cmpstr (a->name, ==, "giay-chung-sinh.txt");
  g_assert_cmpstr (a->mime_type, ==, "application/pdf");
  g_assert_cmpstr (a->paper, ==, "Giấy chứng sinh");
  b = mc_store_add_attachment (store, mc_dossier_get_uuid (d), png_file, NULL, "clerk", NULL, &error);
  g_assert_no_error (error);

  loaded = mc_store_load_dossier (store, mc_dossier_get_uuid (d), &error);
  g_assert_cmpuint (mc_dossier_get_attachments (loaded)->len, ==, 2);
  g_assert_cmpstr (((McAttachment *) g_ptr_array_index (mc_dossier_get_attachments (loaded), 0))->sha256, ==, a->sha256);
  g_assert_cmpstr (((McAttachment *) g_ptr_array_index (mc_dossier_get_attachments (loaded), 1))->mime_type, ==, "image/png");
  g_assert_null (((McAttachment *) g_ptr_array_index (mc_dossier_get_attachments (loaded), 1))->paper);
  g_assert_true (mc_blobs_verify (mc_store_get_blobs (store), a->sha256, &error));

  events = mc_store_list_events (store, mc_dossier_get_uuid (d), &error);
  g_assert_cmpuint (events->len, ==, 3);
  e = g_ptr_array_index (events, 1);
  g_assert_cmpstr (e->kind, ==, "attached");
  g_assert_cmpstr (e->actor, ==, "clerk");
  detail = json_from_string (e->detail, &error);
  g_assert_no_error (error);
  o = json_node_get_object (detail);
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "giay-chung-sinh.txt");
  g_assert_cmpstr (json_object_get_string_member (o, "sha256"), ==, a->sha256);
  g_assert_cmpint (json_object_get_int_member (o, "size"), ==, a->size);
  g_assert_cmpstr (json_object_get_string_member (o, "paper"), ==, "Giấy chứng sinh");

  mc_attachment_free (a);
  mc_attachment_free (b);
}

static void
test_store_refusals_leave_dossier_unharmed (Fixture       *f,
                                            gconstpointer  data)
{
  g_autoptr(McStore) store = mc_test_open_store (f->data, 1);
  g_autoptr(McDossier) d = saved_dossier (store);
  g_autofree char *good = scratch (f, "good.pdf");
  g_autofree char *half = scratch (f, "half.pdf");
  g_autofree char *zip = scratch (f, "zip.pdf");
  g_autofree char *before = NULL;
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  McAttachment *a;
  guint blobs;
  const char *uuid = mc_dossier_get_uuid (d);

  mc_test_write_pdf (good, "good");
  mc_test_write_truncated (good, half, 1, 2);
  g_assert_true (g_file_set_contents (zip, "PK\003\004\024\000\000\000\010\000x.txt", 15, NULL));
  a = mc_store_add_attachment (store, uuid, good_file, NULL, "clerk", NULL, NULL);
  g_assert_nonnull (a);
  mc_attachment_free (a);
  before = snapshot (store, uuid);
  blobs = count_blobs (f->data);

  {
    const struct { const char *path; const char *paper; const char *who; GQuark domain; int code; } bad[] = {
      { half, NULL, uuid, MC_ATTACHMENT_ERROR, MC_ATTACHMENT_ERROR_CORRUPT },
      { zip, NULL, uuid, MC_ATTACHMENT_ERROR, MC_ATTACHMENT_ERROR_UNSUPPORTED },
      { good, NULL, uuid, MC_STORE_ERROR, MC_STORE_ERROR_CONFLICT },              /* already attached */
      { good, "Sổ hộ khẩu", uuid, MC_STORE_ERROR, MC_STORE_ERROR_INVALID },      /* not one of its papers */
      { good, NULL, "000.00.12.H29-261123-9999", MC_STORE_ERROR, MC_STORE_ERROR_NOT_FOUND },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GFile) file = g_file_new_for_path (bad[i].path);
        g_autoptr(GError) error = NULL;
        g_autofree char *after = NULL;

        g_assert_null (mc_store_add_attachment (store, bad[i].who, file, bad[i].paper, "clerk", NULL, &error));
        g_assert_error (error, bad[i].domain, bad[i].code);
        after = snapshot (store, uuid);
        g_assert_cmpstr (after, ==, before);
        g_assert_cmpuint (count_blobs (f->data), ==, blobs);
      }
  }
}

static void
test_store_final_states (Fixture       *f,
                         gconstpointer  data)
{
  static const McDossierState finals[] = { MC_DOSSIER_STATE_DONE, MC_DOSSIER_STATE_RETURNED, MC_DOSSIER_STATE_REJECTED };
  g_autofree char *pdf = scratch (f, "late.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autoptr(McStore) store = mc_test_open_store (f->data, 1);

  mc_test_write_pdf (pdf, "late");
  for (guint i = 0; i < G_N_ELEMENTS (finals); i++)
    {
      g_autoptr(McDossier) d = saved_dossier (store);
      g_autoptr(GError) error = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      g_assert_true (mc_store_set_dossier_state (store, mc_dossier_get_uuid (d), finals[i], "clerk", NULL, &error));
      before = snapshot (store, mc_dossier_get_uuid (d));
      g_assert_null (mc_store_add_attachment (store, mc_dossier_get_code (d), file, NULL, "clerk", NULL, &error));
      g_assert_error (error, MC_STORE_ERROR, MC_STORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, mc_dossier_get_code (d)));
      after = snapshot (store, mc_dossier_get_uuid (d));
      g_assert_cmpstr (after, ==, before);
    }
  g_assert_cmpuint (count_blobs (f->data), ==, 0);
}

static const char *intake_json =
  "{\"procedure_code\": \"HT-KS\", \"applicant\": {\"full_name\": \"Lê Văn Tám\", \"id_kind\": \"cmnd\","
  " \"id_number\": \"123456789\", \"address\": \"Xóm 2\"},"
  " \"papers\": [{\"name\": \"Tờ khai\"}, {\"name\": \"Giấy chứng sinh\"}],"
  " \"attachments\": [\"%s\", {\"path\": \"%s\", \"paper\": \"%s\"}]}";

static gboolean
intake (McStore     *store,
        const char  *json,
        McDossier  **out,
        GError     **error)
{
  g_autoptr(McCatalog) catalog = mc_store_load_catalog (store, NULL);
  g_autoptr(McCalendar) calendar = mc_intake_load_calendar (store, NULL);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(McDossier) d = mc_intake_parse_json_files (json, -1, catalog, &files, error);

  if (d == NULL || !mc_intake_receive_files (store, catalog, calendar, d, files, NULL, NULL, error))
    return FALSE;
  *out = g_steal_pointer (&d);
  return TRUE;
}

static void
test_intake (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(McStore) store = mc_test_open_store (f->data, 1);
  g_autofree char *jpeg = scratch (f, "to-khai.jpg");
  g_autofree char *pdf = scratch (f, "gcs.pdf");
  g_autofree char *text = scratch (f, "gcs.jpg");
  g_autofree char *json = NULL;
  g_autoptr(McDossier) d = NULL;
  g_autoptr(GError) error = NULL;
  McAttachment *a;

  mc_test_write_image (jpeg, "jpeg", 100, 140);
  mc_test_write_pdf (pdf, "gcs");
  g_assert_true (g_file_set_contents (text, "not a picture\n", -1, NULL));

  json = g_strdup_printf (intake_json, jpeg, pdf, "giấy chứng sinh");
  g_assert_true (intake (store, json, &d, &error));
  g_assert_no_error (error);
  {
    g_autofree char *uuid = g_strdup (mc_dossier_get_uuid (d));

    g_clear_object (&d);
    d = mc_store_load_dossier (store, uuid, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (mc_dossier_get_attachments (d)->len, ==, 2);
  a = g_ptr_array_index (mc_dossier_get_attachments (d), 0);
  g_assert_cmpstr (a->mime_type, ==, "image/jpeg");
  g_assert_null (a->paper);
  a = g_ptr_array_index (mc_dossier_get_attachments (d), 1);
  g_assert_cmpstr (a->mime_type, ==, "application/pdf");
  g_assert_cmpstr (a->paper, ==, "Giấy chứng sinh");
  g_clear_object (&d);

  /* A bad second file: nothing saved, not even the good first file's blob. */
  mc_test_rm_rf (f->data);
  g_clear_object (&store);
  store = mc_test_open_store (f->data, 1);
  g_free (json);
  json = g_strdup_printf (intake_json, pdf, text, "Tờ khai");
  g_assert_false (intake (store, json, &d, &error));
  g_assert_error (error, MC_INTAKE_ERROR, MC_INTAKE_ERROR_ATTACHMENT);
  g_assert_nonnull (strstr (error->message, "attachments[1]"));
  g_assert_nonnull (strstr (error->message, "gcs.jpg"));
  g_assert_cmpint (mc_store_count_dossiers (store, NULL, NULL), ==, 0);
  g_assert_cmpuint (count_blobs (f->data), ==, 0);
  g_clear_error (&error);

  /* A paper the dossier does not list. */
  g_free (json);
  json = g_strdup_printf (intake_json, jpeg, pdf, "Sổ hộ khẩu");
  g_assert_false (intake (store, json, &d, &error));
  g_assert_error (error, MC_INTAKE_ERROR, MC_INTAKE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "attachments[1].paper"));
  g_assert_nonnull (strstr (error->message, "Sổ hộ khẩu"));
  g_assert_cmpuint (count_blobs (f->data), ==, 0);
}

static void
test_intake_json_forms (void)
{
  static const struct { const char *attachments; const char *error_path; } cases[] = {
    { "[{\"paper\": \"Tờ khai\"}]", "attachments[0].path" },
    { "[{\"path\": \"\"}]", "attachments[0].path" },
    { "[{\"path\": \"a.pdf\", \"paper\": 3}]", "attachments[0].paper" },
    { "[\"a.pdf\", 7]", "attachments[1]" },
    { "\"a.pdf\"", "attachments" },
  };
  g_autoptr(McCatalog) catalog = mc_catalog_new_bundled ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"procedure_code\": \"HT-KS\", \"applicant\": {\"full_name\": \"Lê Văn Tám\","
                                               " \"id_kind\": \"cmnd\", \"id_number\": \"123456789\", \"address\": \"Xóm 2\"},"
                                               " \"attachments\": %s}", cases[i].attachments);
      g_autoptr(GError) error = NULL;
      g_autoptr(McDossier) d = mc_intake_parse_json_files (json, -1, catalog, NULL, &error);

      g_assert_null (d);
      g_assert_error (error, MC_INTAKE_ERROR, MC_INTAKE_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, cases[i].error_path));
    }

  {
    g_autoptr(GPtrArray) paths = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(McDossier) d = mc_intake_parse_json ("{\"procedure_code\": \"HT-KS\", \"applicant\": {\"full_name\": \"Lê Văn Tám\","
                                                   " \"id_kind\": \"cmnd\", \"id_number\": \"123456789\", \"address\": \"Xóm 2\"},"
                                                   " \"attachments\": [\"a.pdf\", {\"path\": \"b.png\", \"paper\": \"X\"}]}",
                                                   -1, catalog, &paths, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (paths->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (paths, 1), ==, "b.png");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/attachments/check/good", test_good_files);
  ADD ("/attachments/check/truncated-corrupt", test_truncated_and_corrupt);
  ADD ("/attachments/check/wrong-types", test_wrong_types);
  ADD ("/attachments/check/empty-large-unreadable", test_empty_large_unreadable);
  ADD ("/attachments/store/add", test_store_add);
  ADD ("/attachments/store/refusals", test_store_refusals_leave_dossier_unharmed);
  ADD ("/attachments/store/final-states", test_store_final_states);
  ADD ("/attachments/intake", test_intake);
  g_test_add_func ("/attachments/intake/json-forms", test_intake_json_forms);
  return g_test_run ();
}
