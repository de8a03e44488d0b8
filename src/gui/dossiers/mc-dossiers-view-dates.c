/* mc-dossiers-view-dates.c — the dossier list's received-date filters
 *
 * Each is a button with a popover: a date typed as dd/mm/yyyy (Enter sets
 * it and closes) or picked in the calendar; a day after today is refused,
 * as no dossier is received in the future.
 */
#define G_LOG_DOMAIN "motcua-dossiers"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-dossiers-view-private.h"
#include "mc-intake-form.h"

static void
show_date_problem (GtkEntry   *entry,
                   const char *message)
{
  if (message == NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      gtk_entry_set_icon_from_icon_name (entry, GTK_ENTRY_ICON_SECONDARY, NULL);
      return;
    }
  gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  gtk_entry_set_icon_from_icon_name (entry, GTK_ENTRY_ICON_SECONDARY, "dialog-warning-symbolic");
  gtk_entry_set_icon_tooltip_text (entry, GTK_ENTRY_ICON_SECONDARY, message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

/* Dossiers are received today at the latest: a later day filters nothing. */
static gboolean
is_future (GDateTime *date)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autofree char *day = g_date_time_format (date, "%Y-%m-%d");
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  return g_strcmp0 (day, today) > 0;
}

static void
set_date (McDossiersView *self,
          char          **field,
          GtkCalendar    *calendar,
          GtkMenuButton  *button,
          gboolean        clear)
{
  g_autofree char *shown = NULL;
  g_autofree char *value = NULL;
  gboolean changed;

  if (!clear)
    {
      g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);

      if (is_future (date))
        return;
      value = g_date_time_format (date, "%Y-%m-%d");
      shown = g_date_time_format (date, "%d/%m/%Y");
    }
  changed = g_strcmp0 (*field, value) != 0;
  g_free (*field);
  *field = g_steal_pointer (&value);

  if (button == self->from_button)
    {
      /* TRANSLATORS: the date filter's button once a date is chosen, e.g. "From 01/11/2026" */
      g_autofree char *label = shown != NULL ? g_strdup_printf (_("From %s"), shown) : g_strdup (_("From"));
      gtk_menu_button_set_label (button, label);
    }
  else
    {
      /* TRANSLATORS: the date filter's button once a date is chosen, e.g. "To 30/11/2026" */
      g_autofree char *label = shown != NULL ? g_strdup_printf (_("To %s"), shown) : g_strdup (_("To"));
      gtk_menu_button_set_label (button, label);
    }
  if (clear)
    gtk_menu_button_popdown (button);
  if (changed && self->context != NULL)
    _mc_dossiers_view_apply_filters (self);
}

/* Choosing the day already selected (today, at first) emits no
 * "day-selected": a click on a day, or Enter, also sets it, and closes. */
static void
choose_day (McDossiersView *self,
            GtkCalendar    *calendar)
{
  GtkEntry *entry = calendar == self->from_calendar ? self->from_entry : self->to_entry;
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);

  if (is_future (date))
    {
      show_date_problem (entry, _("No dossier is received after today: choose today or an earlier day"));
      return;
    }
  show_date_problem (entry, NULL);
  if (calendar == self->from_calendar)
    {
      set_date (self, &self->from_date, calendar, self->from_button, FALSE);
      gtk_menu_button_popdown (self->from_button);
    }
  else
    {
      set_date (self, &self->to_date, calendar, self->to_button, FALSE);
      gtk_menu_button_popdown (self->to_button);
    }
}

static void
on_calendar_released_cb (GtkGestureClick *gesture,
                         int              n_press,
                         double           x,
                         double           y,
                         McDossiersView  *self)
{
  GtkWidget *calendar = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *target = gtk_widget_pick (calendar, x, y, GTK_PICK_DEFAULT);

  /* Not the month and year arrows. */
  if (target != NULL && gtk_widget_has_css_class (target, "day-number"))
    choose_day (self, GTK_CALENDAR (calendar));
}

static gboolean
on_calendar_key_pressed_cb (GtkEventControllerKey *controller,
                            guint                  keyval,
                            guint                  keycode,
                            GdkModifierType        state,
                            McDossiersView        *self)
{
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
    return GDK_EVENT_PROPAGATE;
  choose_day (self, GTK_CALENDAR (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))));
  return GDK_EVENT_STOP;
}

static void
setup_calendar (McDossiersView *self,
                GtkCalendar    *calendar)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "released", G_CALLBACK (on_calendar_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (calendar), GTK_EVENT_CONTROLLER (click));
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_calendar_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (calendar), keys);
}

/* A date typed as dd/mm/yyyy; Enter sets it and closes. */
static void
on_date_entry_activate_cb (GtkEntry       *entry,
                           McDossiersView *self)
{
  GtkCalendar *calendar = entry == self->from_entry ? self->from_calendar : self->to_calendar;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *iso = mc_intake_form_parse_date (text);
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) date = NULL;
  GDate parsed;

  if (iso == NULL || !mc_validate_date (NULL, iso, &parsed, NULL))
    {
      show_date_problem (entry, _("Write the date as dd/mm/yyyy, e.g. 02/11/2026"));
      return;
    }
  date = g_date_time_new (tz, g_date_get_year (&parsed), g_date_get_month (&parsed), g_date_get_day (&parsed),
                          12, 0, 0);
  gtk_calendar_select_day (calendar, date);
  choose_day (self, calendar);
}

static void
on_from_day_selected_cb (McDossiersView *self)
{
  set_date (self, &self->from_date, self->from_calendar, self->from_button, FALSE);
}

static void
on_to_day_selected_cb (McDossiersView *self)
{
  set_date (self, &self->to_date, self->to_calendar, self->to_button, FALSE);
}

static void
on_from_clear_cb (McDossiersView *self)
{
  set_date (self, &self->from_date, self->from_calendar, self->from_button, TRUE);
}

static void
on_to_clear_cb (McDossiersView *self)
{
  set_date (self, &self->to_date, self->to_calendar, self->to_button, TRUE);
}

void
_mc_dossiers_view_class_init_dates (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_from_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_to_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_from_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_to_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_date_entry_activate_cb);
}

void
_mc_dossiers_view_init_dates (McDossiersView *self)
{
  setup_calendar (self, self->from_calendar);
  setup_calendar (self, self->to_calendar);
}
