/* mc-scan-dialog.h — scanning one paper of the checklist
 *
 * A modal window: the scanner (found in the background), where the paper
 * comes from (glass, feeder, both sides), the quality preset; the pages
 * as thumbnails to rotate, reorder, delete, rescan or crop; "Attach"
 * writes them as one PDF into the data dir's incoming/ folder (on the
 * context's worker) and emits "attach". The scanner and preset used last
 * are remembered (GSettings "scan-device", "scan-preset").
 *
 * Actions (prefix "scan."): scan (Enter), attach (Ctrl+Enter), cancel
 * (Escape: stops a scan, else closes), find-devices, dismiss-error,
 * rotate-left (Ctrl+Shift+R), rotate-right (Ctrl+R), move-earlier
 * (Alt+Left), move-later (Alt+Right), delete-page (Delete), rescan-page
 * (Ctrl+Shift+S), crop (Ctrl+K). The page actions apply to the selected
 * thumbnail; thumbnails can also be dragged to a new place.
 */
#pragma once

#include <adwaita.h>

#include "mc-context.h"
#include "mc-scan.h"

G_BEGIN_DECLS

#define MC_TYPE_SCAN_DIALOG (mc_scan_dialog_get_type ())
G_DECLARE_FINAL_TYPE (McScanDialog, mc_scan_dialog, MC, SCAN_DIALOG, AdwWindow)

/* A dialog for the paper @paper, over @parent; present it. */
McScanDialog *mc_scan_dialog_new        (GtkWindow    *parent,
                                         McContext    *context,
                                         const char   *paper);
guint         mc_scan_dialog_get_n_pages (McScanDialog *self);
/* Transfer none. */
McPage       *mc_scan_dialog_get_page    (McScanDialog *self,
                                          guint         index);
/* The SANE name of the scanner chosen, or NULL while none is. */
const char   *mc_scan_dialog_get_device  (McScanDialog *self);

/* Signals:
 *  "attach" (const char *path, const char *name) — the PDF is written in
 *  incoming/ (the receiver owns the file from then on); the dialog then
 *  closes itself. */

G_END_DECLS
