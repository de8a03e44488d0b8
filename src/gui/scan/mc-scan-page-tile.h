/* mc-scan-page-tile.h — one scanned page in the scan dialog's flow box
 *
 * A thumbnail (mc_page_get_cairo_surface) with "Page N" under it; it can
 * be dragged onto another tile, which asks @move to put the page there.
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-scan.h"

G_BEGIN_DECLS

/* Returns FALSE to refuse the move (a scan is running). */
typedef gboolean (*McScanTileMoveFunc) (gpointer  user_data,
                                        McPage   *page,
                                        guint     to);

GtkWidget *mc_scan_page_tile_new (McPage             *page,
                                  guint               index,
                                  guint               n_pages,
                                  McScanTileMoveFunc  move,
                                  gpointer            user_data);

G_END_DECLS
