/* mc-dossiers-view-private.h — shared by mc-dossiers-view.c (the list,
 * search, state filter and details) and mc-dossiers-view-dates.c (the
 * received-date filters) */
#pragma once

#include "mc-dossier-details.h"
#include "mc-dossier-list-model.h"
#include "mc-dossiers-view.h"
#include "mc-sync-indicator.h"

G_BEGIN_DECLS

struct _McDossiersView
{
  AdwBin              parent_instance;

  AdwToastOverlay    *toast_overlay;
  GMenu              *primary_menu;
  GtkMenuButton      *menu_button;
  AdwLeaflet         *leaflet;
  GtkWidget          *list_pane;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *state_dropdown;
  GtkStringList      *state_items;
  GtkMenuButton      *from_button;
  GtkMenuButton      *to_button;
  GtkCalendar        *from_calendar;
  GtkCalendar        *to_calendar;
  GtkEntry           *from_entry;
  GtkEntry           *to_entry;
  GtkToggleButton    *overdue_button;
  GtkToggleButton    *awaiting_button;   /* "Awaiting hand-over": state done */
  GtkLabel           *count_label;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  GtkSingleSelection *selection;
  AdwStatusPage      *error_page;
  McDossierDetails   *details;
  McSyncIndicator    *sync_indicator;

  McContext          *context;
  McDossierListModel *model;
  GSettings          *settings;
  char               *from_date;        /* YYYY-MM-DD or NULL */
  char               *to_date;
  gint64              counts[MC_DOSSIER_N_STATES];
  gboolean            have_counts;
  gboolean            counts_partial;   /* a search past the cap: per-state counts unknown */
  GCancellable       *counts_cancellable;
  gboolean            updating_states;  /* the dropdown's items are being replaced */
  gboolean            restoring;        /* filters are being set from GSettings */
  McDossierRow       *waiting_row;      /* selected, but its page is still being read */
  gulong              waiting_handler;
  char               *pending_select;   /* to select once the list has read it */
  gboolean            refiltered;       /* pending_select is the dossier shown before new filters */
  gboolean            scroll_to_top;    /* a new query: show its first rows once read */
};

/* mc-dossiers-view.c: runs the query the filters make, and saves them. */
void _mc_dossiers_view_apply_filters      (McDossiersView *self);

/* mc-dossiers-view-frames.c: with MOTCUA_FRAME_STATS set, logs frame times. */
void _mc_dossiers_view_watch_frames       (McDossiersView *self);

/* mc-dossiers-view-dates.c */
void _mc_dossiers_view_class_init_dates   (GtkWidgetClass *widget_class);
void _mc_dossiers_view_init_dates         (McDossiersView *self);

G_END_DECLS
