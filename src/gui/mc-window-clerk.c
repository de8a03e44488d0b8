/* mc-window-clerk.c — who is receiving, in the main window (mc-window-clerk.h) */
#define G_LOG_DOMAIN "motcua-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-window-clerk.h"

/* The menu offers this many names; more would push the rest of it away. */
#define MENU_NAMES_MAX 4

typedef struct
{
  McDossiersView *view;       /* unowned: a child of the window */
  GMenu          *section;    /* the clerk's section, once inserted */
} ClerkUi;

static void
clerk_ui_free (ClerkUi *ui)
{
  g_clear_object (&ui->section);
  g_free (ui);
}

static ClerkUi *
get_ui (McWindow *self)
{
  return g_object_get_data (G_OBJECT (self), "mc-window-clerk");
}

static char *
clerk_label (const char *clerk)
{
  /* Translators: in the main menu and the window's title: who is receiving dossiers at this desk now. */
  return clerk != NULL ? g_strdup_printf (_("Receiving clerk: %s"), clerk)
                       : g_strdup (_("Receiving clerk: not set"));
}

static GMenu *
build_section (McContext *context)
{
  GMenu *section = g_menu_new ();
  const char * const *recent = mc_context_get_recent_clerks (context);

  for (guint i = 0; recent[i] != NULL && i < MENU_NAMES_MAX; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (recent[i], NULL);

      g_menu_item_set_action_and_target_value (item, "win.clerk", g_variant_new_string (recent[i]));
      g_menu_append_item (section, item);
    }
  g_menu_append (section, _("_Change Receiving Clerk…"), "win.switch-clerk");
  return section;
}

static void
update (McWindow *self)
{
  ClerkUi *ui = get_ui (self);
  McContext *context = mc_window_get_context (self);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "clerk");
  const char *clerk;
  g_autofree char *label = NULL;
  g_autofree char *title = NULL;
  g_autofree char *tooltip = NULL;
  GMenu *menu;

  if (context == NULL || ui == NULL || ui->view == NULL)
    return;
  clerk = mc_context_get_clerk (context);
  label = clerk_label (clerk);
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (clerk != NULL ? clerk : ""));

  menu = mc_dossiers_view_get_primary_menu (ui->view);
  if (ui->section != NULL)
    g_menu_remove (menu, 0);
  g_clear_object (&ui->section);
  ui->section = build_section (context);
  g_menu_insert_section (menu, 0, label, G_MENU_MODEL (ui->section));

  /* Quiet but in sight: the taskbar's title and the menu button's tooltip. */
  title = clerk != NULL ? g_strdup_printf ("%s — %s", _("MotCua Desk"), clerk) : g_strdup (_("MotCua Desk"));
  gtk_window_set_title (GTK_WINDOW (self), title);
  tooltip = g_strdup_printf ("%s\n%s", _("Main Menu"), label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (mc_dossiers_view_get_menu_button (ui->view)), tooltip);
}

static void
switched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(McWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const char *clerk;

  if (!mc_context_set_clerk_finish (MC_CONTEXT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED))
        mc_window_toast (self, error->message);
      return;
    }
  clerk = mc_context_get_clerk (MC_CONTEXT (source));
  if (clerk == NULL)
    return;
  /* Translators: after a quick switch of the receiving clerk. */
  message = g_strdup_printf (_("%s is receiving until the desk is closed"), clerk);
  mc_window_toast (self, message);
}

static void
switch_to (McWindow   *self,
           const char *name)
{
  McContext *context = mc_window_get_context (self);

  if (context != NULL)
    mc_context_switch_clerk_async (context, name, NULL, switched_cb, g_object_ref (self));
}

static void
clerk_change_state_cb (GSimpleAction *action,
                       GVariant      *value,
                       gpointer       user_data)
{
  switch_to (MC_WINDOW (user_data), g_variant_get_string (value, NULL));
}

/* The dialog: a name, checked as it is typed. */

static void
on_name_changed_cb (GtkEditable      *entry,
                    AdwMessageDialog *dialog)
{
  GtkLabel *error_label = g_object_get_data (G_OBJECT (dialog), "mc-error");
  g_autoptr(GError) error = NULL;
  g_autofree char *name = mc_clerk_name_normalize (gtk_editable_get_text (entry), &error);
  gboolean typed = *gtk_editable_get_text (entry) != '\0';

  adw_message_dialog_set_response_enabled (dialog, "switch", name != NULL);
  gtk_label_set_label (error_label, error != NULL && typed ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (error_label), error != NULL && typed);
}

static void
on_name_activate_cb (GtkEntry         *entry,
                     AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "switch"))
    {
      adw_message_dialog_response (dialog, "switch");
      gtk_window_close (GTK_WINDOW (dialog));
    }
}

static void
on_switch_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       McWindow         *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "mc-entry");

  if (g_strcmp0 (response, "switch") == 0)
    switch_to (self, gtk_editable_get_text (entry));
}

static void
switch_clerk_cb (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  McWindow *self = user_data;
  McContext *context = mc_window_get_context (self);
  const char *fallback = context != NULL ? mc_context_get_default_clerk (context) : NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog, *box, *entry, *error_label;

  if (context == NULL)
    return;
  /* Translators: %s is the default clerk set in Preferences. */
  body = fallback != NULL
         ? g_strdup_printf (_("The name is recorded in the history of every dossier and printed on the forms until "
                              "the desk is closed; then %s, set in Preferences, receives again."), fallback)
         : g_strdup (_("The name is recorded in the history of every dossier and printed on the forms until "
                       "the desk is closed. Set the usual clerk in Preferences."));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Change Receiving Clerk"), body);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Full name, e.g. Nguyễn Thị Lan"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Receiving clerk's full name"), -1);
  error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error_label), 0);
  gtk_widget_add_css_class (error_label, "field-error");
  gtk_widget_set_visible (error_label, FALSE);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error_label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "switch", _("_Change"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "switch", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "switch", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "mc-entry", entry);
  g_object_set_data (G_OBJECT (dialog), "mc-error", error_label);
  g_signal_connect (entry, "changed", G_CALLBACK (on_name_changed_cb), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (on_name_activate_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_switch_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

void
mc_window_clerk_init (McWindow *self)
{
  static const GActionEntry entries[] = {
    { "clerk", NULL, "s", "''", clerk_change_state_cb },
    { "switch-clerk", switch_clerk_cb },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  g_object_set_data_full (G_OBJECT (self), "mc-window-clerk", g_new0 (ClerkUi, 1), (GDestroyNotify) clerk_ui_free);
}

void
mc_window_clerk_set_context (McWindow       *self,
                             McContext      *context,
                             McDossiersView *view)
{
  ClerkUi *ui = get_ui (self);

  ui->view = view;
  g_signal_connect_object (context, "clerk-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}
