/* mc-scan-private.h — what only the scan module's files share */
#pragma once

#include "mc-scan.h"

G_BEGIN_DECLS

/* PNG bytes of the page (8-bit grey or RGB, with its dpi in pHYs). */
GBytes  *mc_page_encode_png   (McPage   *self,
                               GError  **error);
/* Baseline JPEG; a grey page gives a one-component (grey) JPEG. */
GBytes  *mc_page_encode_jpeg  (McPage   *self,
                               int       quality,
                               GError  **error);
/* The quality used for the PDF: lower for grey text, higher for colour. */
int      mc_page_pdf_quality  (McPage   *self);

/* mc-scan-bilevel.c. TRUE if the (cleaned) grey page is ink on paper
 * only, with the threshold that separates them (darker is ink). */
gboolean mc_page_is_bilevel_text (McPage *self,
                                  int    *out_threshold);
/* The page thresholded to black and white, for cairo, with its CCITT G4
 * bytes attached as CAIRO_MIME_TYPE_CCITT_FAX (what the PDF embeds). */
cairo_surface_t *mc_page_create_bilevel_surface (McPage  *self,
                                                 int      threshold,
                                                 GError **error);

G_END_DECLS

G_BEGIN_DECLS

/* ---- The SANE side: called on the scanner's worker thread only. ---- */

typedef struct
{
  char         *device;
  McScanSource  source;
  int           resolution;
  gboolean      color;
  guint         max_pages;
  char         *autosave_dir;
} McScanJob;

typedef struct
{
  GCancellable *cancellable;
  /* Called on the worker; they marshal to the main context themselves. */
  void        (*page_done) (McPage *page, gpointer data);
  void        (*progress)  (double fraction, gpointer data);
  gpointer      data;
} McScanSink;

gboolean   mc_sane_init          (GError         **error);
void       mc_sane_exit          (void);
GPtrArray *mc_sane_list_devices  (GError         **error);
/* Pages scanned (also on error: those done before it), and the error. */
GPtrArray *mc_sane_scan          (const McScanJob *job,
                                  const McScanSink *sink,
                                  GError         **error);

G_END_DECLS
