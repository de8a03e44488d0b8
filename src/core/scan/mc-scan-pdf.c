/* mc-scan-pdf.c — scanned pages as one PDF (A4; G4, JPEG or Flate images) */
#define G_LOG_DOMAIN "motcua-scan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <cairo-pdf.h>
#include <setjmp.h>
#include <stdio.h>
#include <jpeglib.h>
#include <zlib.h>

#include "mc-scan.h"
#include "mc-scan-private.h"

#define A4_WIDTH_PT  595.28
#define A4_HEIGHT_PT 841.89

/* Grey text stays readable at 75 and fits a page in ~100 KB at 200 dpi;
 * colour (stamps, photos) gets more. */
#define JPEG_QUALITY_GREY  75
#define JPEG_QUALITY_COLOR 85

/* Grey pages: paper a scanner sees as 232–255 becomes pure white, ink at
 * 0–40 pure black, the rest is stretched to match: cleaner to read, and the
 * white compresses to nothing. */
#define PAPER_WHITE 232
#define INK_BLACK   40

int
mc_page_pdf_quality (McPage *self)
{
  return mc_page_get_format (self) == MC_PAGE_FORMAT_GREY ? JPEG_QUALITY_GREY : JPEG_QUALITY_COLOR;
}

/* ---- JPEG with libjpeg: gdk-pixbuf can only write three-component JPEG,
 * and a grey page must stay a one-component image to stay small. */

typedef struct
{
  struct jpeg_error_mgr mgr;
  jmp_buf               jump;
  char                  message[JMSG_LENGTH_MAX];
} JpegError;

static void
on_jpeg_error (j_common_ptr cinfo)
{
  JpegError *err = (JpegError *) cinfo->err;

  err->mgr.format_message (cinfo, err->message);
  longjmp (err->jump, 1);
}

GBytes *
mc_page_encode_jpeg (McPage  *self,
                     int      quality,
                     GError **error)
{
  struct jpeg_compress_struct cinfo;
  JpegError err;
  unsigned char *volatile buffer = NULL;
  unsigned long size = 0;
  const guint8 *px = g_bytes_get_data (mc_page_get_pixels (self), NULL);
  int stride = mc_page_get_rowstride (self);

  cinfo.err = jpeg_std_error (&err.mgr);
  err.mgr.error_exit = on_jpeg_error;
  if (setjmp (err.jump))
    {
      jpeg_destroy_compress (&cinfo);
      free (buffer);
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_IO,
                   _("Could not compress the scanned page: %s"), err.message);
      return NULL;
    }

  jpeg_create_compress (&cinfo);
  jpeg_mem_dest (&cinfo, (unsigned char **) &buffer, &size);
  cinfo.image_width = mc_page_get_width (self);
  cinfo.image_height = mc_page_get_height (self);
  if (mc_page_get_format (self) == MC_PAGE_FORMAT_GREY)
    cinfo.input_components = 1, cinfo.in_color_space = JCS_GRAYSCALE;
  else
    cinfo.input_components = 3, cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, quality, TRUE);
  cinfo.density_unit = 1;  /* dots per inch */
  cinfo.X_density = cinfo.Y_density = (UINT16) mc_page_get_dpi (self);
  /* Huffman tables fitted to the page: ~5–10 % smaller, little extra time. */
  cinfo.optimize_coding = TRUE;
  jpeg_start_compress (&cinfo, TRUE);
  while (cinfo.next_scanline < cinfo.image_height)
    {
      JSAMPROW row = (JSAMPROW) (px + (gsize) cinfo.next_scanline * stride);

      jpeg_write_scanlines (&cinfo, &row, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);

  {
    GBytes *bytes = g_bytes_new (buffer, size);

    free (buffer);
    return bytes;
  }
}

/* ---- PDF ---------------------------------------------------------------- */

static cairo_status_t
write_to_array (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static McPage *
clean_grey (McPage *page)
{
  static guint8 lut[256];
  static gsize lut_ready = 0;
  gsize n;
  const guint8 *in = g_bytes_get_data (mc_page_get_pixels (page), &n);
  guint8 *out;

  if (g_once_init_enter (&lut_ready))
    {
      for (int v = 0; v < 256; v++)
        lut[v] = v >= PAPER_WHITE ? 255 : v <= INK_BLACK ? 0
                 : (guint8) ((v - INK_BLACK) * 255 / (PAPER_WHITE - INK_BLACK));
      g_once_init_leave (&lut_ready, 1);
    }
  out = g_malloc (n);
  for (gsize i = 0; i < n; i++)
    out[i] = lut[in[i]];
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (out, n);
    return mc_page_new (mc_page_get_width (page), mc_page_get_height (page),
                        mc_page_get_dpi (page), MC_PAGE_FORMAT_GREY, bytes);
  }
}

/* What Flate (cairo's lossless encoding) would take, at a fast level. */
static gsize
flate_size (McPage *page)
{
  gsize n;
  const guint8 *px = g_bytes_get_data (mc_page_get_pixels (page), &n);
  uLongf len = compressBound (n);
  g_autofree guint8 *buf = g_malloc (len);

  if (compress2 (buf, &len, px, n, 1) != Z_OK)
    return G_MAXSIZE;
  return len;
}

static gboolean
draw_page (cairo_t  *cr,
           McPage   *source,
           GError  **error)
{
  g_autoptr(McPage) page = NULL;
  cairo_surface_t *image;
  GBytes *jpeg;
  gsize len;
  gconstpointer data;
  int threshold = 128;
  double dpi = mc_page_get_dpi (source);
  double w_pt = mc_page_get_width (source) * 72.0 / dpi;
  double h_pt = mc_page_get_height (source) * 72.0 / dpi;
  double fit = MIN (1.0, MIN (A4_WIDTH_PT / w_pt, A4_HEIGHT_PT / h_pt));

  page = mc_page_get_format (source) == MC_PAGE_FORMAT_GREY ? clean_grey (source) : g_object_ref (source);

  /* Grey pages are the "Document" preset's: text on paper goes 1-bit G4
   * (a dense page 423 KB → ~30 KB), anything with pictures stays grey. */
  if (mc_page_get_format (page) == MC_PAGE_FORMAT_GREY && mc_page_is_bilevel_text (page, &threshold))
    {
      image = mc_page_create_bilevel_surface (page, threshold, error);
      if (image == NULL)
        return FALSE;
    }
  else
    {
      jpeg = mc_page_encode_jpeg (page, mc_page_pdf_quality (page), error);
      if (jpeg == NULL)
        return FALSE;

      image = mc_page_get_cairo_surface (page, 0);
      data = g_bytes_get_data (jpeg, &len);
      /* A clean grey page is often smaller lossless: then cairo
       * Flate-compresses the grey pixels itself. Otherwise (photos, grey
       * paper, shadows) it embeds the JPEG bytes as they are. */
      if (mc_page_get_format (page) == MC_PAGE_FORMAT_GREY && flate_size (page) < len)
        g_bytes_unref (jpeg);
      else
        cairo_surface_set_mime_data (image, CAIRO_MIME_TYPE_JPEG, data, len,
                                     (cairo_destroy_func_t) g_bytes_unref, jpeg);
    }

  cairo_save (cr);
  cairo_translate (cr, (A4_WIDTH_PT - w_pt * fit) / 2, (A4_HEIGHT_PT - h_pt * fit) / 2);
  cairo_scale (cr, fit * 72.0 / dpi, fit * 72.0 / dpi);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_show_page (cr);
  cairo_surface_destroy (image);
  return TRUE;
}

GBytes *
mc_scan_pdf_to_bytes (GPtrArray  *pages,
                      GError    **error)
{
  g_autoptr(GByteArray) out = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  gboolean ok = TRUE;

  g_return_val_if_fail (pages != NULL, NULL);
  if (pages->len == 0)
    {
      g_set_error_literal (error, MC_SCAN_ERROR, MC_SCAN_ERROR_INVALID,
                           _("There are no scanned pages to save"));
      return NULL;
    }

  out = g_byte_array_new ();
  surface = cairo_pdf_surface_create_for_stream (write_to_array, out, A4_WIDTH_PT, A4_HEIGHT_PT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "MotCua Desk");
  cr = cairo_create (surface);
  for (guint i = 0; ok && i < pages->len; i++)
    ok = draw_page (cr, g_ptr_array_index (pages, i), error);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (!ok)
    return NULL;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_IO,
                   _("Could not make the PDF: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

gboolean
mc_scan_write_pdf (GPtrArray   *pages,
                   const char  *path,
                   GError     **error)
{
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  pdf = mc_scan_pdf_to_bytes (pages, error);
  if (pdf == NULL)
    return FALSE;
  /* A temporary file renamed over @path: never a half-written PDF. */
  if (!g_file_set_contents_full (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local))
    {
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_IO,
                   _("Could not write the PDF: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}
