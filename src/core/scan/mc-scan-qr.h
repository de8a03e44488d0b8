/* mc-scan-qr.h — reading a QR code from an image (ZBar)
 *
 * For the citizen's ID card photographed or scanned into a file: the image
 * is decoded with gdk-pixbuf, turned to grey and handed to ZBar, which
 * returns the code's bytes as they are (no guessing of the text encoding;
 * the caller checks them, e.g. mc_id_card_parse ()). The file comes from
 * outside: its size and its pixel count are bounded before it is decoded.
 * Blocking: call it from a worker thread in a GUI.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_SCAN_QR_ERROR (mc_scan_qr_error_quark ())
GQuark mc_scan_qr_error_quark (void);

typedef enum
{
  MC_SCAN_QR_ERROR_IO,         /* the file cannot be read */
  MC_SCAN_QR_ERROR_NOT_IMAGE,  /* not an image gdk-pixbuf reads, or too large */
  MC_SCAN_QR_ERROR_NO_CODE,    /* no QR code could be read in it */
} McScanQrError;

#define MC_SCAN_QR_MAX_FILE_BYTES (32 * 1024 * 1024)
#define MC_SCAN_QR_MAX_PIXELS     (64 * 1000 * 1000)

/* The bytes of the QR code in the image file @path (NUL-terminated, its
 * length in @out_length, nullable). With several codes in the image, the
 * first that looks like an ID card's (mc_id_card_looks_like ()), else the
 * first. */
char *mc_scan_decode_qr_file (const char  *path,
                              gsize       *out_length,
                              GError     **error);

G_END_DECLS
