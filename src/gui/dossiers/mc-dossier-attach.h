/* mc-dossier-attach.h — attaching scans and files to a saved dossier (private)
 *
 * The details pane's "Attach…" menu: "Scan" and "Attach File" for each of
 * the dossier's papers (actions details.scan-paper and details.attach-file,
 * parameter: the paper's name, "" for none); the attachments list opens a
 * preview of the file activated. Each file goes in with
 * mc_context_attach_async, and the history then shows "Attached …".
 */
#pragma once

#include "mc-dossier-details.h"

G_BEGIN_DECLS

void mc_dossier_attach_class_init    (GtkWidgetClass   *widget_class);
/* From init: fills @button's menu for the dossier shown. */
void mc_dossier_attach_init          (McDossierDetails *self,
                                      GtkMenuButton    *button);
/* The attachments list's "row-activated" (rows carry "mc-attachment"). */
void mc_dossier_attach_row_activated (McDossierDetails *self,
                                      GtkListBoxRow    *row);

G_END_DECLS
