/* mc-sync-indicator.c — the header bar's upload status and its popover */
#define G_LOG_DOMAIN "motcua-sync-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-sync-indicator.h"
#include "mc-sync-text.h"

struct _McSyncIndicator
{
  AdwBin          parent_instance;

  GtkMenuButton  *menu_button;
  GtkImage       *icon;
  GtkLabel       *sync_label;
  GtkLabel       *title_label;
  GtkLabel       *details_label;
  GtkLabel       *clock_label;
  GtkWidget      *attention_button;

  McContext      *context;
  McSyncAgent    *agent;
  guint           tick_source;   /* while the popover is open: "next attempt in …" counts down */
};

G_DEFINE_FINAL_TYPE (McSyncIndicator, mc_sync_indicator, ADW_TYPE_BIN)

static void
set_warning (GtkWidget *widget,
             gboolean   warning)
{
  if (warning)
    gtk_widget_add_css_class (widget, "warning");
  else
    gtk_widget_remove_css_class (widget, "warning");
}

static void
update (McSyncIndicator *self)
{
  g_autoptr(McSyncStatus) status = NULL;
  g_auto(McSyncSummary) summary = { 0 };
  McSyncStatus not_yet = { .phase = MC_SYNC_PHASE_NOT_ENROLLED };
  g_autofree char *tooltip = NULL;

  if (self->agent != NULL)
    status = mc_sync_agent_get_status (self->agent);
  mc_sync_summarize (status != NULL ? status : &not_yet, g_get_real_time () / G_USEC_PER_SEC, &summary);

  gtk_label_set_label (self->sync_label, summary.text);
  gtk_image_set_from_icon_name (self->icon, summary.icon_name);
  set_warning (GTK_WIDGET (self->sync_label), summary.warning);
  set_warning (GTK_WIDGET (self->icon), summary.warning);
  gtk_label_set_label (self->title_label, summary.text);
  gtk_label_set_label (self->details_label, summary.details != NULL ? summary.details : "");
  gtk_widget_set_visible (GTK_WIDGET (self->details_label), summary.details != NULL);
  gtk_label_set_label (self->clock_label, summary.clock_warning != NULL ? summary.clock_warning : "");
  gtk_widget_set_visible (GTK_WIDGET (self->clock_label), summary.clock_warning != NULL);
  gtk_widget_set_visible (self->attention_button, status != NULL && status->attention > 0);

  /* The label may be ellipsized in a narrow pane: the tooltip has it all. */
  tooltip = g_strjoin ("\n", summary.text,
                       summary.details != NULL ? summary.details : summary.clock_warning,
                       summary.details != NULL ? summary.clock_warning : NULL, NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->menu_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, summary.text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary.details != NULL ? summary.details : "",
                                  -1);
}

static gboolean
tick_cb (gpointer user_data)
{
  update (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_popover_show_cb (McSyncIndicator *self)
{
  update (self);
  if (self->tick_source == 0)
    self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
}

static void
on_popover_hide_cb (McSyncIndicator *self)
{
  g_clear_handle_id (&self->tick_source, g_source_remove);
}

static void
set_agent (McSyncIndicator *self,
           McSyncAgent     *agent)
{
  if (self->agent == agent)
    return;
  if (self->agent != NULL)
    g_signal_handlers_disconnect_by_func (self->agent, update, self);
  g_set_object (&self->agent, agent);
  if (agent != NULL)
    g_signal_connect_object (agent, "status-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
mc_sync_indicator_dispose (GObject *object)
{
  McSyncIndicator *self = MC_SYNC_INDICATOR (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  set_agent (self, NULL);
  g_clear_object (&self->context);
  /* The bin's child is a template child: let the bin drop it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_SYNC_INDICATOR);
  G_OBJECT_CLASS (mc_sync_indicator_parent_class)->dispose (object);
}

static void
mc_sync_indicator_class_init (McSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_sync_indicator_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, McSyncIndicator, menu_button);
  gtk_widget_class_bind_template_child (widget_class, McSyncIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, McSyncIndicator, sync_label);
  gtk_widget_class_bind_template_child (widget_class, McSyncIndicator, title_label);
  gtk_widget_class_bind_template_child (widget_class, McSyncIndicator, details_label);
  gtk_widget_class_bind_template_child (widget_class, McSyncIndicator, clock_label);
  gtk_widget_class_bind_template_child (widget_class, McSyncIndicator, attention_button);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_hide_cb);
}

static void
mc_sync_indicator_init (McSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

GtkWidget *
mc_sync_indicator_new (void)
{
  return g_object_new (MC_TYPE_SYNC_INDICATOR, NULL);
}

void
mc_sync_indicator_set_context (McSyncIndicator *self,
                               McContext       *context)
{
  g_return_if_fail (MC_IS_SYNC_INDICATOR (self));
  g_return_if_fail (context == NULL || MC_IS_CONTEXT (context));

  g_set_object (&self->context, context);
  set_agent (self, context != NULL ? mc_context_get_sync_agent (context) : NULL);
}

const char *
mc_sync_indicator_get_text (McSyncIndicator *self)
{
  g_return_val_if_fail (MC_IS_SYNC_INDICATOR (self), NULL);
  return gtk_label_get_label (self->sync_label);
}
