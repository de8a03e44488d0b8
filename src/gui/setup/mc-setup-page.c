/* mc-setup-page.c — first run: the unit's name and code, the receiving
 * clerk (optional: set later in Preferences), this PC's station */
#define G_LOG_DOMAIN "motcua-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-setup-page.h"

struct _McSetupPage
{
  AdwBin          parent_instance;

  AdwEntryRow    *agency_name_row;
  AdwEntryRow    *agency_code_row;
  AdwEntryRow    *clerk_row;
  AdwActionRow   *station_row;
  GtkSpinButton  *station_spin;
  GtkLabel       *setup_error_label;

  McContext      *context;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (McSetupPage, mc_setup_page, ADW_TYPE_BIN)

/* What is wrong with the form, or NULL. Pure: no widget is touched. */
static gboolean
has_four_groups (const char *code)
{
  g_auto(GStrv) groups = g_strsplit (code, ".", -1);

  return g_strv_length (groups) == 4;
}

static char *
check_fields (const char *name,
              const char *code,
              const char *clerk,
              guint       station)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (name));

  if (*trimmed == '\0')
    return g_strdup (_("Unit name: it is required (e.g. UBND xã Tân Lập)"));
  if (!mc_codes_validate_agency (code, &error) || !mc_codes_validate_station (station, &error))
    return g_strdup (error->message);
  /* A commune's code (QCVN 102:2016) has four groups; "000.00.12" is one
   * cut short, and every code issued with it would carry the mistake. */
  if (!has_four_groups (code))
    return g_strdup_printf (_("Agency code: “%s” looks incomplete; a commune’s code has four groups, "
                              "e.g. 000.00.12.H29"), code);
  /* The clerk may be set later (Preferences); a name given must be one. */
  if (*clerk != '\0')
    {
      g_autofree char *normalized = mc_clerk_name_normalize (clerk, &error);

      if (normalized == NULL)
        return g_strdup (error->message);
    }
  return NULL;
}

static void
update_state (McSetupPage *self,
              gboolean     show_errors)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->agency_name_row));
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->agency_code_row));
  const char *clerk = gtk_editable_get_text (GTK_EDITABLE (self->clerk_row));
  guint station = gtk_spin_button_get_value_as_int (self->station_spin);
  g_autofree char *problem = check_fields (name, code, clerk, station);
  guint first, last;
  g_autofree char *subtitle = NULL;

  mc_codes_station_range (station, &first, &last);
  /* Translators: the range of dossier codes this PC issues each day. */
  subtitle = g_strdup_printf (_("Each PC of the unit needs its own number. This one will issue codes …-%04u to …-%04u each day."),
                              first, last);
  adw_action_row_set_subtitle (self->station_row, subtitle);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.apply", problem == NULL && !self->busy && self->context != NULL);
  /* Say what is wrong once something was typed, not on an empty form. */
  if (problem != NULL && (show_errors || (*name != '\0' && *code != '\0')))
    {
      gtk_label_set_label (self->setup_error_label, problem);
      gtk_widget_set_visible (GTK_WIDGET (self->setup_error_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->setup_error_label), FALSE);
}

static void
on_field_changed_cb (McSetupPage *self)
{
  update_state (self, FALSE);
}

static void
set_station_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(McSetupPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  update_state (self, FALSE);
  /* After update_state (), which would hide it: the fields are valid. */
  if (!mc_context_set_station_finish (MC_CONTEXT (source), result, &error))
    {
      gtk_label_set_label (self->setup_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->setup_error_label), TRUE);
    }
}

static void
set_station (McSetupPage *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->agency_name_row))));
  g_autofree char *code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->agency_code_row))));

  mc_context_set_station_async (self->context, code, name, gtk_spin_button_get_value_as_int (self->station_spin),
                                NULL, set_station_cb, g_object_ref (self));
}

static void
set_clerk_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(McSetupPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mc_context_set_clerk_finish (MC_CONTEXT (source), result, &error))
    {
      self->busy = FALSE;
      gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
      update_state (self, FALSE);
      gtk_label_set_label (self->setup_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->setup_error_label), TRUE);
      return;
    }
  set_station (self);
}

static void
apply_action (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  McSetupPage *self = MC_SETUP_PAGE (widget);
  const char *clerk = gtk_editable_get_text (GTK_EDITABLE (self->clerk_row));

  if (self->context == NULL || self->busy)
    return;
  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  /* The clerk first: a name refused leaves the desk as it was. */
  if (*clerk != '\0')
    mc_context_set_default_clerk_async (self->context, clerk, NULL, set_clerk_cb, g_object_ref (self));
  else
    set_station (self);
}

static void
on_entry_activated_cb (McSetupPage *self)
{
  /* Enter moves on to the next field, and applies from the last one. */
  GtkWidget *spin_text = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->station_spin)));

  if (gtk_widget_has_focus (spin_text))
    {
      update_state (self, TRUE);
      gtk_widget_activate_action (GTK_WIDGET (self), "setup.apply", NULL);
    }
  else
    gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

static void
mc_setup_page_dispose (GObject *object)
{
  McSetupPage *self = MC_SETUP_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_SETUP_PAGE);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (mc_setup_page_parent_class)->dispose (object);
}

static void
mc_setup_page_class_init (McSetupPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mc_setup_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, agency_name_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, agency_code_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, clerk_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, station_row);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, station_spin);
  gtk_widget_class_bind_template_child (widget_class, McSetupPage, setup_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "setup.apply", NULL, apply_action);
}

static void
mc_setup_page_init (McSetupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* GtkSpinButton has no "activate" before GTK 4.14: listen on its text. */
  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (self->station_spin)), "activate",
                           G_CALLBACK (on_entry_activated_cb), self, G_CONNECT_SWAPPED);
  update_state (self, FALSE);
}

GtkWidget *
mc_setup_page_new (void)
{
  return g_object_new (MC_TYPE_SETUP_PAGE, NULL);
}

void
mc_setup_page_set_context (McSetupPage *self,
                           McContext   *context)
{
  g_return_if_fail (MC_IS_SETUP_PAGE (self));

  g_set_object (&self->context, context);
  /* A clerk set from the command line before the first start. */
  if (context != NULL && mc_context_get_default_clerk (context) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->clerk_row), mc_context_get_default_clerk (context));
  update_state (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->agency_name_row));
}
