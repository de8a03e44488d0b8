/* attachment-util.h — real PDF, JPEG and PNG files for tests */
#pragma once

#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>
#include <glib/gstdio.h>

G_BEGIN_DECLS

/* A one-page PDF titled @text (different texts, different files). No
 * text is drawn: fonts would load fontconfig, whose caches the leak
 * checker reports. */
static inline void
mc_test_write_pdf (const char *path,
                   const char *text)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, text);
  for (guint i = 0; text[i] != '\0'; i++)
    cairo_rectangle (cr, 72 + (i % 20) * 20, 72 + (i / 20) * 20, 4 + (guint8) text[i] % 12, 12);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

/* A @width × @height picture with noise in it (so the compressed data is
 * not tiny), saved as @type ("png" or "jpeg"). */
static inline void
mc_test_write_image (const char *path,
                     const char *type,
                     int         width,
                     int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint32 seed = 12345;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width * 3; x++)
      {
        seed = seed * 1103515245 + 12345;
        pixels[y * stride + x] = (guint8) ((x + y) ^ (seed >> 24));
      }
  g_assert_true (gdk_pixbuf_save (pixbuf, path, type, &error, NULL));
  g_assert_no_error (error);
}

/* Writes the first @numerator/@denominator of @src to @dest. */
static inline void
mc_test_write_truncated (const char *src,
                         const char *dest,
                         int         numerator,
                         int         denominator)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (src, &data, &len, NULL));
  g_assert_true (g_file_set_contents (dest, data, (gssize) (len * numerator / denominator), NULL));
}

G_END_DECLS
