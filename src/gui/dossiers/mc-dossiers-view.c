/* mc-dossiers-view.c — the dossier list with search, filters and details */
#define G_LOG_DOMAIN "motcua-dossiers"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-application.h"
#include "mc-dossier-count.h"
#include "mc-dossier-details.h"
#include "mc-dossier-list-model.h"
#include "mc-dossier-row.h"
#include "mc-dossiers-view-private.h"
#include "mc-sync-indicator.h"


G_DEFINE_FINAL_TYPE (McDossiersView, mc_dossiers_view, ADW_TYPE_BIN)

/* The state filter's items after "All states", in the dossier's lifecycle order. */
static const McDossierState filter_states[] = {
  MC_DOSSIER_STATE_RECEIVED,
  MC_DOSSIER_STATE_UPLOADING,
  MC_DOSSIER_STATE_RETRY_WAIT,
  MC_DOSSIER_STATE_NEEDS_ATTENTION,
  MC_DOSSIER_STATE_UPLOADED,
  MC_DOSSIER_STATE_PROCESSING,
  MC_DOSSIER_STATE_SUPPLEMENT_REQUESTED,
  MC_DOSSIER_STATE_REJECTED,
  MC_DOSSIER_STATE_DONE,
  MC_DOSSIER_STATE_RETURNED,
  MC_DOSSIER_STATE_WITHDRAWN,
  MC_DOSSIER_STATE_STOPPED,
};

/* Settings */

static gboolean
settings_has_key (GSettings  *settings,
                  const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (settings == NULL)
    return FALSE;
  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

static void
save_filters (McDossiersView       *self,
              const McDossierQuery *query)
{
  /* The hand-over shortcut is not a state chosen in the list. */
  if (self->restoring || gtk_toggle_button_get_active (self->awaiting_button))
    return;
  if (settings_has_key (self->settings, "last-state-filter"))
    g_settings_set_string (self->settings, "last-state-filter",
                           query->has_state ? mc_dossier_state_to_string (query->state) : "");
}

static void
restore_filters (McDossiersView *self)
{
  McDossierState state;

  self->restoring = TRUE;
  if (settings_has_key (self->settings, "last-state-filter"))
    {
      g_autofree char *name = g_settings_get_string (self->settings, "last-state-filter");

      if (mc_dossier_state_from_string (name, &state))
        for (guint i = 0; i < G_N_ELEMENTS (filter_states); i++)
          if (filter_states[i] == state)
            gtk_drop_down_set_selected (self->state_dropdown, i + 1);
    }
  /* The search is not kept: a name typed in an earlier run would hide
   * today's dossiers behind "no results". */
  self->restoring = FALSE;
}

/* The state filter and its counts */

static void
fill_state_items (McDossiersView *self)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  guint selected = gtk_drop_down_get_selected (self->state_dropdown);
  gint64 total = 0;

  /* Each count stops past the cap; so does their sum then. */
  for (guint i = 0; i < G_N_ELEMENTS (filter_states); i++)
    total += self->counts[filter_states[i]];

  for (guint i = 0; i <= G_N_ELEMENTS (filter_states); i++)
    {
      const char *label = i == 0 ? _("All states") : mc_dossier_row_state_label (filter_states[i - 1]);
      gint64 count = i == 0 ? total : self->counts[filter_states[i - 1]];

      /* A search past the cap was counted by state over its newest
       * matches only: a state's share of those is not its count. */
      if (!self->have_counts || (i > 0 && self->counts_partial))
        count = -1;
      g_ptr_array_add (strings, mc_dossier_count_item (label, count, MC_DOSSIER_COUNT_CAP));
    }
  g_ptr_array_add (strings, NULL);

  /* Replacing the items drops the selection: put it back quietly. */
  self->updating_states = TRUE;
  gtk_string_list_splice (self->state_items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->state_items)),
                          (const char * const *) strings->pdata);
  gtk_drop_down_set_selected (self->state_dropdown, selected == GTK_INVALID_LIST_POSITION ? 0 : selected);
  self->updating_states = FALSE;
}

/* On the reader: one more than the cap tells "more than 10 000"; each
 * state's count stops there (with a search, the newest matches are
 * counted by state: partial when there are more than the cap). */
static gpointer
count_states_func (McContext     *context,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  const McDossierQuery *query = data;
  gint64 *counts = g_new0 (gint64, MC_DOSSIER_N_STATES + 1);
  gint64 sum = 0;

  if (!mc_store_count_by_state_upto (mc_context_get_store (context), query, MC_DOSSIER_COUNT_CAP + 1, counts,
                                     error))
    {
      g_free (counts);
      return NULL;
    }
  for (guint i = 0; i < MC_DOSSIER_N_STATES; i++)
    sum += counts[i];
  counts[MC_DOSSIER_N_STATES] = query->search != NULL && sum > MC_DOSSIER_COUNT_CAP;
  return counts;
}

static void
count_states_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(McDossiersView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *counts = mc_context_run_finish (MC_CONTEXT (source), result, &error);

  if (counts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Counting dossiers by state failed: %s", error->message);
      return;
    }
  memcpy (self->counts, counts, sizeof self->counts);
  self->counts_partial = counts[MC_DOSSIER_N_STATES] != 0;
  self->have_counts = TRUE;
  fill_state_items (self);
}

static void
query_free (McDossierQuery *query)
{
  mc_dossier_query_clear (query);
  g_free (query);
}

static void
refresh_counts (McDossiersView       *self,
                const McDossierQuery *query)
{
  McDossierQuery *copy = g_new0 (McDossierQuery, 1);

  g_cancellable_cancel (self->counts_cancellable);
  g_clear_object (&self->counts_cancellable);
  if (self->context == NULL)
    {
      g_free (copy);
      return;
    }
  self->counts_cancellable = g_cancellable_new ();
  copy->search = g_strdup (query->search);
  copy->from_date = g_strdup (query->from_date);
  copy->to_date = g_strdup (query->to_date);
  copy->overdue_on = g_strdup (query->overdue_on);
  mc_context_read_async (self->context, count_states_func, copy, (GDestroyNotify) query_free, g_free,
                        self->counts_cancellable, count_states_cb, g_object_ref (self));
}

/* The list and its empty states */

static gboolean
filters_active (McDossiersView *self)
{
  const McDossierQuery *query = mc_dossier_list_model_get_query (self->model);

  return query->search != NULL || query->has_state || query->from_date != NULL || query->to_date != NULL ||
         query->overdue_on != NULL;
}

static void
update_list_page (McDossiersView *self)
{
  const GError *error = mc_dossier_list_model_get_error (self->model);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gboolean loading = mc_dossier_list_model_get_loading (self->model);
  g_autofree char *count = NULL;

  if (error != NULL && n == 0)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->list_stack, "error");
    }
  else if (n == 0 && !loading && self->context != NULL)
    gtk_stack_set_visible_child_name (self->list_stack, filters_active (self) ? "no-results" : "empty");
  else if (n > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");

  if (self->context == NULL || (loading && n == 0))
    count = g_strdup ("");
  else if (!mc_dossier_list_model_get_complete (self->model))
    /* Counted up to the cap (or as far as the list was scrolled): more. */
    count = mc_dossier_count_label ((gint64) n + 1, n);
  else
    count = mc_dossier_count_label (n, 0);
  gtk_label_set_label (self->count_label, count);
}

/* Called once the list is read: selects the dossier show_dossier() asked
 * for if its row is among those read (a deep one is only shown). */
static void
select_pending (McDossiersView *self)
{
  g_autofree char *wanted = g_steal_pointer (&self->pending_select);
  guint position;

  if (wanted == NULL)
    return;
  position = mc_dossier_list_model_find (self->model, wanted);
  if (position == GTK_INVALID_LIST_POSITION)
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      /* The filters now hide the dossier shown: the details do not keep it. */
      if (self->refiltered)
        mc_dossier_details_load (self->details, NULL);
      self->refiltered = FALSE;
      return;
    }
  self->refiltered = FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

static void
on_model_changed_cb (McDossiersView *self)
{
  McDossier *shown = mc_dossier_details_get_dossier (self->details);

  update_list_page (self);
  /* The list keeps its rows and fills them again (the model): the row
   * selected may come to hold another dossier. Select the one shown
   * again once the list is read, wherever it now is. */
  if (mc_dossier_list_model_get_loading (self->model))
    {
      if (self->pending_select == NULL && shown != NULL)
        self->pending_select = g_strdup (mc_dossier_get_uuid (shown));
      return;
    }
  /* A new query starts at the top (the rows are reused, not re-added). */
  if (self->scroll_to_top && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
  self->scroll_to_top = FALSE;
  select_pending (self);
}

static void
on_model_error_cb (McDossiersView *self)
{
  const GError *error = mc_dossier_list_model_get_error (self->model);

  update_list_page (self);
  /* A page that could not be read leaves blank rows: say so. */
  if (error != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
on_dossiers_changed_cb (McDossiersView *self)
{
  refresh_counts (self, mc_dossier_list_model_get_query (self->model));
}

/* Filters */

static void
build_query (McDossiersView *self,
             McDossierQuery *query)
{
  g_autofree char *search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  guint selected = gtk_drop_down_get_selected (self->state_dropdown);

  query->search = *search != '\0' ? g_steal_pointer (&search) : NULL;
  query->has_state = selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= G_N_ELEMENTS (filter_states);
  query->state = query->has_state ? filter_states[selected - 1] : MC_DOSSIER_STATE_RECEIVED;
  /* Awaiting hand-over: what the province finished (done, status 9) and
   * the desk has not handed over — a return moves it to returned. */
  if (gtk_toggle_button_get_active (self->awaiting_button))
    {
      query->has_state = TRUE;
      query->state = MC_DOSSIER_STATE_DONE;
    }
  query->from_date = g_strdup (self->from_date);
  query->to_date = g_strdup (self->to_date);
  if (gtk_toggle_button_get_active (self->overdue_button))
    {
      g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
      g_autoptr(GDateTime) now = g_date_time_new_now (tz);

      query->overdue_on = g_date_time_format (now, "%Y-%m-%d");
    }
}

void
_mc_dossiers_view_apply_filters (McDossiersView *self)
{
  McDossierQuery query = { 0 };

  build_query (self, &query);
  /* The dossier in the details stays selected if the new list has it. */
  {
    McDossier *shown = mc_dossier_details_get_dossier (self->details);

    if (shown != NULL)
      {
        g_free (self->pending_select);
        self->pending_select = g_strdup (mc_dossier_get_uuid (shown));
        self->refiltered = TRUE;
      }
  }
  self->scroll_to_top = TRUE;
  mc_dossier_list_model_set_query (self->model, &query);
  refresh_counts (self, &query);
  save_filters (self, &query);
  mc_dossier_query_clear (&query);
}

static void
on_search_changed_cb (McDossiersView *self)
{
  /* GtkSearchEntry has already waited for a pause in the typing (search-delay). */
  if (!self->restoring)
    _mc_dossiers_view_apply_filters (self);
}

static void
on_stop_search_cb (McDossiersView *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_search_activate_cb (McDossiersView *self)
{
  /* Enter: on to the first result, to open it with Enter again. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0)
    return;
  gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_state_selected_cb (McDossiersView *self)
{
  if (!self->updating_states && !self->restoring && self->context != NULL)
    _mc_dossiers_view_apply_filters (self);
}

/* Overdue and awaiting hand-over exclude each other (a finished dossier
 * is never overdue); the state list has no say while awaiting. */
static void
on_awaiting_toggled_cb (McDossiersView *self)
{
  gboolean active = gtk_toggle_button_get_active (self->awaiting_button);

  gtk_widget_set_sensitive (GTK_WIDGET (self->state_dropdown), !active);
  if (active && gtk_toggle_button_get_active (self->overdue_button))
    gtk_toggle_button_set_active (self->overdue_button, FALSE);   /* applies the filters */
  else if (!self->restoring && self->context != NULL)
    _mc_dossiers_view_apply_filters (self);
}

static void
on_overdue_toggled_cb (McDossiersView *self)
{
  if (gtk_toggle_button_get_active (self->overdue_button) && gtk_toggle_button_get_active (self->awaiting_button))
    {
      gtk_toggle_button_set_active (self->awaiting_button, FALSE);   /* applies the filters */
      return;
    }
  if (!self->restoring && self->context != NULL)
    _mc_dossiers_view_apply_filters (self);
}

/* The list is one Tab stop (GtkListView would stop on every row): Tab
 * and Shift+Tab leave it; the arrows move inside. */
static gboolean
on_list_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        McDossiersView        *self)
{
  GtkWidget *list = GTK_WIDGET (self->list_view);
  GtkRoot *root = gtk_widget_get_root (list);
  gboolean back;

  if (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab)
    return GDK_EVENT_PROPAGATE;
  if ((state & gtk_accelerator_get_default_mod_mask () & ~GDK_SHIFT_MASK) != 0 || root == NULL)
    return GDK_EVENT_PROPAGATE;
  back = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0;
  /* While the list cannot take the focus, the window finds the next stop past it. */
  gtk_widget_set_can_focus (list, FALSE);
  gtk_widget_child_focus (GTK_WIDGET (root), back ? GTK_DIR_TAB_BACKWARD : GTK_DIR_TAB_FORWARD);
  gtk_widget_set_can_focus (list, TRUE);
  return GDK_EVENT_STOP;
}

/* Selection and details */

static void
stop_waiting (McDossiersView *self)
{
  if (self->waiting_row != NULL)
    g_signal_handler_disconnect (self->waiting_row, self->waiting_handler);
  self->waiting_handler = 0;
  g_clear_object (&self->waiting_row);
}

static void
on_waiting_row_loaded_cb (McDossiersView *self)
{
  g_autoptr(McDossierRow) row = g_object_ref (self->waiting_row);

  stop_waiting (self);
  if (gtk_single_selection_get_selected_item (self->selection) == (gpointer) row)
    mc_dossier_details_load (self->details, mc_dossier_row_get_uuid (row));
}

static void
on_selected_item_cb (McDossiersView *self)
{
  McDossierRow *row = gtk_single_selection_get_selected_item (self->selection);

  stop_waiting (self);
  /* Nothing selected (a new search): the details keep what they show. */
  if (row == NULL)
    return;
  if (!mc_dossier_row_get_loaded (row))
    {
      self->waiting_row = g_object_ref (row);
      self->waiting_handler = g_signal_connect_swapped (row, "notify::loaded",
                                                        G_CALLBACK (on_waiting_row_loaded_cb), self);
      return;
    }
  if (!mc_dossier_details_is_showing (self->details, mc_dossier_row_get_uuid (row)))
    mc_dossier_details_load (self->details, mc_dossier_row_get_uuid (row));
}

/* Side by side, the details are already there; folded, go to them. (Not
 * unfolded: the leaflet would move the focus out of the list.) */
static void
show_details_pane (McDossiersView *self)
{
  if (!adw_leaflet_get_folded (self->leaflet))
    return;
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->details));
  gtk_widget_grab_focus (GTK_WIDGET (self->details));
}

static void
on_list_activate_cb (McDossiersView *self,
                     guint           position)
{
  gtk_single_selection_set_selected (self->selection, position);
  show_details_pane (self);
}

/* Actions */

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  mc_dossiers_view_focus_search (MC_DOSSIERS_VIEW (widget));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  McDossiersView *self = MC_DOSSIERS_VIEW (widget);

  self->restoring = TRUE;   /* one query for all the changes, below */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->state_dropdown, 0);
  gtk_toggle_button_set_active (self->overdue_button, FALSE);
  gtk_toggle_button_set_active (self->awaiting_button, FALSE);
  self->restoring = FALSE;
  g_clear_pointer (&self->from_date, g_free);
  g_clear_pointer (&self->to_date, g_free);
  gtk_menu_button_set_label (self->from_button, _("From"));
  gtk_menu_button_set_label (self->to_button, _("To"));
  _mc_dossiers_view_apply_filters (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  McDossiersView *self = MC_DOSSIERS_VIEW (widget);

  mc_dossier_list_model_reload (self->model);
  refresh_counts (self, mc_dossier_list_model_get_query (self->model));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  McDossiersView *self = MC_DOSSIERS_VIEW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* GObject */

static void
mc_dossiers_view_dispose (GObject *object)
{
  McDossiersView *self = MC_DOSSIERS_VIEW (object);

  g_cancellable_cancel (self->counts_cancellable);
  stop_waiting (self);
  /* The bin's child is a template child: let the bin drop it first, or
   * both would unparent it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_DOSSIERS_VIEW);
  G_OBJECT_CLASS (mc_dossiers_view_parent_class)->dispose (object);
}

static void
mc_dossiers_view_finalize (GObject *object)
{
  McDossiersView *self = MC_DOSSIERS_VIEW (object);

  g_clear_object (&self->counts_cancellable);
  g_clear_object (&self->model);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  g_free (self->from_date);
  g_free (self->to_date);
  g_free (self->pending_select);
  G_OBJECT_CLASS (mc_dossiers_view_parent_class)->finalize (object);
}

static void
mc_dossiers_view_class_init (McDossiersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_dossiers_view_dispose;
  object_class->finalize = mc_dossiers_view_finalize;

  g_type_ensure (MC_TYPE_DOSSIER_ROW);
  g_type_ensure (MC_TYPE_DOSSIER_DETAILS);
  g_type_ensure (MC_TYPE_SYNC_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-dossiers-view.ui");
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, menu_button);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, leaflet);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, list_pane);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, state_items);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, from_button);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, to_button);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, from_entry);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, to_entry);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, overdue_button);
  gtk_widget_class_bind_template_callback (widget_class, on_overdue_toggled_cb);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, awaiting_button);
  gtk_widget_class_bind_template_callback (widget_class, on_awaiting_toggled_cb);
  _mc_dossiers_view_class_init_dates (widget_class);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, count_label);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, list_view);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, selection);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, error_page);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, details);
  gtk_widget_class_bind_template_child (widget_class, McDossiersView, sync_indicator);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_state_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_selected_item_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);

  gtk_widget_class_install_action (widget_class, "dossiers.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "dossiers.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "dossiers.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "dossiers.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "dossiers.search", NULL);
}

static void
mc_dossiers_view_init (McDossiersView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->model = mc_dossier_list_model_new (NULL);
  g_signal_connect_object (self->model, "notify::n-items", G_CALLBACK (on_model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (on_model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::complete", G_CALLBACK (on_model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::error", G_CALLBACK (on_model_error_cb), self, G_CONNECT_SWAPPED);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));

  _mc_dossiers_view_init_dates (self);
  _mc_dossiers_view_watch_frames (self);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_list_key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);
  }

  /* Typing anywhere in the list pane starts a search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, self->list_pane);

  fill_state_items (self);
  self->settings = mc_application_create_settings ();
  restore_filters (self);
  update_list_page (self);
}

/* Public API */

GtkWidget *
mc_dossiers_view_new (void)
{
  return g_object_new (MC_TYPE_DOSSIERS_VIEW, NULL);
}

void
mc_dossiers_view_set_context (McDossiersView *self,
                              McContext      *context)
{
  McDossierQuery query = { 0 };

  g_return_if_fail (MC_IS_DOSSIERS_VIEW (self));
  g_return_if_fail (context == NULL || MC_IS_CONTEXT (context));

  if (self->context == context)
    return;
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (self->context, on_dossiers_changed_cb, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    g_signal_connect_object (context, "dossiers-changed", G_CALLBACK (on_dossiers_changed_cb), self,
                             G_CONNECT_SWAPPED);

  mc_dossier_details_set_context (self->details, context);
  mc_sync_indicator_set_context (self->sync_indicator, context);
  build_query (self, &query);
  /* The query first, so the context's first read is already the right one. */
  mc_dossier_list_model_set_query (self->model, &query);
  mc_dossier_list_model_set_context (self->model, context);
  refresh_counts (self, &query);
  mc_dossier_query_clear (&query);
  update_list_page (self);
}

void
mc_dossiers_view_show_dossier (McDossiersView *self,
                               const char     *uuid_or_code)
{
  g_return_if_fail (MC_IS_DOSSIERS_VIEW (self));
  g_return_if_fail (uuid_or_code != NULL);

  mc_dossier_details_load (self->details, uuid_or_code);
  g_free (self->pending_select);
  self->pending_select = g_strdup (uuid_or_code);
  /* Selected now if its row has been read, else once the list has it. */
  if (!mc_dossier_list_model_get_loading (self->model))
    select_pending (self);
  show_details_pane (self);
}

void
mc_dossiers_view_focus_search (McDossiersView *self)
{
  g_return_if_fail (MC_IS_DOSSIERS_VIEW (self));

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

void
mc_dossiers_view_show_state (McDossiersView *self,
                             McDossierState  state)
{
  g_return_if_fail (MC_IS_DOSSIERS_VIEW (self));

  for (guint i = 0; i < G_N_ELEMENTS (filter_states); i++)
    if (filter_states[i] == state)
      {
        /* The other filters could hide them: only the state counts now. */
        self->restoring = TRUE;
        gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
        gtk_drop_down_set_selected (self->state_dropdown, i + 1);
        self->restoring = FALSE;
        g_clear_pointer (&self->from_date, g_free);
        g_clear_pointer (&self->to_date, g_free);
        gtk_menu_button_set_label (self->from_button, _("From"));
        gtk_menu_button_set_label (self->to_button, _("To"));
        _mc_dossiers_view_apply_filters (self);
        adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
        return;
      }
}

GMenu *
mc_dossiers_view_get_primary_menu (McDossiersView *self)
{
  g_return_val_if_fail (MC_IS_DOSSIERS_VIEW (self), NULL);
  return self->primary_menu;
}

GtkMenuButton *
mc_dossiers_view_get_menu_button (McDossiersView *self)
{
  g_return_val_if_fail (MC_IS_DOSSIERS_VIEW (self), NULL);
  return self->menu_button;
}
