/* mc-scan.h — scanning (SANE), scanned pages and PDF assembly
 *
 * One McScanner per process owns one worker thread; that thread calls
 * sane_init()/sane_exit() and every other sane_* function, fed by a request
 * queue (SANE backends are not thread-safe and some hang: nothing here ever
 * blocks the main loop). Results, "page-done" and "progress" are delivered on
 * the GMainContext that was thread-default when the request was made.
 *
 * Pages are 8-bit grey or 8-bit RGB, packed rows (rowstride = width ×
 * channels). With an autosave directory each page is written there as
 * page-0001.png, page-0002.png… as soon as it has arrived, so a crash in
 * the middle of a batch loses no scanned page; mc_scan_sessions_list()
 * finds them after a crash and mc_scan_session_restore() reads them back.
 * mc_scan_sessions_cleanup() keeps the sessions under a size cap and
 * removes old ones.
 *
 * The core does not depend on GTK: a GUI gets a thumbnail with
 * mc_page_get_cairo_surface().
 */
#pragma once

#include <gio/gio.h>
#include <cairo.h>

G_BEGIN_DECLS

#define MC_SCAN_ERROR (mc_scan_error_quark ())
GQuark mc_scan_error_quark (void);

/* Cancellation is reported as G_IO_ERROR / G_IO_ERROR_CANCELLED. */
typedef enum
{
  MC_SCAN_ERROR_NO_DEVICE,     /* no scanner found / the named device does not exist */
  MC_SCAN_ERROR_BUSY,          /* the device is in use (by another program or scan) */
  MC_SCAN_ERROR_JAMMED,        /* paper jam */
  MC_SCAN_ERROR_COVER_OPEN,
  MC_SCAN_ERROR_NO_DOCUMENTS,  /* feeder empty / out of paper before the first page */
  MC_SCAN_ERROR_IO,            /* device or file I/O failed */
  MC_SCAN_ERROR_INVALID,       /* bad argument, unsupported source/mode/resolution */
} McScanError;

/* ---- Devices ---------------------------------------------------------- */

typedef struct
{
  char     *name;      /* SANE device name, e.g. "test:0", "airscan:e0:Canon…" */
  char     *vendor;
  char     *model;
  char     *type;      /* "flatbed scanner", "virtual device"… */
  gboolean  has_adf;
  gboolean  has_duplex;
} McScanDevice;

#define MC_TYPE_SCAN_DEVICE (mc_scan_device_get_type ())
GType         mc_scan_device_get_type (void) G_GNUC_CONST;
McScanDevice *mc_scan_device_copy     (const McScanDevice *device);
void          mc_scan_device_free     (McScanDevice       *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McScanDevice, mc_scan_device_free)

/* ---- Presets and sources ---------------------------------------------- */

typedef enum
{
  MC_SCAN_PRESET_DOCUMENT,        /* 200 dpi grey — the default */
  MC_SCAN_PRESET_COLOR_DOCUMENT,  /* 200 dpi colour */
  MC_SCAN_PRESET_PHOTO,           /* 300 dpi colour */
  MC_SCAN_N_PRESETS,
} McScanPreset;

const char *mc_scan_preset_get_label      (McScanPreset preset);  /* translated */
int         mc_scan_preset_get_resolution (McScanPreset preset);
gboolean    mc_scan_preset_get_color      (McScanPreset preset);

typedef enum
{
  MC_SCAN_SOURCE_FLATBED,
  MC_SCAN_SOURCE_ADF,
  MC_SCAN_SOURCE_ADF_DUPLEX,
} McScanSource;

/* ---- Pages ------------------------------------------------------------ */

typedef enum
{
  MC_PAGE_FORMAT_GREY,  /* 1 byte per pixel */
  MC_PAGE_FORMAT_RGB,   /* 3 bytes per pixel */
} McPageFormat;

#define MC_TYPE_PAGE (mc_page_get_type ())
G_DECLARE_FINAL_TYPE (McPage, mc_page, MC, PAGE, GObject)

/* Takes @pixels: height rows of width × channels bytes. */
McPage       *mc_page_new            (int           width,
                                      int           height,
                                      int           dpi,
                                      McPageFormat  format,
                                      GBytes       *pixels);
/* PNG or JPEG (via gdk-pixbuf); grey if the file has no colour. @dpi ≤ 0:
 * read from the file if it says, else 200. */
McPage       *mc_page_new_from_file  (const char   *path,
                                      int           dpi,
                                      GError      **error);

int           mc_page_get_width      (McPage       *self);  /* pixels, after rotation */
int           mc_page_get_height     (McPage       *self);
int           mc_page_get_dpi        (McPage       *self);
McPageFormat  mc_page_get_format     (McPage       *self);
int           mc_page_get_rowstride  (McPage       *self);
GBytes       *mc_page_get_pixels     (McPage       *self);  /* transfer none */
int           mc_page_get_rotation   (McPage       *self);  /* 0/90/180/270, total applied so far */

/* Rotates the pixels in place by ±90, 180 or 270 degrees (clockwise positive). */
void          mc_page_rotate         (McPage       *self,
                                      int           degrees);
/* Trims near-white margins (keeping @margin_px of them). Returns TRUE if
 * anything was cut. */
gboolean      mc_page_crop_to_content (McPage      *self,
                                       int          margin_px);

/* A new CAIRO_FORMAT_RGB24 image surface of the page, scaled so that it fits
 * in @max_size × @max_size (≤ 0: full size). For thumbnails in the GUI. */
cairo_surface_t *mc_page_get_cairo_surface (McPage *self,
                                            int     max_size);
/* PNG (grey pages stay 8-bit grey), written atomically. */
gboolean      mc_page_save           (McPage       *self,
                                      const char   *path,
                                      GError      **error);

/* ---- PDF -------------------------------------------------------------- */

/* One A4 page per scan (595.28 × 841.89 pt), the image at its physical size
 * from its dpi (scaled down to fit if larger, centred), embedded as JPEG
 * (grey stays 8-bit grey). Written atomically (temporary file + rename). */
gboolean      mc_scan_write_pdf      (GPtrArray    *pages,   /* of McPage */
                                      const char   *path,
                                      GError      **error);
/* The same, to memory (for a blob). */
GBytes       *mc_scan_pdf_to_bytes   (GPtrArray    *pages,
                                      GError      **error);

/* ---- Autosave sessions ------------------------------------------------ */

#define MC_SCAN_SESSIONS_MAX_BYTES   (500 * 1024 * 1024)
#define MC_SCAN_SESSIONS_MAX_AGE_S   (7 * 24 * 3600)

/* A fresh session directory <data_dir>/scans/<timestamp>-<random>/, 0700. */
char         *mc_scan_session_new_dir (const char  *data_dir,
                                       GError     **error);
/* The page-NNNN.png files in @dir, in order (GPtrArray of McPage). */
GPtrArray    *mc_scan_session_restore (const char  *dir,
                                       GError     **error);
/* Deletes the session folder and its pages (once they are safe elsewhere). */
gboolean      mc_scan_session_remove  (const char  *dir);
/* Removes sessions under <data_dir>/scans/ older than @max_age_s, then the
 * oldest ones until the total is ≤ @max_bytes (the newest one is kept).
 * Returns the number removed. */
guint         mc_scan_sessions_cleanup (const char *data_dir,
                                        gint64      max_bytes,
                                        gint64      max_age_s,
                                        GError    **error);

/* A small note kept in a session folder (session.ini, written atomically;
 * the folder is created if missing): "paper", the paper the pages are
 * for; "incoming", the PDF made of them once it was handed over. */
gboolean      mc_scan_session_set_note (const char  *dir,
                                        const char  *key,
                                        const char  *value,
                                        GError     **error);

typedef struct
{
  char     *dir;
  guint     n_pages;    /* finished page-NNNN.png files */
  gint64    mtime;      /* newest file, seconds since the epoch */
  char     *paper;      /* nullable: the "paper" note */
  char     *incoming;   /* nullable: the "incoming" note */
} McScanSessionInfo;

void          mc_scan_session_info_free (McScanSessionInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McScanSessionInfo, mc_scan_session_info_free)

/* The session folders under <data_dir>/scans/, oldest first (element type
 * McScanSessionInfo); empty if there are none. */
GPtrArray    *mc_scan_sessions_list     (const char  *data_dir);

/* TRUE if something that lasts (a draft) names the file @path. */
typedef gboolean (*McScanNamedFunc) (const char *path, gpointer user_data);

/* At start-up, after a crash or not: the sessions whose pages never
 * reached a dossier (as mc_scan_sessions_list, only those with pages).
 * A session whose PDF was handed over ("incoming" note) is done if that
 * file is gone (attached, or dropped by the clerk) or @is_named: its
 * folder is removed. If the PDF is still there and nothing names it, the
 * desk stopped in between: the PDF is deleted and the session returned,
 * as its pages are the better copy to offer back. */
GPtrArray    *mc_scan_sessions_find_left_over (const char      *data_dir,
                                               McScanNamedFunc  is_named,
                                               gpointer         user_data);

/* ---- Scanner ---------------------------------------------------------- */

#define MC_TYPE_SCANNER (mc_scanner_get_type ())
G_DECLARE_FINAL_TYPE (McScanner, mc_scanner, MC, SCANNER, GObject)

/* The process-wide scanner (created on first use; the worker thread starts
 * lazily, so this never blocks start-up). Transfer none. */
McScanner    *mc_scanner_get_default (void);
/* Finishes the queued requests, calls sane_exit() on the worker and joins
 * it (call once at application shutdown; the next request restarts it). */
void          mc_scanner_shutdown    (McScanner           *self);
/* TRUE while a scan runs (a second mc_scanner_scan_async() fails with BUSY). */
gboolean      mc_scanner_is_scanning (McScanner           *self);

void          mc_scanner_list_devices_async  (McScanner           *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* GPtrArray of McScanDevice (empty if none — not an error). */
GPtrArray    *mc_scanner_list_devices_finish (McScanner           *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* Signals, on the caller's main context, while a scan runs:
 *   "page-done" (McPage *page)        — a page has arrived (and is autosaved)
 *   "progress"  (double fraction)     — of the current page, 0…1
 * @max_pages: 0 = until the feeder is empty (flatbed: always 1).
 * @autosave_dir: nullable; created if missing.
 * Cancelling stops after the current read; the error is
 * G_IO_ERROR_CANCELLED and the pages done so far stay in @autosave_dir. */
void          mc_scanner_scan_async  (McScanner           *self,
                                      const char          *device,
                                      McScanSource         source,
                                      int                  resolution,
                                      gboolean             color,
                                      guint                max_pages,
                                      const char          *autosave_dir,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
/* GPtrArray of McPage. An ADF that runs empty after ≥ 1 page is success. */
GPtrArray    *mc_scanner_scan_finish (McScanner           *self,
                                      GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS
