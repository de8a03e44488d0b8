/* test-id-card-cli.c — `motcua id-card` as a real process: the QR text as an
 * argument, and as an image file (a QR code made here with libqrencode, read
 * back by ZBar in the scan layer)
 *
 * The people below are made up; their numbers follow the CCCD structure.
 */
#include "test-util.h"
#include "cli-util.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <qrencode.h>
#include <string.h>

#define ARGS(...) ((const char * const[]) { __VA_ARGS__, NULL })

#define ANH  "001185012345|012345678|Đặng Thị Ánh|02031985|Nữ|Thôn 3, xã Tân Lập, Hà Nội|10052021"
#define MINH "049202001234||Lê Văn Minh|24022002|Nam|Cẩm Yên, Thạch Thất, Hà Nội|31052021"

/* Writes @text as a QR code (byte mode, as on the cards) into a PNG, 4
 * pixels a module with the 4-module quiet zone. */
static void
write_qr_png (const char *text,
              const char *path)
{
  QRcode *qr = QRcode_encodeData ((int) strlen (text), (const unsigned char *) text, 0, QR_ECLEVEL_M);
  int scale = 4, margin = 4, side;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  guint8 *pixels;
  int stride;

  g_assert_nonnull (qr);
  side = (qr->width + 2 * margin) * scale;
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, side, side);
  gdk_pixbuf_fill (pixbuf, 0xffffffff);
  pixels = gdk_pixbuf_get_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++)
      if (qr->data[y * qr->width + x] & 1)
        for (int dy = 0; dy < scale; dy++)
          memset (pixels + (gsize) ((y + margin) * scale + dy) * stride + (gsize) (x + margin) * scale * 3,
                  0, (gsize) scale * 3);
  QRcode_free (qr);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
}

static JsonObject *
run_ok (const char * const *args,
        JsonNode          **keep)
{
  McRun r = mc_run_cli (NULL, NULL, args);

  if (r.status != 0)
    g_error ("motcua id-card failed (%d): %s", r.status, r.err);
  *keep = mc_parse_json (r.out);
  mc_run_clear (&r);
  return json_node_get_object (*keep);
}

static void
assert_anh (JsonObject *o)
{
  g_assert_cmpuint (json_object_get_size (o), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (o, "id_number"), ==, "001185012345");
  g_assert_cmpstr (json_object_get_string_member (o, "old_id_number"), ==, "012345678");
  g_assert_cmpstr (json_object_get_string_member (o, "full_name"), ==, "Đặng Thị Ánh");
  g_assert_cmpstr (json_object_get_string_member (o, "date_of_birth"), ==, "1985-03-02");
  g_assert_cmpstr (json_object_get_string_member (o, "gender"), ==, "female");
  g_assert_cmpstr (json_object_get_string_member (o, "address"), ==, "Thôn 3, xã Tân Lập, Hà Nội");
  g_assert_cmpstr (json_object_get_string_member (o, "issue_date"), ==, "2021-05-10");
}

static void
test_payload (void)
{
  g_autoptr(JsonNode) anh = NULL;
  g_autoptr(JsonNode) typed = NULL;
  g_autoptr(JsonNode) minh = NULL;
  g_autofree char *nfd = g_utf8_normalize (ANH, -1, G_NORMALIZE_NFD);
  g_autoptr(JsonNode) decomposed = NULL;
  JsonObject *o;
  McRun r;

  assert_anh (run_ok (ARGS ("id-card", ANH, "--json"), &anh));
  /* As a USB reader types it: with its Enter. */
  assert_anh (run_ok (ARGS ("id-card", ANH "\r\n", "--json"), &typed));
  assert_anh (run_ok (ARGS ("id-card", nfd, "--json"), &decomposed));

  o = run_ok (ARGS ("id-card", "--json", MINH), &minh);
  g_assert_true (json_object_get_null_member (o, "old_id_number"));
  g_assert_cmpstr (json_object_get_string_member (o, "gender"), ==, "male");
  g_assert_cmpstr (json_object_get_string_member (o, "date_of_birth"), ==, "2002-02-24");

  /* From standard input, as a reader types it (not on the command line,
   * which every user of the PC can see). */
  {
    McRun in = mc_run_cli (NULL, ANH "\r\n", ARGS ("id-card", "-", "--json"));
    g_autoptr(JsonNode) node = NULL;

    g_assert_cmpint (in.status, ==, 0);
    node = mc_parse_json (in.out);
    assert_anh (json_node_get_object (node));
    mc_run_clear (&in);
  }
  {
    g_autofree char *huge = g_strnfill (4000, '7');
    McRun in = mc_run_cli (NULL, huge, ARGS ("id-card", "-"));

    g_assert_cmpint (in.status, ==, 65);
    g_assert_nonnull (strstr (in.err, "too long"));
    mc_run_clear (&in);
  }

  /* Without --json: one line per field. */
  r = mc_run_cli (NULL, NULL, ARGS ("id-card", MINH));
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Lê Văn Minh"));
  g_assert_nonnull (strstr (r.out, "2002-02-24"));
  g_assert_nonnull (strstr (r.out, "Nam"));
  mc_run_clear (&r);
}

static void
assert_refused (const char *payload,
                const char *lang,
                const char *fragment)
{
  McRun r = mc_run_cli_lang (NULL, NULL, lang, ARGS ("id-card", payload, "--json"));

  g_assert_cmpint (r.status, ==, 65);
  g_assert_cmpstr (r.out, ==, "");
  if (strstr (r.err, fragment) == NULL)
    g_error ("“%s” lacks “%s”", r.err, fragment);
  mc_run_clear (&r);
}

static void
test_refused (void)
{
  McRun r;

  /* The number contradicts the year of birth: refused with the reason. */
  assert_refused ("001185012345|012345678|Đặng Thị Ánh|02031986|Nữ|Thôn 3|10052021", NULL,
                  "5th and 6th digits, 85");
  assert_refused ("001385012345|012345678|Đặng Thị Ánh|02031985|Nữ|Thôn 3|10052021", NULL, "4th digit");
  assert_refused ("001185012345|012345678|Đặng Văn An|02031985|Nam|Thôn 3|10052021", NULL, "woman");
  assert_refused ("001185012345|Đặng Thị Ánh|02031985|Nữ|Thôn 3|10052021", NULL, "6 fields");
  assert_refused ("Nguyễn Văn A", NULL, "1 field ");
  assert_refused ("001185012345|012345678|Đặng\tThị Ánh|02031985|Nữ|Thôn 3|10052021", NULL, "U+0009");
  /* In Vietnamese for the clerk. */
  assert_refused ("001185012345|012345678|Đặng Thị Ánh|02031986|Nữ|Thôn 3|10052021", "vi_VN.UTF-8",
                  "Mã QR trên thẻ căn cước");

  r = mc_run_cli (NULL, NULL, ARGS ("id-card"));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);
  r = mc_run_cli (NULL, NULL, ARGS ("id-card", ANH, "--image", "x.png"));
  g_assert_cmpint (r.status, ==, 2);
  mc_run_clear (&r);
}

static void
test_image (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *good = g_build_filename (dir, "anh.png", NULL);
  g_autofree char *nfd_png = g_build_filename (dir, "anh-nfd.png", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.png", NULL);
  g_autofree char *blank = g_build_filename (dir, "blank.png", NULL);
  g_autofree char *text = g_build_filename (dir, "not-an-image.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.png", NULL);
  g_autofree char *nfd = g_utf8_normalize (ANH, -1, G_NORMALIZE_NFD);
  g_autoptr(GdkPixbuf) white = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 200, 200);
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(GError) error = NULL;
  McRun r;

  write_qr_png (ANH, good);
  write_qr_png (nfd, nfd_png);
  write_qr_png ("001185012345|012345678|Đặng Thị Ánh|02031986|Nữ|Thôn 3|10052021", bad);
  gdk_pixbuf_fill (white, 0xffffffff);
  gdk_pixbuf_save (white, blank, "png", &error, NULL);
  g_assert_no_error (error);
  g_file_set_contents (text, "001185012345|012345678|Đặng Thị Ánh", -1, &error);
  g_assert_no_error (error);

  assert_anh (run_ok (ARGS ("id-card", "--image", good, "--json"), &a));
  assert_anh (run_ok (ARGS ("id-card", "--image", nfd_png, "--json"), &b));

  /* Read fine, refused as the payload would be. */
  r = mc_run_cli (NULL, NULL, ARGS ("id-card", "--image", bad, "--json"));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "5th and 6th digits"));
  mc_run_clear (&r);

  r = mc_run_cli (NULL, NULL, ARGS ("id-card", "--image", blank));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "no QR code"));
  mc_run_clear (&r);

  r = mc_run_cli (NULL, NULL, ARGS ("id-card", "--image", text));
  g_assert_cmpint (r.status, ==, 65);
  g_assert_nonnull (strstr (r.err, "not an image"));
  mc_run_clear (&r);

  r = mc_run_cli (NULL, NULL, ARGS ("id-card", "--image", missing));
  g_assert_cmpint (r.status, ==, 74);
  mc_run_clear (&r);

  mc_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/id-card-cli/payload", test_payload);
  g_test_add_func ("/id-card-cli/refused", test_refused);
  g_test_add_func ("/id-card-cli/image", test_image);

  return g_test_run ();
}
