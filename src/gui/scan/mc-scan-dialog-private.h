/* mc-scan-dialog-private.h — what mc-scan-dialog.c and
 * mc-scan-dialog-pages.c share of McScanDialog
 */
#pragma once

#include "mc-scan-dialog.h"

G_BEGIN_DECLS

struct _McScanDialog
{
  AdwWindow       parent_instance;

  /* Template */
  AdwWindowTitle *window_title;
  GtkWidget      *cancel_button;
  GtkRevealer    *error_revealer;
  GtkLabel       *error_label;
  AdwActionRow   *status_row;
  GtkWidget      *status_spinner;
  GtkWidget      *retry_button;
  AdwComboRow    *device_row;
  AdwComboRow    *source_row;
  AdwComboRow    *preset_row;
  GtkWidget      *scan_button;
  GtkProgressBar *progress_bar;
  GtkStack       *pages_stack;
  GtkFlowBox     *pages_box;
  GtkLabel       *count_label;

  McContext      *context;
  GSettings      *settings;       /* nullable: no schema installed */
  char           *paper;
  GPtrArray      *devices;        /* McScanDevice */
  GArray         *sources;        /* McScanSource, as listed in source_row */
  GPtrArray      *pages;          /* McPage, in order */
  GCancellable   *cancellable;    /* discovery and writing; cancelled on dispose */
  GCancellable   *scan_cancellable;
  char           *session_dir;
  GStrv           restored_dirs;  /* sessions of pages restored after a crash */
  int             rescan_index;   /* the page being scanned again, or -1 */
  guint           n_arrived;      /* pages of the current scan so far */
  gboolean        finding;
  gboolean        scanning;
  gboolean        attaching;
  gboolean        loading;        /* rows being filled: not the clerk's choice */
  gboolean        handed_over;    /* the PDF went to the receiver */
  gboolean        discarding;     /* the clerk said to throw the pages away */
};

void     mc_scan_dialog_show_error         (McScanDialog *self,
                                            const char   *message);
void     mc_scan_dialog_update_actions     (McScanDialog *self);

/* mc-scan-dialog-pages.c */
int      mc_scan_dialog_get_selected_index (McScanDialog *self);
void     mc_scan_dialog_show_pages         (McScanDialog *self,
                                            int           select);
/* The "scan.rotate-left" … "scan.crop" actions on the selected page. */
void     mc_scan_dialog_page_action        (GtkWidget    *widget,
                                            const char   *action_name,
                                            GVariant     *parameter);
GStrv    mc_scan_dialog_get_session_dirs   (McScanDialog *self);
/* TRUE when the clerk is asked first: the window must stay open. */
gboolean mc_scan_dialog_ask_discard        (McScanDialog *self);
void     mc_scan_dialog_restore_pages      (McScanDialog *self);

G_END_DECLS
