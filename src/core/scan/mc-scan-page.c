/* mc-scan-page.c — a scanned page: pixels, rotation, crop, PNG, cairo */
#define G_LOG_DOMAIN "motcua-scan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "mc-scan.h"
#include "mc-scan-private.h"

G_DEFINE_QUARK (mc-scan-error-quark, mc_scan_error)

struct _McPage
{
  GObject       parent_instance;
  int           width;
  int           height;
  int           dpi;
  McPageFormat  format;
  int           rotation;
  GBytes       *pixels;
};

G_DEFINE_FINAL_TYPE (McPage, mc_page, G_TYPE_OBJECT)

/* Darker than this (0–255 luminance) counts as content when cropping. */
#define CONTENT_THRESHOLD 200

static int
channels_of (McPageFormat format)
{
  return format == MC_PAGE_FORMAT_RGB ? 3 : 1;
}

static void
mc_page_finalize (GObject *object)
{
  McPage *self = MC_PAGE (object);

  g_clear_pointer (&self->pixels, g_bytes_unref);
  G_OBJECT_CLASS (mc_page_parent_class)->finalize (object);
}

static void
mc_page_class_init (McPageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_page_finalize;
}

static void
mc_page_init (McPage *self)
{
  self->dpi = 200;
}

McPage *
mc_page_new (int           width,
             int           height,
             int           dpi,
             McPageFormat  format,
             GBytes       *pixels)
{
  McPage *self;

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (pixels != NULL, NULL);
  g_return_val_if_fail (g_bytes_get_size (pixels) >= (gsize) width * height * channels_of (format), NULL);

  self = g_object_new (MC_TYPE_PAGE, NULL);
  self->width = width;
  self->height = height;
  self->dpi = dpi > 0 ? dpi : 200;
  self->format = format;
  self->pixels = g_bytes_ref (pixels);
  return self;
}

int mc_page_get_width (McPage *self) { g_return_val_if_fail (MC_IS_PAGE (self), 0); return self->width; }
int mc_page_get_height (McPage *self) { g_return_val_if_fail (MC_IS_PAGE (self), 0); return self->height; }
int mc_page_get_dpi (McPage *self) { g_return_val_if_fail (MC_IS_PAGE (self), 0); return self->dpi; }
McPageFormat mc_page_get_format (McPage *self) { g_return_val_if_fail (MC_IS_PAGE (self), 0); return self->format; }
int mc_page_get_rowstride (McPage *self) { g_return_val_if_fail (MC_IS_PAGE (self), 0); return self->width * channels_of (self->format); }
GBytes *mc_page_get_pixels (McPage *self) { g_return_val_if_fail (MC_IS_PAGE (self), NULL); return self->pixels; }
int mc_page_get_rotation (McPage *self) { g_return_val_if_fail (MC_IS_PAGE (self), 0); return self->rotation; }

void
mc_page_rotate (McPage *self,
                int     degrees)
{
  int turn, w, h, nw, nh, ch;
  const guint8 *src;
  guint8 *dst;

  g_return_if_fail (MC_IS_PAGE (self));
  turn = ((degrees % 360) + 360) % 360;
  g_return_if_fail (turn % 90 == 0);
  if (turn == 0)
    return;

  w = self->width;
  h = self->height;
  ch = channels_of (self->format);
  nw = turn == 180 ? w : h;
  nh = turn == 180 ? h : w;
  src = g_bytes_get_data (self->pixels, NULL);
  dst = g_malloc ((gsize) w * h * ch);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int dx, dy;

        if (turn == 90)
          dx = h - 1 - y, dy = x;
        else if (turn == 180)
          dx = w - 1 - x, dy = h - 1 - y;
        else
          dx = y, dy = w - 1 - x;
        memcpy (dst + ((gsize) dy * nw + dx) * ch, src + ((gsize) y * w + x) * ch, ch);
      }

  g_bytes_unref (self->pixels);
  self->pixels = g_bytes_new_take (dst, (gsize) w * h * ch);
  self->width = nw;
  self->height = nh;
  self->rotation = (self->rotation + turn) % 360;
}

static inline int
luminance (const guint8 *p,
           int           ch)
{
  return ch == 1 ? p[0] : (p[0] * 77 + p[1] * 150 + p[2] * 29) >> 8;
}

gboolean
mc_page_crop_to_content (McPage *self,
                         int     margin_px)
{
  int ch, x0, y0, x1, y1, nw, nh;
  const guint8 *src;
  guint8 *dst;

  g_return_val_if_fail (MC_IS_PAGE (self), FALSE);
  ch = channels_of (self->format);
  src = g_bytes_get_data (self->pixels, NULL);
  x0 = self->width, y0 = self->height, x1 = -1, y1 = -1;

  for (int y = 0; y < self->height; y++)
    {
      const guint8 *row = src + (gsize) y * self->width * ch;

      for (int x = 0; x < self->width; x++)
        if (luminance (row + x * ch, ch) < CONTENT_THRESHOLD)
          {
            x0 = MIN (x0, x);
            x1 = MAX (x1, x);
            y0 = MIN (y0, y);
            y1 = MAX (y1, y);
          }
    }
  if (x1 < 0)
    return FALSE;  /* a blank page: nothing to trim to */

  margin_px = MAX (margin_px, 0);
  x0 = MAX (x0 - margin_px, 0);
  y0 = MAX (y0 - margin_px, 0);
  x1 = MIN (x1 + margin_px, self->width - 1);
  y1 = MIN (y1 + margin_px, self->height - 1);
  nw = x1 - x0 + 1;
  nh = y1 - y0 + 1;
  if (nw == self->width && nh == self->height)
    return FALSE;

  dst = g_malloc ((gsize) nw * nh * ch);
  for (int y = 0; y < nh; y++)
    memcpy (dst + (gsize) y * nw * ch, src + ((gsize) (y0 + y) * self->width + x0) * ch, (gsize) nw * ch);
  g_bytes_unref (self->pixels);
  self->pixels = g_bytes_new_take (dst, (gsize) nw * nh * ch);
  self->width = nw;
  self->height = nh;
  return TRUE;
}

static cairo_surface_t *
full_surface (McPage *self)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, self->width, self->height);
  int stride = cairo_image_surface_get_stride (surface);
  int ch = channels_of (self->format);
  const guint8 *src = g_bytes_get_data (self->pixels, NULL);
  guint8 *data;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int y = 0; y < self->height; y++)
    {
      guint32 *out = (guint32 *) (gpointer) (data + (gsize) y * stride);
      const guint8 *in = src + (gsize) y * self->width * ch;

      if (ch == 1)
        for (int x = 0; x < self->width; x++)
          out[x] = 0xff000000u | (guint32) in[x] * 0x010101u;
      else
        for (int x = 0; x < self->width; x++, in += 3)
          out[x] = 0xff000000u | (guint32) in[0] << 16 | (guint32) in[1] << 8 | in[2];
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

cairo_surface_t *
mc_page_get_cairo_surface (McPage *self,
                           int     max_size)
{
  cairo_surface_t *full, *small;
  double scale;
  int w, h;
  cairo_t *cr;

  g_return_val_if_fail (MC_IS_PAGE (self), NULL);
  full = full_surface (self);
  if (max_size <= 0 || (self->width <= max_size && self->height <= max_size))
    return full;

  scale = MIN ((double) max_size / self->width, (double) max_size / self->height);
  w = MAX (1, (int) (self->width * scale + 0.5));
  h = MAX (1, (int) (self->height * scale + 0.5));
  small = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cr = cairo_create (small);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, full, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (full);
  return small;
}

/* ---- PNG, written here so that grey pages stay 8-bit grey (cairo and
 * gdk-pixbuf only write RGB) and with pHYs so the dpi survives a restore. */

static guint32 crc_table[256];

static void
crc_init (void)
{
  for (guint32 n = 0; n < 256; n++)
    {
      guint32 c = n;

      for (int k = 0; k < 8; k++)
        c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      crc_table[n] = c;
    }
}

static guint32
crc_update (guint32       crc,
            const guint8 *buf,
            gsize         len)
{
  for (gsize i = 0; i < len; i++)
    crc = crc_table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

static void
put_be32 (GByteArray *out,
          guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (out, b, 4);
}

static void
put_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         len)
{
  guint32 crc = 0xffffffffu;

  put_be32 (out, (guint32) len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (out, data, len);
  crc = crc_update (crc, (const guint8 *) type, 4);
  crc = crc_update (crc, data, len);
  put_be32 (out, crc ^ 0xffffffffu);
}

/* Rows with the "Sub" filter, deflated at a fast level. */
static GBytes *
png_idat (McPage  *self,
          GError **error)
{
  g_autoptr(GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 1);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) zout = g_converter_output_stream_new (mem, G_CONVERTER (z));
  int ch = channels_of (self->format);
  gsize stride = (gsize) self->width * ch;
  const guint8 *src = g_bytes_get_data (self->pixels, NULL);
  g_autofree guint8 *row = g_malloc (stride + 1);

  for (int y = 0; y < self->height; y++)
    {
      const guint8 *in = src + y * stride;

      row[0] = 1;
      memcpy (row + 1, in, ch);
      for (gsize i = ch; i < stride; i++)
        row[1 + i] = (guint8) (in[i] - in[i - ch]);
      if (!g_output_stream_write_all (zout, row, stride + 1, NULL, NULL, error))
        return NULL;
    }
  if (!g_output_stream_close (zout, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

GBytes *
mc_page_encode_png (McPage  *self,
                    GError **error)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static gsize crc_ready = 0;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GBytes) idat = NULL;
  guint8 ihdr[13], phys[9];
  guint32 ppm;

  if (g_once_init_enter (&crc_ready))
    {
      crc_init ();
      g_once_init_leave (&crc_ready, 1);
    }

  idat = png_idat (self, error);
  if (idat == NULL)
    return NULL;

  g_byte_array_append (out, signature, sizeof signature);
  for (int i = 0; i < 4; i++)
    {
      ihdr[i] = (guint8) ((guint32) self->width >> (24 - 8 * i));
      ihdr[4 + i] = (guint8) ((guint32) self->height >> (24 - 8 * i));
    }
  ihdr[8] = 8;                                             /* bit depth */
  ihdr[9] = self->format == MC_PAGE_FORMAT_RGB ? 2 : 0;    /* RGB or grey */
  ihdr[10] = ihdr[11] = ihdr[12] = 0;
  put_chunk (out, "IHDR", ihdr, sizeof ihdr);

  ppm = (guint32) (self->dpi / 0.0254 + 0.5);
  for (int i = 0; i < 4; i++)
    phys[i] = phys[4 + i] = (guint8) (ppm >> (24 - 8 * i));
  phys[8] = 1;                                             /* metres */
  put_chunk (out, "pHYs", phys, sizeof phys);
  put_chunk (out, "IDAT", g_bytes_get_data (idat, NULL), g_bytes_get_size (idat));
  put_chunk (out, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

gboolean
mc_page_save (McPage      *self,
              const char  *path,
              GError     **error)
{
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (MC_IS_PAGE (self), FALSE);
  png = mc_page_encode_png (self, error);
  if (png == NULL)
    return FALSE;
  /* DURABLE: an autosaved page must survive a crash right after it arrived. */
  if (!g_file_set_contents_full (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local))
    {
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_IO,
                   _("Could not save the scanned page: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
pixbuf_is_grey (GdkPixbuf *pixbuf)
{
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  int n = gdk_pixbuf_get_n_channels (pixbuf), stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *px = gdk_pixbuf_read_pixels (pixbuf);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = px + (gsize) y * stride + x * n;

        if (p[0] != p[1] || p[1] != p[2])
          return FALSE;
      }
  return TRUE;
}

McPage *
mc_page_new_from_file (const char  *path,
                       int          dpi,
                       GError     **error)
{
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) local = NULL;
  McPageFormat format;
  int w, h, n, stride, ch;
  const guint8 *px;
  guint8 *dst;
  const char *opt;

  g_return_val_if_fail (path != NULL, NULL);
  loaded = gdk_pixbuf_new_from_file (path, &local);
  if (loaded == NULL)
    {
      g_set_error (error, MC_SCAN_ERROR, MC_SCAN_ERROR_INVALID,
                   _("Could not read the image “%s”: %s"), path, local->message);
      return NULL;
    }
  if (dpi <= 0 && (opt = gdk_pixbuf_get_option (loaded, "x-dpi")) != NULL)
    dpi = (int) g_ascii_strtoll (opt, NULL, 10);
  /* Honour the EXIF orientation of photos taken with a phone. */
  pixbuf = gdk_pixbuf_apply_embedded_orientation (loaded);

  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  n = gdk_pixbuf_get_n_channels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  px = gdk_pixbuf_read_pixels (pixbuf);
  format = pixbuf_is_grey (pixbuf) ? MC_PAGE_FORMAT_GREY : MC_PAGE_FORMAT_RGB;
  ch = channels_of (format);

  dst = g_malloc ((gsize) w * h * ch);
  for (int y = 0; y < h; y++)
    {
      const guint8 *in = px + (gsize) y * stride;
      guint8 *out = dst + (gsize) y * w * ch;

      for (int x = 0; x < w; x++, in += n, out += ch)
        {
          /* Transparent pixels of a PNG import become white paper. */
          int a = n == 4 ? in[3] : 255;

          for (int c = 0; c < ch; c++)
            out[c] = (guint8) ((in[c] * a + 255 * (255 - a)) / 255);
        }
    }
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (dst, (gsize) w * h * ch);
    return mc_page_new (w, h, dpi > 0 ? dpi : 200, format, bytes);
  }
}
