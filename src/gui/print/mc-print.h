/* mc-print.h — printing a dossier's slips and saving them as PDF
 *
 * The dossier, its history and the station are read on the context's
 * worker, where the McFormDoc is built too; the GUI thread only runs
 * GTK's print dialog (with its preview, and a choice of two copies: one
 * for the citizen, one for the file) or a file chooser. Slips default to
 * A5 portrait; A4 can be picked in the dialog.
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-context.h"
#include "mc-forms.h"

G_BEGIN_DECLS

/* Prints form @kind of dossier @uuid (or code) through the print dialog,
 * or with @export_pdf asks where to save it and writes a PDF there.
 * Fails with G_IO_ERROR_CANCELLED if the clerk cancels. */
void        mc_print_form_async        (GtkWindow           *parent,
                                        McContext           *context,
                                        McFormKind           kind,
                                        const char          *uuid,
                                        gboolean             export_pdf,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
/* @out_path (nullable): the PDF written, or NULL after printing. */
gboolean    mc_print_form_finish       (GAsyncResult        *result,
                                        char               **out_path,
                                        GError             **error);

/* Writes form @kind of dossier @uuid (or code) to @path as a PDF, one
 * copy on the form's own page size, all on the context's worker. */
void        mc_print_export_pdf_async  (McContext           *context,
                                        McFormKind           kind,
                                        const char          *uuid,
                                        const char          *path,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    mc_print_export_pdf_finish (GAsyncResult        *result,
                                        GError             **error);

/* The forms other than the receipt and the ledger, of the rules in force
 * on the dossier's receipt date, that apply to dossier @uuid now
 * (element type const McFormInfo *, static). */
void        mc_print_list_forms_async  (McContext           *context,
                                        const char          *uuid,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GPtrArray  *mc_print_list_forms_finish (GAsyncResult        *result,
                                        GError             **error);

/* For buttons and shortcuts: prints (or exports) for @widget's window and
 * reports by itself — a dialog that says what went wrong, a toast for a
 * saved PDF. A second request while one is starting is ignored. */
void        mc_print_form              (GtkWidget           *widget,
                                        McContext           *context,
                                        McFormKind           kind,
                                        const char          *uuid,
                                        gboolean             export_pdf);

G_END_DECLS
