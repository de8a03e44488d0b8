/* mc-procedure-chooser.c — picking the procedure by typing part of its name */
#define G_LOG_DOMAIN "motcua-intake"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-procedure-chooser.h"

struct _McProcedureChooser
{
  AdwBin          parent_instance;

  GtkSearchEntry *procedure_entry;
  GtkWidget      *list_scroller;
  GtkListBox     *procedure_list;
  GtkLabel       *no_match_label;
  GtkWidget      *picked_list;
  AdwActionRow   *picked_row;

  McCatalog      *catalog;
  McProcedure    *procedure;
  GListStore     *matches;       /* McProcedure */
  char           *filtered;      /* the query the matches are for */
  gboolean        setting_text;  /* the entry is being set, not typed into */
};

G_DEFINE_FINAL_TYPE (McProcedureChooser, mc_procedure_chooser, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_PROCEDURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define MAX_VISIBLE_MATCHES_HEIGHT 240

char *
mc_procedure_format_processing_time (McProcedure *procedure)
{
  guint days;

  g_return_val_if_fail (MC_IS_PROCEDURE (procedure), NULL);

  days = mc_procedure_get_processing_days (procedure);
  if (days == 0 && mc_procedure_get_cutoff (procedure) != NULL)
    return g_strdup_printf (/* Translators: "%s" is a time of day, e.g. 15:00. */
                            _("Same day if received before %s"), mc_procedure_get_cutoff (procedure));
  if (days == 0)
    return g_strdup (_("Same day"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u working day", "%u working days", days), days);
}

/* "Hộ tịch · Same day if received before 15:00" */
static char *
format_details (McProcedure *procedure)
{
  g_autofree char *time = mc_procedure_format_processing_time (procedure);
  const char *field = mc_procedure_get_field (procedure);

  if (field == NULL || *field == '\0')
    return g_steal_pointer (&time);
  return g_strdup_printf ("%s · %s", field, time);
}

static GtkWidget *
create_match_row (gpointer item,
                  gpointer user_data)
{
  McProcedure *procedure = item;
  g_autofree char *details = format_details (procedure);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mc_procedure_get_name (procedure));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), details);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  /* The focus stays in the entry; Down/Up move the selection. */
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

static void
set_entry_text (McProcedureChooser *self,
                const char         *text)
{
  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->procedure_entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->procedure_entry), -1);
  self->setting_text = FALSE;
}

static void
show_matches (McProcedureChooser *self,
              gboolean            show)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->matches)) == 0;

  gtk_widget_set_visible (self->list_scroller, show && !empty);
  gtk_widget_set_visible (GTK_WIDGET (self->no_match_label), show && empty);
}

static gboolean
matches_visible (McProcedureChooser *self)
{
  return gtk_widget_get_visible (self->list_scroller);
}

/* Keeps @row in view in the scrolled list: the focus stays in the entry,
 * so GTK does not scroll to it by itself (and 4.8 has no scroll_to). */
static void
scroll_to_row (McProcedureChooser *self,
               GtkListBoxRow      *row)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->list_scroller));
  graphene_rect_t bounds;
  double value, page;

  if (!gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self->procedure_list), &bounds))
    return;
  value = gtk_adjustment_get_value (adj);
  page = gtk_adjustment_get_page_size (adj);
  if (bounds.origin.y < value)
    gtk_adjustment_set_value (adj, bounds.origin.y);
  else if (bounds.origin.y + bounds.size.height > value + page)
    gtk_adjustment_set_value (adj, bounds.origin.y + bounds.size.height - page);
}

static void
select_row (McProcedureChooser *self,
            int                 index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->procedure_list, index);

  if (row == NULL)
    return;
  gtk_list_box_select_row (self->procedure_list, row);
  scroll_to_row (self, row);
}

static void
refilter (McProcedureChooser *self,
          const char         *query)
{
  g_autoptr(GPtrArray) found = NULL;

  if (self->catalog == NULL)
    return;
  g_free (self->filtered);
  self->filtered = g_strdup (query);
  found = mc_catalog_search (self->catalog, query);
  g_list_store_splice (self->matches, 0, g_list_model_get_n_items (G_LIST_MODEL (self->matches)),
                       found->pdata, found->len);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->list_scroller)), 0);
  if (found->len > 0)
    gtk_list_box_select_row (self->procedure_list, gtk_list_box_get_row_at_index (self->procedure_list, 0));
}

static void
update_picked (McProcedureChooser *self)
{
  g_autofree char *details = NULL;

  gtk_widget_set_visible (self->picked_list, self->procedure != NULL);
  if (self->procedure == NULL)
    return;
  details = format_details (self->procedure);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->picked_row), mc_procedure_get_name (self->procedure));
  adw_action_row_set_subtitle (self->picked_row, details);
}

static void
pick (McProcedureChooser *self,
      McProcedure        *procedure,
      gboolean            move_on)
{
  GtkRoot *root;

  mc_procedure_chooser_set_procedure (self, procedure);
  show_matches (self, FALSE);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  /* Picked with Enter: the clerk goes on to the applicant. */
  if (move_on && root != NULL)
    gtk_widget_child_focus (GTK_WIDGET (root), GTK_DIR_TAB_FORWARD);
}

static void
on_search_changed_cb (McProcedureChooser *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->procedure_entry));

  /* Already done by catch_up (). */
  if (matches_visible (self) && g_strcmp0 (text, self->filtered) == 0)
    return;

  /* search-changed comes after a delay, also for text set by pick (). */
  if (self->setting_text ||
      (self->procedure != NULL && g_strcmp0 (text, mc_procedure_get_name (self->procedure)) == 0))
    {
      show_matches (self, FALSE);
      return;
    }
  if (*text == '\0')
    {
      show_matches (self, FALSE);
      return;
    }
  refilter (self, text);
  show_matches (self, TRUE);
}

/* Enter or Down typed within the search delay acts on what is typed. */
static void
catch_up (McProcedureChooser *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->procedure_entry));

  if (g_strcmp0 (text, self->filtered) != 0)
    on_search_changed_cb (self);
}

static void
on_entry_activate_cb (McProcedureChooser *self)
{
  GtkListBoxRow *row;

  catch_up (self);
  row = gtk_list_box_get_selected_row (self->procedure_list);

  if (matches_visible (self) && row != NULL)
    {
      g_autoptr(McProcedure) procedure =
        g_list_model_get_item (G_LIST_MODEL (self->matches), (guint) gtk_list_box_row_get_index (row));

      pick (self, procedure, TRUE);
    }
  else if (self->procedure != NULL && !gtk_widget_get_visible (GTK_WIDGET (self->no_match_label)))
    pick (self, self->procedure, TRUE);
}

static void
on_stop_search_cb (McProcedureChooser *self)
{
  if (matches_visible (self) || gtk_widget_get_visible (GTK_WIDGET (self->no_match_label)))
    {
      show_matches (self, FALSE);
      set_entry_text (self, self->procedure != NULL ? mc_procedure_get_name (self->procedure) : "");
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "intake.cancel", NULL);
}

static void
on_row_activated_cb (McProcedureChooser *self,
                     GtkListBoxRow      *row)
{
  g_autoptr(McProcedure) procedure =
    g_list_model_get_item (G_LIST_MODEL (self->matches), (guint) gtk_list_box_row_get_index (row));

  pick (self, procedure, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->procedure_entry));
}

static void
move_selection (McProcedureChooser *self,
                int                 delta)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->procedure_list);
  int n = (int) g_list_model_get_n_items (G_LIST_MODEL (self->matches));
  int index = row != NULL ? gtk_list_box_row_get_index (row) + delta : 0;

  if (n == 0)
    return;
  select_row (self, CLAMP (index, 0, n - 1));
}

static gboolean
on_key_pressed_cb (McProcedureChooser    *self,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   GtkEventControllerKey *controller)
{
  int delta;

  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    delta = 1;
  else if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    delta = -1;
  else if (keyval == GDK_KEY_Page_Down || keyval == GDK_KEY_KP_Page_Down)
    delta = 5;
  else if (keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_KP_Page_Up)
    delta = -5;
  else
    return FALSE;

  catch_up (self);
  if (!matches_visible (self))
    {
      /* Down in the closed list opens it: browsing the whole catalog. */
      if (delta < 0)
        return FALSE;
      refilter (self, gtk_editable_get_text (GTK_EDITABLE (self->procedure_entry)));
      if (g_list_model_get_n_items (G_LIST_MODEL (self->matches)) == 0)
        refilter (self, "");
      show_matches (self, TRUE);
      return TRUE;
    }
  move_selection (self, delta);
  return TRUE;
}

static void
on_focus_leave_cb (McProcedureChooser *self)
{
  /* Whatever was typed, the entry goes back to showing what is picked. */
  show_matches (self, FALSE);
  if (self->procedure != NULL)
    set_entry_text (self, mc_procedure_get_name (self->procedure));
}

static gboolean
mc_procedure_chooser_grab_focus (GtkWidget *widget)
{
  McProcedureChooser *self = MC_PROCEDURE_CHOOSER (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->procedure_entry));
}

static void
mc_procedure_chooser_dispose (GObject *object)
{
  McProcedureChooser *self = MC_PROCEDURE_CHOOSER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_PROCEDURE_CHOOSER);
  g_clear_object (&self->catalog);
  g_clear_object (&self->procedure);
  g_clear_object (&self->matches);
  g_clear_pointer (&self->filtered, g_free);

  G_OBJECT_CLASS (mc_procedure_chooser_parent_class)->dispose (object);
}

static void
mc_procedure_chooser_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  McProcedureChooser *self = MC_PROCEDURE_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_PROCEDURE:
      g_value_set_object (value, self->procedure);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_procedure_chooser_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  McProcedureChooser *self = MC_PROCEDURE_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      mc_procedure_chooser_set_catalog (self, g_value_get_object (value));
      break;
    case PROP_PROCEDURE:
      mc_procedure_chooser_set_procedure (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_procedure_chooser_class_init (McProcedureChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_procedure_chooser_dispose;
  object_class->get_property = mc_procedure_chooser_get_property;
  object_class->set_property = mc_procedure_chooser_set_property;
  widget_class->grab_focus = mc_procedure_chooser_grab_focus;

  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, MC_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROCEDURE] =
    g_param_spec_object ("procedure", NULL, NULL, MC_TYPE_PROCEDURE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-procedure-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, McProcedureChooser, procedure_entry);
  gtk_widget_class_bind_template_child (widget_class, McProcedureChooser, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, McProcedureChooser, procedure_list);
  gtk_widget_class_bind_template_child (widget_class, McProcedureChooser, no_match_label);
  gtk_widget_class_bind_template_child (widget_class, McProcedureChooser, picked_list);
  gtk_widget_class_bind_template_child (widget_class, McProcedureChooser, picked_row);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_focus_leave_cb);
}

static void
mc_procedure_chooser_init (McProcedureChooser *self)
{
  GtkEditable *text;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->matches = g_list_store_new (MC_TYPE_PROCEDURE);
  gtk_list_box_bind_model (self->procedure_list, G_LIST_MODEL (self->matches), create_match_row, self, NULL);

  /* GtkSearchEntry has no placeholder property before GTK 4.10. */
  text = gtk_editable_get_delegate (GTK_EDITABLE (self->procedure_entry));
  if (GTK_IS_TEXT (text))
    gtk_text_set_placeholder_text (GTK_TEXT (text), _("Type part of the name, e.g. khai sinh"));
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (self->list_scroller),
                                              MAX_VISIBLE_MATCHES_HEIGHT);
}

GtkWidget *
mc_procedure_chooser_new (void)
{
  return g_object_new (MC_TYPE_PROCEDURE_CHOOSER, NULL);
}

McCatalog *
mc_procedure_chooser_get_catalog (McProcedureChooser *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE_CHOOSER (self), NULL);
  return self->catalog;
}

void
mc_procedure_chooser_set_catalog (McProcedureChooser *self,
                                  McCatalog          *catalog)
{
  g_return_if_fail (MC_IS_PROCEDURE_CHOOSER (self));
  g_return_if_fail (catalog == NULL || MC_IS_CATALOG (catalog));

  if (!g_set_object (&self->catalog, catalog))
    return;
  g_list_store_remove_all (self->matches);
  show_matches (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATALOG]);
}

McProcedure *
mc_procedure_chooser_get_procedure (McProcedureChooser *self)
{
  g_return_val_if_fail (MC_IS_PROCEDURE_CHOOSER (self), NULL);
  return self->procedure;
}

void
mc_procedure_chooser_set_procedure (McProcedureChooser *self,
                                    McProcedure        *procedure)
{
  g_return_if_fail (MC_IS_PROCEDURE_CHOOSER (self));
  g_return_if_fail (procedure == NULL || MC_IS_PROCEDURE (procedure));

  set_entry_text (self, procedure != NULL ? mc_procedure_get_name (procedure) : "");
  show_matches (self, FALSE);
  if (!g_set_object (&self->procedure, procedure))
    return;
  update_picked (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROCEDURE]);
}
