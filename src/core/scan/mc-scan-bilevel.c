/* mc-scan-bilevel.c — grey text pages as 1-bit CCITT G4 images
 *
 * A page of black text on white paper needs no grey levels to be read:
 * thresholded to 1 bit and compressed with CCITT Group 4 (the fax code,
 * made for exactly this) a dense A4 page at 200 dpi takes ~20–40 KB in the
 * PDF, against ~420 KB as grey JPEG or Flate.
 *
 * Only pages that are essentially ink and paper take this path: a page is
 * cut into 32 × 32 pixel tiles and any sizeable area of mid-grey tiles (a
 * photo on an ID card, a filled seal, a shadow along the spine) keeps the
 * whole page on the grey path, where nothing is lost. Text anti-aliasing
 * gives mid-greys too, but only along the strokes: a fraction of a tile.
 *
 * The threshold is Otsu's, on the whole page: the cleaned page (see
 * clean_grey() in mc-scan-pdf.c) is bimodal, so a global threshold is
 * enough, and uneven lighting would have failed the tile test anyway.
 *
 * The encoder is libtiff's (Debian ships it; G4 has corner cases we would
 * rather not write again): the page is written as a one-strip G4 TIFF in
 * memory and the strip's bytes are what the PDF embeds (cairo ≥ 1.16,
 * CAIRO_MIME_TYPE_CCITT_FAX).
 */
#define G_LOG_DOMAIN "motcua-scan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <tiffio.h>

#include "mc-scan.h"
#include "mc-scan-private.h"

#define TILE            32
/* Mid-grey: neither paper nor ink after cleaning. */
#define MID_LO          64
#define MID_HI          192
/* A tile more than this part mid-grey is a picture, not text... */
#define TONE_TILE_PART  0.40
/* ...and pictures over this part of the page keep it grey (0.5 % of A4
 * is about 5.5 cm², a passport photo is 12 cm²). */
#define TONE_PAGE_PART  0.005
/* All told, mid-greys are at most this part of a text page. */
#define MID_PAGE_PART   0.08

/* Otsu's threshold: the one that best separates two classes of grey.
 * When a range of thresholds separates them equally well (a page of pure
 * 0 and 255), the middle of that range. */
static int
otsu (const guint64 hist[256],
      guint64       total)
{
  double sum = 0, sum_b = 0, best = -1;
  guint64 w_b = 0;
  int first = 127, last = 127;

  for (int i = 0; i < 256; i++)
    sum += (double) i * hist[i];
  for (int t = 0; t < 255; t++)
    {
      guint64 w_f;
      double m_b, m_f, between;

      w_b += hist[t];
      sum_b += (double) t * hist[t];
      if (w_b == 0)
        continue;
      w_f = total - w_b;
      if (w_f == 0)
        break;
      m_b = sum_b / w_b;
      m_f = (sum - sum_b) / w_f;
      between = (double) w_b * w_f * (m_b - m_f) * (m_b - m_f);
      if (between > best * (1 + 1e-9))
        {
          best = between;
          first = last = t;
        }
      else if (between >= best * (1 - 1e-9))
        last = t;
    }
  /* Greys up to the threshold class are ink: "darker than" is +1. */
  return (first + last) / 2 + 1;
}

gboolean
mc_page_is_bilevel_text (McPage *self,
                         int    *out_threshold)
{
  int w = mc_page_get_width (self), h = mc_page_get_height (self);
  const guint8 *px = g_bytes_get_data (mc_page_get_pixels (self), NULL);
  int tiles_x = (w + TILE - 1) / TILE;
  g_autofree guint32 *tile_mid = g_new0 (guint32, tiles_x);
  guint64 hist[256] = { 0 }, mid = 0, tone_px = 0;
  guint64 total = (guint64) w * h;
  int threshold;

  g_return_val_if_fail (mc_page_get_format (self) == MC_PAGE_FORMAT_GREY, FALSE);

  for (int y = 0; y < h; y++)
    {
      const guint8 *row = px + (gsize) y * w;

      for (int x = 0; x < w; x++)
        {
          guint8 v = row[x];

          hist[v]++;
          if (v >= MID_LO && v < MID_HI)
            tile_mid[x / TILE]++;
        }
      /* A band of tiles is complete: judge it and start the next. */
      if ((y + 1) % TILE == 0 || y + 1 == h)
        {
          int band = (y % TILE) + 1;

          for (int t = 0; t < tiles_x; t++)
            {
              int tw = MIN (TILE, w - t * TILE);

              mid += tile_mid[t];
              if (tile_mid[t] > TONE_TILE_PART * tw * band)
                tone_px += (guint64) tw * band;
              tile_mid[t] = 0;
            }
        }
    }

  threshold = otsu (hist, total);
  g_debug ("bi-level test: mid-grey %.2f %%, picture tiles %.2f %%, threshold %d",
           100.0 * mid / total, 100.0 * tone_px / total, threshold);
  if (tone_px > TONE_PAGE_PART * total || mid > MID_PAGE_PART * total)
    return FALSE;
  /* A blank page has one mode only: any threshold gives white. */
  if (out_threshold != NULL)
    *out_threshold = CLAMP (threshold, 1, 255);
  return TRUE;
}

/* ---- libtiff, in memory ------------------------------------------------ */

typedef struct
{
  GByteArray *buf;
  toff_t      pos;
} MemFile;

static tmsize_t
mem_read (thandle_t h, void *data, tmsize_t size)
{
  MemFile *m = (MemFile *) h;
  tmsize_t n = m->pos >= m->buf->len ? 0 : MIN (size, (tmsize_t) (m->buf->len - m->pos));

  memcpy (data, m->buf->data + m->pos, n);
  m->pos += n;
  return n;
}

static tmsize_t
mem_write (thandle_t h, void *data, tmsize_t size)
{
  MemFile *m = (MemFile *) h;

  if (m->pos + size > m->buf->len)
    g_byte_array_set_size (m->buf, (guint) (m->pos + size));
  memcpy (m->buf->data + m->pos, data, size);
  m->pos += size;
  return size;
}

static toff_t
mem_seek (thandle_t h, toff_t off, int whence)
{
  MemFile *m = (MemFile *) h;

  if (whence == SEEK_CUR)
    off += m->pos;
  else if (whence == SEEK_END)
    off += m->buf->len;
  if (off > G_MAXUINT32)
    return (toff_t) -1;
  /* TIFF may seek past the end to write there: fill the gap. */
  if (off > m->buf->len)
    g_byte_array_set_size (m->buf, (guint) off);
  m->pos = off;
  return off;
}

static int mem_close (thandle_t h) { return 0; }
static toff_t mem_size (thandle_t h) { return ((MemFile *) h)->buf->len; }
static int mem_map (thandle_t h, void **base, toff_t *size) { return 0; }
static void mem_unmap (thandle_t h, void *base, toff_t size) { }

/* 1 bit per pixel, 1 = ink, rows padded to whole bytes (as TIFF and PDF
 * both want them). */
static guint8 *
pack_bits (McPage *self,
           int     threshold,
           gsize  *out_row_bytes)
{
  int w = mc_page_get_width (self), h = mc_page_get_height (self);
  const guint8 *px = g_bytes_get_data (mc_page_get_pixels (self), NULL);
  gsize row_bytes = (gsize) (w + 7) / 8;
  guint8 *bits = g_malloc0 (row_bytes * h);

  for (int y = 0; y < h; y++)
    {
      const guint8 *in = px + (gsize) y * w;
      guint8 *out = bits + row_bytes * y;

      for (int x = 0; x < w; x++)
        if (in[x] < threshold)
          out[x >> 3] |= (guint8) (0x80 >> (x & 7));
    }
  *out_row_bytes = row_bytes;
  return bits;
}

static GBytes *
encode_g4 (const guint8 *bits,
           gsize         row_bytes,
           int           w,
           int           h,
           GError      **error)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  MemFile m = { buf, 0 };
  TIFF *tif;
  guint64 *offsets = NULL, *counts = NULL;
  guint64 offset = 0, count = 0;
  gboolean ok;

  tif = TIFFClientOpen ("scan-page", "w", (thandle_t) &m, mem_read, mem_write, mem_seek,
                        mem_close, mem_size, mem_map, mem_unmap);
  if (tif == NULL)
    goto fail;
  TIFFSetField (tif, TIFFTAG_IMAGEWIDTH, (guint32) w);
  TIFFSetField (tif, TIFFTAG_IMAGELENGTH, (guint32) h);
  TIFFSetField (tif, TIFFTAG_BITSPERSAMPLE, 1);
  TIFFSetField (tif, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField (tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField (tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
  TIFFSetField (tif, TIFFTAG_FILLORDER, FILLORDER_MSB2LSB);
  TIFFSetField (tif, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
  TIFFSetField (tif, TIFFTAG_ROWSPERSTRIP, (guint32) h);
  ok = TIFFWriteEncodedStrip (tif, 0, (void *) bits, (tmsize_t) (row_bytes * h)) >= 0 &&
       TIFFGetField (tif, TIFFTAG_STRIPOFFSETS, &offsets) && offsets != NULL &&
       TIFFGetField (tif, TIFFTAG_STRIPBYTECOUNTS, &counts) && counts != NULL;
  if (ok)
    offset = offsets[0], count = counts[0];
  TIFFClose (tif);
  if (!ok || count == 0 || offset + count > buf->len)
    goto fail;
  return g_bytes_new (buf->data + offset, count);

fail:
  g_set_error_literal (error, MC_SCAN_ERROR, MC_SCAN_ERROR_IO,
                       _("Could not compress the scanned page as black and white"));
  return NULL;
}

cairo_surface_t *
mc_page_create_bilevel_surface (McPage  *self,
                                int      threshold,
                                GError **error)
{
  int w = mc_page_get_width (self), h = mc_page_get_height (self);
  gsize row_bytes;
  g_autofree guint8 *bits = pack_bits (self, threshold, &row_bytes);
  g_autoptr(GBytes) g4 = encode_g4 (bits, row_bytes, w, h, error);
  cairo_surface_t *surface;
  g_autofree char *params = NULL;
  guint8 *data;
  int stride;

  if (g4 == NULL)
    return NULL;

  /* The pixels too, as the PDF will show them: cairo only embeds the G4
   * bytes, but anything that rasterises the surface must see the same. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_IO, _("Could not make the PDF: %s"),
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < h; y++)
    {
      guint32 *out = (guint32 *) (gpointer) (data + (gsize) y * stride);
      const guint8 *in = bits + row_bytes * y;

      for (int x = 0; x < w; x++)
        out[x] = (in[x >> 3] & (0x80 >> (x & 7))) ? 0xff000000u : 0xffffffffu;
    }
  cairo_surface_mark_dirty (surface);

  /* K < 0: pure two-dimensional Group 4. Ink was packed as 1 and G4 codes
   * runs as white or black, so decoders give 0 for ink: BlackIs1 false,
   * the PDF default for a DeviceGray image. */
  params = g_strdup_printf ("Columns=%d Rows=%d K=-1 BlackIs1=false", w, h);
  cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_CCITT_FAX_PARAMS,
                               (const guchar *) params, strlen (params), g_free, params);
  g_steal_pointer (&params);
  {
    gsize len;
    gconstpointer d = g_bytes_get_data (g4, &len);

    cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_CCITT_FAX, d, len,
                                 (cairo_destroy_func_t) g_bytes_unref, g_bytes_ref (g4));
  }
  return surface;
}
