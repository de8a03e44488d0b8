/* mc-holidays-page.c — Preferences → Holidays
 *
 * The year's days off and make-up working days, each with where it comes
 * from (bundled data, the province's server, or an edit of this desk: who,
 * when, on what basis), and the edits recorded here. A clerk adds an
 * official day off or a make-up working day, or removes a day off, with
 * its name and legal basis; the change is confirmed first and recorded in
 * the calendar's history under the receiving clerk's name (none set: no
 * change). Due dates already printed do not move; the desk's calendar is
 * loaded again so that the next dossier counts the change.
 */
#define G_LOG_DOMAIN "motcua-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-holidays-page.h"
#include "mc-holidays-text.h"

struct _McHolidaysPage
{
  AdwPreferencesPage  parent_instance;

  GtkSpinButton      *year_spin;
  AdwPreferencesGroup *days_group;
  AdwPreferencesGroup *edits_group;
  GtkWidget          *clerk_hint_label;

  McContext          *context;
  GCancellable       *cancellable;
  McHolidayYear      *year;        /* as last loaded */
  GPtrArray          *rows;        /* the rows added to the two groups */
  gboolean            loaded;
};

G_DEFINE_FINAL_TYPE (McHolidaysPage, mc_holidays_page, ADW_TYPE_PREFERENCES_PAGE)

static void load (McHolidaysPage *self);

static void
clear_rows (McHolidaysPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP));

      if (group != NULL)
        adw_preferences_group_remove (group, row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static GtkWidget *
add_row (McHolidaysPage      *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  /* Names and bases are typed by people: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
  return row;
}

/* The data's full basis, long and partly in English, folded away under
 * the short line the group's description gives. */
static void
add_source_row (McHolidaysPage      *self,
                const McHolidayYear *y)
{
  g_autofree char *origin = mc_holidays_year_origin (y);
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *label = gtk_label_new (origin);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("Source of the data"));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), label);
  adw_preferences_group_add (self->days_group, expander);
  g_ptr_array_add (self->rows, expander);
}

static void
update_actions (McHolidaysPage *self)
{
  /* Every change records who made it: a receiving clerk is needed. */
  gboolean can_edit = self->context != NULL && mc_context_get_clerk (self->context) != NULL && self->loaded;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "holidays.add-day-off", can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "holidays.add-workday", can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "holidays.remove", can_edit);
  gtk_widget_set_visible (self->clerk_hint_label,
                          self->context != NULL && mc_context_get_clerk (self->context) == NULL);
}

static void
fill (McHolidaysPage *self)
{
  McHolidayYear *y = self->year;
  g_autofree char *summary = mc_holidays_year_summary (y);
  g_autofree char *title = NULL;

  clear_rows (self);
  /* Translators: the title of the list of a year's days off, e.g. "Days of 2026". */
  title = g_strdup_printf (_("Days of %d"), y->year);
  adw_preferences_group_set_title (self->days_group, title);
  adw_preferences_group_set_description (self->days_group, summary);
  if (y->source != NULL)
    add_source_row (self, y);

  for (guint i = 0; i < y->days->len; i++)
    {
      McCalendarDay *day = g_ptr_array_index (y->days, i);
      g_autofree char *date = mc_holidays_format_date (&day->date);
      g_autofree char *row_title = g_strdup_printf ("%s · %s", date, day->name != NULL ? day->name : "");
      g_autofree char *subtitle = mc_holidays_day_subtitle (y, day);
      GtkWidget *row = add_row (self, self->days_group, row_title, subtitle);
      char iso[16];

      if (day->kind == MC_DAY_KIND_MAKEUP_WORKDAY)
        gtk_widget_add_css_class (row, "makeup-workday");
      if (!mc_holidays_day_removable (day))
        continue;
      g_date_strftime (iso, sizeof iso, "%Y-%m-%d", &day->date);
      {
        GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
        g_autofree char *tip = g_strdup_printf (_("Remove the day off of %s…"), date);

        gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (button, "flat");
        gtk_widget_set_tooltip_text (button, tip);
        gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
        gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "holidays.remove");
        gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (iso));
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      }
    }
  if (y->days->len == 0)
    add_row (self, self->days_group, _("No days off listed"), "");

  gtk_widget_set_visible (GTK_WIDGET (self->edits_group), y->edits->len > 0);
  for (guint i = 0; i < y->edits->len; i++)
    {
      McCalendarEdit *e = g_ptr_array_index (y->edits, i);
      g_autofree char *edit_title = mc_holidays_edit_title (e);
      g_autofree char *subtitle = mc_holidays_edit_subtitle (e, g_array_index (y->superseded, gboolean, i));

      add_row (self, self->edits_group, edit_title, subtitle);
    }
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  McHolidaysPage *self;
  g_autoptr(GError) error = NULL;
  McHolidayYear *y = mc_context_load_holiday_year_finish (MC_CONTEXT (source), result, &error);

  if (y == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The holidays could not be read: %s", error->message);
      return;
    }
  self = MC_HOLIDAYS_PAGE (user_data);
  g_clear_pointer (&self->year, mc_holiday_year_free);
  self->year = y;
  self->loaded = TRUE;
  fill (self);
  update_actions (self);
}

static void
load (McHolidaysPage *self)
{
  if (self->context == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loaded = FALSE;
  update_actions (self);
  /* Cancelled when the page goes: the page is not referenced. */
  mc_context_load_holiday_year_async (self->context, gtk_spin_button_get_value_as_int (self->year_spin),
                                      self->cancellable, loaded_cb, self);
}

static void
on_year_changed_cb (McHolidaysPage *self)
{
  load (self);
}

/* ---- adding and removing ------------------------------------------------ */

typedef struct
{
  McHolidaysPage       *page;      /* owned */
  McCalendarEditAction  action;
  GDate                 date;      /* given for a removal */
  gboolean              has_date;
  GtkEditable          *date_entry;
  GtkEditable          *name_entry;
  GtkEditable          *basis_entry;
  GtkLabel             *error_label;
} EditForm;

static void
edit_form_free (EditForm *f)
{
  g_object_unref (f->page);
  g_free (f);
}

static void
toast (McHolidaysPage *self,
       const char     *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

static void
recorded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(McHolidaysPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mc_context_record_calendar_edit_finish (MC_CONTEXT (source), result, &error))
    {
      toast (self, error->message);
      return;
    }
  toast (self, _("Recorded: it counts for dossiers received from now on"));
  load (self);
}

/* The edit as the form says, or NULL with the reason. */
static McCalendarEdit *
read_form (EditForm  *f,
           GError   **error)
{
  GDate date;
  const char *name = gtk_editable_get_text (f->name_entry);
  const char *basis = gtk_editable_get_text (f->basis_entry);

  if (f->has_date)
    date = f->date;
  else if (!mc_holidays_parse_date (gtk_editable_get_text (f->date_entry), &date))
    {
      g_set_error_literal (error, MC_CALENDAR_ERROR, MC_CALENDAR_ERROR_INVALID_DATA,
                           _("Date: type it as dd/mm/yyyy, e.g. 24/11/2026"));
      return NULL;
    }
  return mc_calendar_edit_new (f->action, &date, *name != '\0' ? name : NULL, *basis != '\0' ? basis : NULL,
                               mc_core_get_actor (), NULL, error);
}

static void
on_form_changed_cb (GtkEditable      *editable,
                    AdwMessageDialog *dialog)
{
  EditForm *f = g_object_get_data (G_OBJECT (dialog), "mc-form");
  g_autoptr(GError) error = NULL;
  g_autoptr(McCalendarEdit) edit = read_form (f, &error);
  gboolean typed = f->has_date || *gtk_editable_get_text (f->date_entry) != '\0';

  adw_message_dialog_set_response_enabled (dialog, "record", edit != NULL);
  gtk_label_set_label (f->error_label, error != NULL && typed ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (f->error_label), error != NULL && typed);
}

static void
on_confirm_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        McCalendarEdit   *edit)
{
  McHolidaysPage *self = g_object_get_data (G_OBJECT (dialog), "mc-page");

  if (g_strcmp0 (response, "record") == 0 && self->context != NULL)
    mc_context_record_calendar_edit_async (self->context, edit, NULL, recorded_cb, g_object_ref (self));
}

/* The second step: what will change, and who records it. */
static void
confirm (McHolidaysPage *self,
         McCalendarEdit *edit)
{
  g_autofree char *what = mc_holidays_edit_title (edit);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  /* Translators: the change, then the clerk recording it. */
  body = g_strdup_printf (_("%s\n\nRecorded by %s in the calendar’s history. Dossiers already received keep "
                            "their printed due dates; dossiers received from now on count this change."),
                          what, edit->actor);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Record This Change to the Calendar?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "record", _("_Record"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "mc-page", g_object_ref (self), g_object_unref);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_confirm_response_cb), edit,
                         (GClosureNotify) (void (*) (void)) mc_calendar_edit_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_form_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     EditForm         *f)
{
  g_autoptr(GError) error = NULL;
  McCalendarEdit *edit;

  if (g_strcmp0 (response, "record") != 0)
    return;
  edit = read_form (f, &error);
  if (edit == NULL)
    {
      toast (f->page, error->message);
      return;
    }
  confirm (f->page, edit);
}

static GtkEditable *
add_entry (GtkWidget  *box,
           const char *label,
           const char *placeholder)
{
  GtkWidget *caption = gtk_label_new_with_mnemonic (label);
  GtkWidget *entry = gtk_entry_new ();

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (caption), entry);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), entry);
  return GTK_EDITABLE (entry);
}

static void
open_form (McHolidaysPage       *self,
           McCalendarEditAction  action,
           const GDate          *date)
{
  EditForm *f = g_new0 (EditForm, 1);
  GtkWidget *dialog, *box;
  const char *heading = "";
  const char *body = "";

  f->page = g_object_ref (self);
  f->action = action;
  f->has_date = date != NULL;
  if (date != NULL)
    f->date = *date;
  switch (action)
    {
    case MC_CALENDAR_EDIT_ADD_DAY_OFF:
      heading = _("Add an Official Day Off");
      body = _("A working day the Government declared a day off (a new holiday, a longer Tết, a swap).");
      break;
    case MC_CALENDAR_EDIT_ADD_WORKDAY:
      heading = _("Add a Make-Up Working Day");
      body = _("A Saturday or Sunday worked in exchange for a day off.");
      break;
    case MC_CALENDAR_EDIT_REMOVE_DAY_OFF:
      heading = _("Remove a Day Off");
      body = _("The day becomes a working day again (or a plain weekend day).");
      break;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  if (date == NULL)
    f->date_entry = add_entry (box, _("_Date"), _("dd/mm/yyyy, e.g. 24/11/2026"));
  f->name_entry = add_entry (box, action == MC_CALENDAR_EDIT_REMOVE_DAY_OFF ? _("_Reason (optional)") : _("_Name"),
                             action == MC_CALENDAR_EDIT_REMOVE_DAY_OFF ? _("e.g. swap cancelled")
                                                                       : _("e.g. Ngày Văn hóa Việt Nam"));
  f->basis_entry = add_entry (box, _("Legal _basis"), _("e.g. Thông báo 123/TB-VPCP of 01/11/2026"));
  f->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (f->error_label, TRUE);
  gtk_label_set_xalign (f->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (f->error_label), "field-error");
  gtk_widget_set_visible (GTK_WIDGET (f->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (f->error_label));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "record", _("_Continue"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "record", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "record");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "mc-form", f, (GDestroyNotify) edit_form_free);
  if (f->date_entry != NULL)
    g_signal_connect (f->date_entry, "changed", G_CALLBACK (on_form_changed_cb), dialog);
  g_signal_connect (f->name_entry, "changed", G_CALLBACK (on_form_changed_cb), dialog);
  g_signal_connect (f->basis_entry, "changed", G_CALLBACK (on_form_changed_cb), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_form_response_cb), f);
  on_form_changed_cb (f->name_entry, ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (f->date_entry != NULL ? f->date_entry : f->name_entry));
}

static void
add_day_off_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  open_form (MC_HOLIDAYS_PAGE (widget), MC_CALENDAR_EDIT_ADD_DAY_OFF, NULL);
}

static void
add_workday_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  open_form (MC_HOLIDAYS_PAGE (widget), MC_CALENDAR_EDIT_ADD_WORKDAY, NULL);
}

static void
remove_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  GDate date;

  if (!mc_holidays_parse_date (g_variant_get_string (param, NULL), &date))
    return;
  open_form (MC_HOLIDAYS_PAGE (widget), MC_CALENDAR_EDIT_REMOVE_DAY_OFF, &date);
}

static void
mc_holidays_page_dispose (GObject *object)
{
  McHolidaysPage *self = MC_HOLIDAYS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_HOLIDAYS_PAGE);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (mc_holidays_page_parent_class)->dispose (object);
}

static void
mc_holidays_page_finalize (GObject *object)
{
  McHolidaysPage *self = MC_HOLIDAYS_PAGE (object);

  g_clear_pointer (&self->year, mc_holiday_year_free);
  g_ptr_array_unref (self->rows);
  G_OBJECT_CLASS (mc_holidays_page_parent_class)->finalize (object);
}

static void
mc_holidays_page_class_init (McHolidaysPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_holidays_page_dispose;
  object_class->finalize = mc_holidays_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-holidays-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McHolidaysPage, year_spin);
  gtk_widget_class_bind_template_child (widget_class, McHolidaysPage, days_group);
  gtk_widget_class_bind_template_child (widget_class, McHolidaysPage, edits_group);
  gtk_widget_class_bind_template_child (widget_class, McHolidaysPage, clerk_hint_label);
  gtk_widget_class_bind_template_callback (widget_class, on_year_changed_cb);

  gtk_widget_class_install_action (widget_class, "holidays.add-day-off", NULL, add_day_off_action);
  gtk_widget_class_install_action (widget_class, "holidays.add-workday", NULL, add_workday_action);
  gtk_widget_class_install_action (widget_class, "holidays.remove", "s", remove_action);
}

static void
mc_holidays_page_init (McHolidaysPage *self)
{
  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  gtk_spin_button_set_value (self->year_spin, g_date_time_get_year (now));
}

GtkWidget *
mc_holidays_page_new (McContext *context)
{
  McHolidaysPage *self = g_object_new (MC_TYPE_HOLIDAYS_PAGE, NULL);

  g_return_val_if_fail (MC_IS_CONTEXT (context), NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (context, "clerk-changed", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  /* A sync brought other data, or another program recorded an edit. */
  g_signal_connect_object (context, "calendar-changed", G_CALLBACK (load), self, G_CONNECT_SWAPPED);
  load (self);
  return GTK_WIDGET (self);
}

void
mc_holidays_page_set_year (McHolidaysPage *self,
                           int             year)
{
  g_return_if_fail (MC_IS_HOLIDAYS_PAGE (self));
  gtk_spin_button_set_value (self->year_spin, year);
}

gboolean
mc_holidays_page_is_loaded (McHolidaysPage *self)
{
  g_return_val_if_fail (MC_IS_HOLIDAYS_PAGE (self), FALSE);
  return self->loaded;
}
