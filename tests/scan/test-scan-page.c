/* test-scan-page.c — McPage (rotate, crop, PNG, import), presets, PDF (G4, grey, colour), sessions; no SANE */
#include "test-util.h"

#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
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

/* ---- the bi-level (CCITT G4) path -------------------------------------- */

/* An A4 page at 200 dpi of dark text drawn with pango, with scanner noise;
 * @photo adds a 4 × 6 cm portrait of smooth greys below the text. */
static McPage *
make_text_page (int      paragraphs,
                gboolean photo)
{
  const int dpi = 200, w = 1653, h = 2338;
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create (s);
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Serif 12");
  g_autoptr(GString) text = g_string_new (NULL);
  GRand *rand = g_rand_new_with_seed (3);
  guint8 *px = g_malloc ((gsize) w * h), *data;
  int stride;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, dpi / 72.0, dpi / 72.0);
  for (int i = 0; i < paragraphs; i++)
    g_string_append (text, "Ủy ban nhân dân xã Tân Lập tiếp nhận hồ sơ của ông Nguyễn Văn Đức, "
                           "số định danh cá nhân 001185012345, về việc đăng ký khai sinh cho con. ");
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, 455 * PANGO_SCALE);
  pango_layout_set_text (layout, text->str, -1);
  cairo_set_source_rgb (cr, 0.05, 0.05, 0.05);
  cairo_move_to (cr, 70, 70);
  pango_cairo_show_layout (cr, layout);
  if (photo)
    {
      cairo_pattern_t *shade = cairo_pattern_create_radial (125, 665, 5, 125, 685, 110);

      cairo_pattern_add_color_stop_rgb (shade, 0, 0.85, 0.85, 0.85);
      cairo_pattern_add_color_stop_rgb (shade, 1, 0.3, 0.3, 0.3);
      cairo_set_source (cr, shade);
      cairo_rectangle (cr, 70, 600, 113, 170);
      cairo_fill (cr);
      cairo_pattern_destroy (shade);
    }
  cairo_surface_flush (s);
  data = cairo_image_surface_get_data (s);
  stride = cairo_image_surface_get_stride (s);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint32 v = ((guint32 *) (gpointer) (data + (gsize) y * stride))[x];
        int noisy = (int) ((v >> 8) & 0xff) + g_rand_int_range (rand, -4, 5);

        px[(gsize) y * w + x] = (guint8) CLAMP (noisy, 0, 255);
      }
  g_rand_free (rand);
  pango_font_description_free (font);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_destroy (s);
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (px, (gsize) w * h);
    return mc_page_new (w, h, dpi, MC_PAGE_FORMAT_GREY, bytes);
  }
}

static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The one image line of `pdfimages -list`: type, bits per component. */
static void
image_kind (const char  *pdf,
            char       **out_enc,
            int         *out_bpc,
            char       **out_color)
{
  const char *argv[] = { "pdfimages", "-list", pdf, NULL };
  g_autofree char *out = run (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  g_auto(GStrv) f = NULL;

  g_assert_cmpuint (g_strv_length (lines), >=, 3);
  /* page num type width height color comp bpc enc ... */
  f = g_strsplit_set (g_strstrip (lines[2]), " ", -1);
  {
    g_autoptr(GPtrArray) words = g_ptr_array_new ();

    for (guint i = 0; f[i] != NULL; i++)
      if (*f[i] != '\0')
        g_ptr_array_add (words, f[i]);
    g_assert_cmpuint (words->len, >=, 9);
    *out_color = g_strdup (words->pdata[5]);
    *out_bpc = atoi (words->pdata[7]);
    *out_enc = g_strdup (words->pdata[8]);
  }
}

/* The page as pdftoppm draws it at 200 dpi, grey (PGM, P5). */
static guint8 *
render_grey (const char *pdf,
             int        *out_w,
             int        *out_h)
{
  g_autofree char *dir = g_path_get_dirname (pdf);
  g_autofree char *root = g_build_filename (dir, "render", NULL);
  g_autofree char *pgm = g_strconcat (root, "-1.pgm", NULL);
  const char *argv[] = { "pdftoppm", "-gray", "-r", "200", "-singlefile", pdf, root, NULL };
  g_autofree char *out = run (argv);
  g_autofree char *contents = NULL;
  int w = 0, h = 0, max = 0, consumed = 0;
  gsize len;
  guint8 *px;

  g_free (pgm);
  pgm = g_strconcat (root, ".pgm", NULL);
  g_assert_true (g_file_get_contents (pgm, &contents, &len, NULL));
  g_assert_cmpint (sscanf (contents, "P5 %d %d %d%n", &w, &h, &max, &consumed), ==, 3);
  g_assert_cmpuint (len, >=, (gsize) consumed + 1 + (gsize) w * h);
  px = g_memdup2 (contents + consumed + 1, (gsize) w * h);
  *out_w = w;
  *out_h = h;
  return px;
}

static gboolean
have_poppler (void)
{
  g_autofree char *a = g_find_program_in_path ("pdfimages");
  g_autofree char *b = g_find_program_in_path ("pdftoppm");

  /* poppler-utils is installed by .ci/install-deps: without it the check
   * would pass without looking at the PDF, so fail instead. */
  if (a == NULL || b == NULL)
    g_error ("poppler-utils (pdfimages, pdftoppm) is not installed: run .ci/install-deps");
  return TRUE;
}

static void
test_pdf_bilevel_text (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "text.pdf", NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *enc = NULL, *color = NULL;
  g_autofree guint8 *shown = NULL;
  const guint8 *orig;
  int bpc = 0, w, h;
  gsize differ = 0, ink = 0;
  GStatBuf st;

  if (!have_poppler ())
    return;
  /* Text to the bottom of the page: the worst case for size. */
  g_ptr_array_add (pages, make_text_page (30, FALSE));
  g_assert_true (mc_scan_write_pdf (pages, path, &error));
  g_assert_no_error (error);

  image_kind (path, &enc, &bpc, &color);
  g_assert_cmpstr (enc, ==, "ccitt");
  g_assert_cmpint (bpc, ==, 1);
  g_assert_cmpstr (color, ==, "gray");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_test_message ("dense text page: %ld bytes", (long) st.st_size);
  g_assert_cmpint (st.st_size, <, 150 * 1024);

  /* What a viewer shows is the page: ink where the scan had ink (a wrong
   * polarity or a broken G4 stream would differ nearly everywhere). */
  shown = render_grey (path, &w, &h);
  g_assert_cmpint (w, ==, 1654);  /* A4 at 200 dpi: the image fills the page */
  orig = g_bytes_get_data (mc_page_get_pixels (pages->pdata[0]), NULL);
  /* The image is centred on the page, a fraction of a pixel off the
   * render's grid: a pixel is right if its 3 × 3 neighbourhood has one. */
  for (int y = 1; y < MIN (h, 2338) - 1; y++)
    for (int x = 1; x < MIN (w, 1653) - 1; x++)
      {
        gboolean was_ink = orig[(gsize) y * 1653 + x] < 128;
        gboolean found = FALSE;

        for (int dy = -1; dy <= 1 && !found; dy++)
          for (int dx = -1; dx <= 1 && !found; dx++)
            found = (shown[(gsize) (y + dy) * w + x + dx] < 128) == was_ink;
        ink += was_ink;
        differ += !found;
      }
  g_test_message ("ink %zu px, differing %zu px", ink, differ);
  g_assert_cmpuint (ink, >, 100000);
  g_assert_cmpuint (differ, <, ink / 100);
  mc_test_rm_rf (dir);
}

static void
test_pdf_photo_stays_grey (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "photo.pdf", NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *enc = NULL, *color = NULL;
  int bpc = 0;

  if (!have_poppler ())
    return;
  g_ptr_array_add (pages, make_text_page (5, TRUE));
  g_assert_true (mc_scan_write_pdf (pages, path, &error));
  g_assert_no_error (error);
  image_kind (path, &enc, &bpc, &color);
  g_assert_cmpstr (enc, !=, "ccitt");
  g_assert_cmpint (bpc, ==, 8);
  g_assert_cmpstr (color, ==, "gray");

  /* A colour page stays colour. */
  g_clear_pointer (&enc, g_free);
  g_clear_pointer (&color, g_free);
  g_ptr_array_set_size (pages, 0);
  g_ptr_array_add (pages, make_noise_page (400, 300, 100));
  g_assert_true (mc_scan_write_pdf (pages, path, &error));
  image_kind (path, &enc, &bpc, &color);
  g_assert_cmpstr (enc, ==, "jpeg");
  g_assert_cmpstr (color, ==, "rgb");
  mc_test_rm_rf (dir);
}

static void
test_pdf_blank_page (void)
{
  g_autofree char *dir = mc_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "blank.pdf", NULL);
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *enc = NULL, *color = NULL;
  g_autofree guint8 *shown = NULL;
  int bpc = 0, w, h;
  GStatBuf st;

  if (!have_poppler ())
    return;
  g_ptr_array_add (pages, make_page (1653, 2338, 200, 0, 0, 0, 0));
  g_assert_true (mc_scan_write_pdf (pages, path, &error));
  g_assert_no_error (error);
  image_kind (path, &enc, &bpc, &color);
  g_assert_cmpstr (enc, ==, "ccitt");
  g_assert_cmpint (bpc, ==, 1);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 10 * 1024);
  shown = render_grey (path, &w, &h);
  for (gsize i = 0; i < (gsize) w * h; i++)
    if (shown[i] < 250)
      g_error ("pixel %zu of a blank page is %d", i, shown[i]);
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

/* Sessions at start-up: left over, handed over and saved, handed over and
 * cut off before the draft was saved. */
static char *
make_page_session (const char *data_dir,
                   const char *incoming)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McPage) page = make_page (20, 20, 100, 0, 0, 5, 5);
  char *dir = mc_scan_session_new_dir (data_dir, &error);
  g_autofree char *file = g_build_filename (dir, "page-0001.png", NULL);

  g_assert_no_error (error);
  g_assert_true (mc_page_save (page, file, &error));
  if (incoming != NULL)
    g_assert_true (mc_scan_session_set_note (dir, "incoming", incoming, &error));
  g_assert_no_error (error);
  return dir;
}

static char *
make_incoming (const char *data_dir,
               const char *random)
{
  g_autofree char *folder = g_build_filename (data_dir, "incoming", random, NULL);
  char *path = g_build_filename (folder, "Tờ khai.pdf", NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "%PDF-1.5", -1, NULL));
  return path;
}

static gboolean
named_cb (const char *path,
          gpointer    user_data)
{
  return g_strcmp0 (path, user_data) == 0;
}

static void
test_sessions_left_over (void)
{
  g_autofree char *data = mc_test_make_tmp_dir ();
  g_autofree char *outside = g_build_filename (data, "elsewhere.pdf", NULL);
  g_autofree char *saved_pdf = make_incoming (data, "aaaaaaaa-0000-0000-0000-000000000001");
  g_autofree char *cut_pdf = make_incoming (data, "aaaaaaaa-0000-0000-0000-000000000002");
  g_autofree char *gone_pdf = g_build_filename (data, "incoming", "x", "gone.pdf", NULL);
  g_autofree char *crashed = make_page_session (data, NULL);
  g_autofree char *attached = make_page_session (data, gone_pdf);
  g_autofree char *in_draft = make_page_session (data, saved_pdf);
  g_autofree char *cut_off = make_page_session (data, cut_pdf);
  g_autofree char *odd = make_page_session (data, outside);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autofree char *empty = mc_scan_session_new_dir (data, &error);

  g_assert_true (g_file_set_contents (outside, "mine", -1, NULL));
  left = mc_scan_sessions_find_left_over (data, named_cb, saved_pdf);

  /* Offered: the crashed one, the one cut off, and the odd one; not the
   * empty one (kept for the age cap). */
  g_assert_cmpuint (left->len, ==, 3);
  for (guint i = 0; i < left->len; i++)
    {
      McScanSessionInfo *info = g_ptr_array_index (left, i);

      g_assert_true (g_str_equal (info->dir, crashed) || g_str_equal (info->dir, cut_off) ||
                     g_str_equal (info->dir, odd));
      g_assert_cmpuint (info->n_pages, ==, 1);
      g_assert_null (info->incoming);
    }
  /* Done: attached (its PDF gone from incoming/) or named by a draft. */
  g_assert_false (g_file_test (attached, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (in_draft, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (saved_pdf, G_FILE_TEST_EXISTS));
  /* The PDF nothing saved goes: its pages are offered instead. */
  g_assert_false (g_file_test (cut_pdf, G_FILE_TEST_EXISTS));
  /* A note never deletes a file outside incoming/. */
  g_assert_true (g_file_test (outside, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (empty, G_FILE_TEST_IS_DIR));
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
  g_test_add_func ("/scan-page/pdf-bilevel-text", test_pdf_bilevel_text);
  g_test_add_func ("/scan-page/pdf-photo-stays-grey", test_pdf_photo_stays_grey);
  g_test_add_func ("/scan-page/pdf-blank-page", test_pdf_blank_page);
  g_test_add_func ("/scan-page/sessions-cleanup", test_sessions_cleanup);
  g_test_add_func ("/scan-page/sessions-left-over", test_sessions_left_over);
  return g_test_run ();
}
