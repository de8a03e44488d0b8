/* mc-scan-restore.h — scanned pages a crash left behind, offered back
 *
 * Pages are autosaved as they arrive (mc-scan.h, "sessions"). When the
 * desk starts, mc_scan_restore_check() looks for sessions whose pages
 * never reached a dossier or a draft and asks the clerk: Restore, Discard
 * or Later. Restored pages wait on the context until the clerk opens a
 * scan dialog for the paper they belong to, as in the normal flow: the
 * dialog takes them (mc_scan_restore_take) and attaches them with its own.
 *
 * Files of incoming/ that no draft names and no session claims are what a
 * crash left between a file chosen and a draft saved: imported copies of
 * files the clerk still has, or PDFs of pages already offered back. They
 * are not offered; they are removed once older than the sessions' cap
 * (MC_SCAN_SESSIONS_MAX_AGE_S), the margin for anything we misread.
 */
#pragma once

#include <adwaita.h>

#include "mc-context.h"

G_BEGIN_DECLS

/* Call once the context is open and the desk set up; nothing happens if
 * no pages were left behind. */
void     mc_scan_restore_check        (GtkWindow           *window,
                                       McContext           *context);

/* The restored pages waiting for a paper (element type McPage, transfer
 * full) and their session folders; FALSE if there are none. */
gboolean mc_scan_restore_take         (McContext           *context,
                                       GPtrArray          **out_pages,
                                       GStrv               *out_dirs);

/* Notes in session @dir the paper its pages are for (on the worker). */
void     mc_scan_restore_note_paper   (McContext           *context,
                                       const char          *dir,
                                       const char          *paper);

/* The pages of @dirs are now the PDF @incoming_path: noted in each
 * session now, and the sessions removed a few seconds later, once the
 * receiver has saved its draft (if the desk stops before, the next start
 * sorts them out from the note). */
void     mc_scan_restore_handed_over  (McContext           *context,
                                       const char * const  *dirs,
                                       const char          *incoming_path);

/* The clerk discarded these pages: their sessions go (on the worker). */
void     mc_scan_restore_forget       (McContext           *context,
                                       const char * const  *dirs);

G_END_DECLS
