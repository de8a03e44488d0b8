/* mc-scan-qr.c — reading a QR code from an image (ZBar) */
#define G_LOG_DOMAIN "motcua-scan"

#include "config.h"

#include <errno.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <zbar.h>

#include "mc-id-card.h"
#include "mc-scan-qr.h"

G_DEFINE_QUARK (mc-scan-qr-error-quark, mc_scan_qr_error)

/* Checks the file before anything decodes it: a regular file of bounded
 * size whose header announces a bounded number of pixels. */
static gboolean
check_file (const char  *path,
            GError     **error)
{
  GStatBuf st;
  int width = 0, height = 0;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, MC_SCAN_QR_ERROR, MC_SCAN_QR_ERROR_IO,
                   _("Image “%s”: cannot read it: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode) || st.st_size > MC_SCAN_QR_MAX_FILE_BYTES)
    {
      g_set_error (error, MC_SCAN_QR_ERROR, MC_SCAN_QR_ERROR_NOT_IMAGE,
                   _("Image “%s”: not a file of at most %d MB"), path,
                   MC_SCAN_QR_MAX_FILE_BYTES / (1024 * 1024));
      return FALSE;
    }
  if (gdk_pixbuf_get_file_info (path, &width, &height) == NULL)
    {
      g_set_error (error, MC_SCAN_QR_ERROR, MC_SCAN_QR_ERROR_NOT_IMAGE,
                   _("Image “%s”: not an image (PNG, JPEG, TIFF…)"), path);
      return FALSE;
    }
  if (width <= 0 || height <= 0 || (gint64) width * height > MC_SCAN_QR_MAX_PIXELS)
    {
      g_set_error (error, MC_SCAN_QR_ERROR, MC_SCAN_QR_ERROR_NOT_IMAGE,
                   _("Image “%s”: %d × %d pixels is too large; at most %d million"), path,
                   width, height, MC_SCAN_QR_MAX_PIXELS / 1000000);
      return FALSE;
    }
  return TRUE;
}

/* 8-bit grey (ZBar's Y800) from any pixbuf, transparency over white. */
static guint8 *
to_grey (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf), channels = gdk_pixbuf_get_n_channels (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  guint8 *grey = g_malloc ((gsize) width * height);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *p = pixels + (gsize) y * stride + (gsize) x * channels;
        guint v = channels >= 3 ? (299u * p[0] + 587u * p[1] + 114u * p[2]) / 1000u : p[0];

        if (alpha)
          v = (v * p[channels - 1] + 255u * (255u - p[channels - 1])) / 255u;
        grey[(gsize) y * width + x] = (guint8) v;
      }
  return grey;
}

/* Runs ZBar on @grey and returns the chosen code's bytes. */
static char *
scan_grey (guint8  *grey,
           int      width,
           int      height,
           gsize   *out_length)
{
  zbar_image_scanner_t *scanner = zbar_image_scanner_create ();
  zbar_image_t *image = zbar_image_create ();
  const zbar_symbol_t *chosen = NULL;
  char *text = NULL;

  zbar_image_scanner_set_config (scanner, 0, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  /* The bytes as printed: ZBar would otherwise guess an encoding and may
   * turn UTF-8 Vietnamese into Shift-JIS mojibake. */
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, (unsigned) width, (unsigned) height);
  zbar_image_set_data (image, grey, (unsigned long) width * height, NULL);

  if (zbar_scan_image (scanner, image) > 0)
    for (const zbar_symbol_t *s = zbar_image_first_symbol (image); s != NULL; s = zbar_symbol_next (s))
      {
        g_autofree char *data = g_strndup (zbar_symbol_get_data (s), zbar_symbol_get_data_length (s));

        if (zbar_symbol_get_type (s) != ZBAR_QRCODE)
          continue;
        if (chosen == NULL || (mc_id_card_looks_like (data) &&
                               !mc_id_card_looks_like (zbar_symbol_get_data (chosen))))
          chosen = s;
      }

  if (chosen != NULL)
    {
      gsize n = zbar_symbol_get_data_length (chosen);

      text = g_malloc (n + 1);
      memcpy (text, zbar_symbol_get_data (chosen), n);
      text[n] = '\0';
      if (out_length != NULL)
        *out_length = n;
    }
  zbar_image_destroy (image);
  zbar_image_scanner_destroy (scanner);
  return text;
}

char *
mc_scan_decode_qr_file (const char  *path,
                        gsize       *out_length,
                        GError     **error)
{
  g_autoptr(GdkPixbuf) loaded = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *grey = NULL;
  char *text;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_file (path, error))
    return NULL;
  loaded = gdk_pixbuf_new_from_file (path, &local_error);
  if (loaded == NULL)
    {
      g_set_error (error, MC_SCAN_QR_ERROR, MC_SCAN_QR_ERROR_NOT_IMAGE,
                   _("Image “%s”: cannot decode it: %s"), path, local_error->message);
      return NULL;
    }
  /* A phone photo is stored sideways with an orientation tag. */
  pixbuf = gdk_pixbuf_apply_embedded_orientation (loaded);
  grey = to_grey (pixbuf);
  text = scan_grey (grey, gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf), out_length);
  if (text == NULL)
    g_set_error (error, MC_SCAN_QR_ERROR, MC_SCAN_QR_ERROR_NO_CODE,
                 _("Image “%s”: no QR code could be read in it; photograph or scan the card "
                   "again, sharp, with the whole code in the picture"), path);
  return text;
}
