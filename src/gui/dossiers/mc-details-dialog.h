/* mc-details-dialog.h — the frame of the details pane's decision dialogs (private)
 *
 * A decision on the dossier shown (supplement, refusal, new date, stop,
 * hand-over) is asked in a modal AdwMessageDialog with a boxed list of
 * entry rows and an error line, and saved on the writer thread. This is
 * what those dialogs share: one open per details pane (kept on the pane
 * under a key), hidden while it saves, destroyed once saved, brought back
 * with what was typed and the reason when the save fails.
 *
 * The dialog follows the dossier as it is in the store, not as it was when
 * opened: after a failed save (the dossier may have changed elsewhere
 * meanwhile: a CLI, another desk's decision pulled from the province) it
 * reads the dossier again on the context's worker before it comes back,
 * and while it is open it follows the pane's own re-reads. Each time the
 * dialog's @refresh updates what it shows of the dossier, the decision is
 * checked again (mc_desk_action_check: a dossier closed meanwhile is said
 * so, and nothing can be saved) and so is what was typed (@changed).
 *
 * A dialog's own state embeds McDetailsDialog as its first member; the
 * dialog owns it (freed with the dialog, after @clear).
 */
#pragma once

#include "mc-dossier-details.h"

G_BEGIN_DECLS

typedef struct
{
  McDossierDetails *details;        /* weak */
  McContext        *context;
  char             *uuid;
  const char       *pane_key;       /* on the details: the dialog open, if any */

  AdwMessageDialog *dialog;         /* unowned: owns this */
  GtkListBox       *list;
  GtkLabel         *error_label;
  GCancellable     *cancellable;
  gboolean          saving;
  McDeskAction      action;
  void            (*changed) (gpointer dd);
  void            (*refresh) (gpointer dd, McDossier *dossier);   /* nullable */
  GDestroyNotify    clear;

  /* The error line shows the first of these that is set. */
  char             *failure;        /* why the last save failed, until the clerk types */
  char             *closed;         /* why @action can no longer be taken */
  char             *invalid;        /* what is wrong with what is typed */
} McDetailsDialog;

/* If a dialog under @pane_key is open on @details, presents it (unless it
 * is saving) and returns TRUE: one decision at a time. */
gboolean     mc_details_dialog_raise        (McDossierDetails *details,
                                             const char       *pane_key);

/* A new dialog's state of @size bytes (McDetailsDialog first) for
 * deciding @action on @dossier, with its message dialog made (modal,
 * transient for the pane's window); @changed (called with the state)
 * checks what is typed and enables the responses; @refresh (nullable,
 * called with the state and the dossier as read again) updates what the
 * dialog keeps or shows of the dossier; @clear frees the caller's members
 * when the dialog goes. */
gpointer     mc_details_dialog_new          (gsize             size,
                                             McDeskAction      action,
                                             GCallback         changed,
                                             GCallback         refresh,
                                             GDestroyNotify    clear,
                                             McDossierDetails *details,
                                             McDossier        *dossier,
                                             const char       *pane_key,
                                             const char       *heading,
                                             const char       *body);

/* The state of @dialog, made by mc_details_dialog_new(). */
gpointer     mc_details_dialog_get          (AdwMessageDialog *dialog);

/* An entry row in the dialog's list: @title (with a mnemonic), @text,
 * activating the default response, checked on every change. */
AdwEntryRow *mc_details_dialog_add_row      (McDetailsDialog  *dd,
                                             const char       *title,
                                             const char       *text);

/* The text of @row, normalised; NULL when empty (or no row). */
char        *mc_details_dialog_row_text     (AdwEntryRow      *row);

/* From @changed: what is wrong with what is typed (NULL: nothing). The
 * error line under the rows shows it, unless the last save failed (until
 * the clerk types again) or the decision can no longer be taken. */
void         mc_details_dialog_show_error   (McDetailsDialog  *dd,
                                             const char       *message);

/* From @changed: whether the responses that save can be enabled (not
 * saving, and the decision can still be taken on the dossier). */
gboolean     mc_details_dialog_can_save     (McDetailsDialog  *dd);

/* Shows the dialog, kept on the pane until it goes, and focuses @focus. */
void         mc_details_dialog_open         (McDetailsDialog  *dd,
                                             GtkWidget        *focus);

/* A save begins: the cancellable to pass (owned by @dd). */
GCancellable *mc_details_dialog_begin_save  (McDetailsDialog  *dd);

/* The save ended. Saved (@error NULL): the dialog goes, TRUE. Cancelled:
 * FALSE. Failed: the dossier is read again (and the pane told to read it
 * again), then the dialog comes back with what was typed, checked against
 * the dossier as it is now, and @message (what could not be saved, and
 * why), FALSE. */
gboolean     mc_details_dialog_end_save     (McDetailsDialog  *dd,
                                             const GError     *error,
                                             const char       *message);

/* A response other than saving: the dialog goes once done closing. */
void         mc_details_dialog_dismiss      (McDetailsDialog  *dd);

/* A toast in the pane's window, if it has an overlay. */
void         mc_details_dialog_toast        (McDossierDetails *details,
                                             AdwToast         *toast);

/* From the pane's dispose: destroys a dialog still open under @pane_key. */
void         mc_details_dialog_destroy_open (McDossierDetails *details,
                                             const char       *pane_key);

G_END_DECLS
