/* test-scan-page.c — McPage (rotate, crop, PNG, import), presets, PDF, sessions; no SANE */
#include "test-util.h"

#include <glib/gstdio.h>
#include <string.h>
#include <utime.h>

#include "mc-scan.h"

/* A grey page: white, with a black rectangle at (x, y, w, h). */
static McPage *
make_page (int width,
           int height,
           int dpi,
           int x,
           int y,
           int w,
           int h)
{
  guint8 *px = g_malloc ((gsize) width * height);
  g_autoptr(GBytes) bytes = NULL;

  memset (px, 255, (gsize) width * height);
  for (int j = y; j < y + h; j++)
    memset (px + (gsize) j * width + x, 0, w);
  bytes = g_bytes_new_take (px, (gsize) width * height);
  return mc_page_new (width, height, dpi, MC_PAGE_FORMAT_GREY, bytes);
}

static McPage *
make_noise_page (int width,
                 int height,
                 int dpi)
{
  gsize n = (gsize) width * height * 3;
  guint8 *px = g_malloc (n);
  GRand *rand = g_rand_new_with_seed (7);
  g_autoptr(GBytes) bytes = NULL;

  for (gsize i = 0; i < n; i++)
    px[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);
  bytes = g_bytes_new_take (px, n);
  return mc_page_new (width, height, dpi, MC_PAGE_FORMAT_RGB, bytes);
}

static guint8
pixel (McPage *page,
       int     x,
       int     y)
{
  const guint8 *px = g_bytes_get_data (mc_page_get_pixels (page), NULL);

  return px[(gsize) y * mc_page_get_rowstride (page) + x * (mc_page_get_format (page) == MC_PAGE_FORMAT_RGB ? 3 : 1)];
}

static void
test_rotate (void)
{
  g_autoptr(McPage) page = make_page (40, 20, 100, 0, 0, 1, 1);  /* black top-left pixel */

  mc_page_rotate (page, 90);
  g_assert_cmpint (mc_page_get_width (page), ==, 20);
  g_assert_cmpint (mc_page_get_height (page), ==, 40);
  g_assert_cmpint (pixel (page, 19, 0), ==, 0);      /* top-left went top-right */
  g_assert_cmpint (mc_page_get_rotation (page), ==, 90);
  mc_page_rotate (page, -90);
  g_assert_cmpint (mc_page_get_width (page), ==, 40);
  g_assert_cmpint (pixel (page, 0, 0), ==, 0);
  g_assert_cmpint (mc_page_get_rotation (page), ==, 0);
  mc_page_rotate (page, 180);
  g_assert_cmpint (pixel (page, 39, 19), ==, 0);
  g_assert_cmpint (mc_page_get_rotation (page), ==, 180);
}

static void
test_crop (void)
{
  g_autoptr(McPage) page = make_page (100, 80, 100, 30, 20, 10, 5);
  g_autoptr(McPage) blank = make_page (10, 10, 100, 0, 0, 0, 0);

  g_assert_true (mc_page_crop_to_content (page, 2));
  g_assert_cmpint (mc_page_get_width (page), ==, 14);
  g_assert_cmpint (mc_page_get_height (page), ==, 9);
  g_assert_cmpint (pixel (page, 2, 2), ==, 0);
  g_assert_cmpint (pixel (page, 1, 1), ==, 255);
  g_assert_false (mc_page_crop_to_content (blank, 0));
}

static void
test_png_round_trip (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "page-0001.png", NULL);
  g_autoptr(McPage) page = make_page (33, 17, 150, 3, 4, 5, 6);
  g_autoptr(McPage) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) rgb = NULL;
  g_autoptr(McPage) color = NULL;
  guint8 px[2 * 2 * 3] = { 255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30 };

  g_assert_true (mc_page_save (page, path, &error));
  g_assert_no_error (error);
  back = mc_page_new_from_file (path, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_page_get_dpi (back), ==, 150);
  g_assert_cmpint (mc_page_get_format (back), ==, MC_PAGE_FORMAT_GREY);
  g_assert_true (g_bytes_equal (mc_page_get_pixels (page), mc_page_get_pixels (back)));

  rgb = g_bytes_new (px, sizeof px);
  color = mc_page_new (2, 2, 300, MC_PAGE_FORMAT_RGB, rgb);
  g_assert_true (mc_page_save (color, path, &error));
  g_clear_object (&back);
  back = mc_page_new_from_file (path, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mc_page_get_format (back), ==, MC_PAGE_FORMAT_RGB);
  g_assert_true (g_bytes_equal (rgb, mc_page_get_pixels (back)));

  g_clear_object (&back);
  back = mc_page_new_from_file (dir, 0, &error);
  g_assert_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_INVALID);
  mc_test_rm_rf (dir);
}

static void
test_cairo_surface (void)
{
  g_autoptr(McPage) page = make_page (400, 200, 100, 0, 0, 400, 100);
  cairo_surface_t *s = mc_page_get_cairo_surface (page, 100);

  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 100);
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, 50);
  cairo_surface_destroy (s);
  s = mc_page_get_cairo_surface (page, 0);
  g_assert_cmpint (cairo_image_surface_get_width (s), ==, 400);
  cairo_surface_destroy (s);
}

static void
test_presets (void)
{
  g_assert_cmpstr (mc_scan_preset_get_label (MC_SCAN_PRESET_DOCUMENT), ==, "Document");
  g_assert_cmpint (mc_scan_preset_get_resolution (MC_SCAN_PRESET_DOCUMENT), ==, 200);
  g_assert_false (mc_scan_preset_get_color (MC_SCAN_PRESET_DOCUMENT));
  g_assert_true (mc_scan_preset_get_color (MC_SCAN_PRESET_COLOR_DOCUMENT));
  g_assert_cmpint (mc_scan_preset_get_resolution (MC_SCAN_PRESET_PHOTO), ==, 300);
}

static void
test_pdf (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "out.pdf", NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  /* A4 at 200 dpi, a page bigger than A4 (scaled down to fit), and a
   * colour photo-like page (noise: JPEG wins over lossless). */
  g_ptr_array_add (pages, make_page (1654, 2339, 200, 100, 100, 800, 40));
  g_ptr_array_add (pages, make_page (3000, 1000, 100, 0, 0, 10, 10));
  g_ptr_array_add (pages, make_noise_page (400, 300, 100));
  g_assert_true (mc_scan_write_pdf (pages, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_nonnull (memmem (contents, len, "/DCTDecode", 10));
  g_assert_nonnull (memmem (contents, len, "/DeviceGray", 11));  /* grey stays grey */
  g_assert_nonnull (memmem (contents, len, "595.28", 6));

  g_assert_false (mc_scan_write_pdf (none, path, &error));
  g_assert_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_INVALID);
  mc_test_rm_rf (dir);
}

static char *
make_session (const char *data_dir,
              gsize       bytes,
              gint64      age_s)
{
  g_autoptr(GError) error = NULL;
  char *dir = mc_scan_session_new_dir (data_dir, &error);
  g_autofree char *file = NULL;
  g_autofree char *zeros = g_malloc0 (bytes);
  struct utimbuf t;

  g_assert_no_error (error);
  file = g_build_filename (dir, "page-0001.png", NULL);
  g_assert_true (g_file_set_contents (file, zeros, bytes, NULL));
  t.actime = t.modtime = (time_t) (g_get_real_time () / G_USEC_PER_SEC - age_s);
  g_assert_cmpint (g_utime (file, &t), ==, 0);
  g_assert_cmpint (g_utime (dir, &t), ==, 0);
  return dir;
}

static void
test_sessions_cleanup (void)
{
  g_autofree char *data = mc_test_make_tmp_dir ();
  g_autofree char *old = make_session (data, 10, 8 * 24 * 3600);
  g_autofree char *a = make_session (data, 1000, 300);
  g_autofree char *b = make_session (data, 1000, 200);
  g_autofree char *c = make_session (data, 1000, 100);
  g_autoptr(GError) error = NULL;

  /* 8 days old goes; then the oldest until ≤ 2500 bytes. */
  g_assert_cmpuint (mc_scan_sessions_cleanup (data, 2500, MC_SCAN_SESSIONS_MAX_AGE_S, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (a, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (b, G_FILE_TEST_EXISTS));
  /* The newest is kept even over the cap. */
  g_assert_cmpuint (mc_scan_sessions_cleanup (data, 0, MC_SCAN_SESSIONS_MAX_AGE_S, &error), ==, 1);
  g_assert_true (g_file_test (c, G_FILE_TEST_EXISTS));
  g_assert_true (mc_scan_session_remove (c));
  g_assert_false (g_file_test (c, G_FILE_TEST_EXISTS));
  mc_test_rm_rf (data);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scan-page/rotate", test_rotate);
  g_test_add_func ("/scan-page/crop", test_crop);
  g_test_add_func ("/scan-page/png-round-trip", test_png_round_trip);
  g_test_add_func ("/scan-page/cairo-surface", test_cairo_surface);
  g_test_add_func ("/scan-page/presets", test_presets);
  g_test_add_func ("/scan-page/pdf", test_pdf);
  g_test_add_func ("/scan-page/sessions-cleanup", test_sessions_cleanup);
  return g_test_run ();
}
