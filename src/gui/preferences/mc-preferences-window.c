/* mc-preferences-window.c — the unit's name and code, this PC's station,
 * the receiving clerk (the default; the main menu switches for a session)
 *
 * Changing the agency code or the station number changes the codes this PC
 * issues from now on, so it is confirmed first: two PCs of one unit on the
 * same station would issue the same codes.
 */
#define G_LOG_DOMAIN "motcua-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-preferences-window.h"
#include "mc-holidays-page.h"
#include "mc-sync-preferences-page.h"

struct _McPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *agency_name_row;
  AdwEntryRow          *agency_code_row;
  AdwEntryRow          *clerk_row;
  AdwActionRow         *station_row;
  GtkSpinButton        *station_spin;
  GtkLabel             *error_label;

  McContext            *context;
  /* What the store holds, as the fields were last filled from it. */
  char                 *saved_name;
  char                 *saved_code;
  char                 *saved_clerk;
  guint                 saved_station;
  gboolean              has_saved;

  gboolean              busy;
  gboolean              pending_station;  /* the station follows the clerk */
  gboolean              disposed;
};

G_DEFINE_FINAL_TYPE (McPreferencesWindow, mc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The form as typed, trimmed. */
typedef struct
{
  char  *name;
  char  *code;
  char  *clerk;
  guint  station;
} Fields;

static void
fields_clear (Fields *f)
{
  g_clear_pointer (&f->name, g_free);
  g_clear_pointer (&f->code, g_free);
  g_clear_pointer (&f->clerk, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Fields, fields_clear)

typedef struct
{
  gboolean  changed;           /* differs from what is saved */
  gboolean  station_changed;   /* the unit or the station differs */
  gboolean  clerk_changed;     /* the default clerk differs */
  gboolean  clerk_invalid;
  gboolean  identity_changed;  /* the codes issued from now on change */
  gboolean  code_invalid;
  char     *problem;           /* nullable: what to put right */
} FormState;

static void
form_state_clear (FormState *s)
{
  g_clear_pointer (&s->problem, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FormState, form_state_clear)

/* Pure: compares @f with the saved identity (@has_saved FALSE: none yet). */
static void
compute_state (const Fields *f,
               gboolean      has_saved,
               const char   *saved_name,
               const char   *saved_code,
               guint         saved_station,
               const char   *saved_clerk,
               FormState    *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) clerk_error = NULL;
  g_autofree char *clerk = *f->clerk != '\0' ? mc_clerk_name_normalize (f->clerk, &clerk_error) : NULL;

  out->station_changed = !has_saved ||
                         g_strcmp0 (f->name, saved_name) != 0 ||
                         g_strcmp0 (f->code, saved_code) != 0 ||
                         f->station != saved_station;
  out->clerk_invalid = clerk_error != NULL;
  out->clerk_changed = clerk_error != NULL || g_strcmp0 (clerk, saved_clerk) != 0;
  out->changed = out->station_changed || out->clerk_changed;
  out->identity_changed = has_saved &&
                          (g_strcmp0 (f->code, saved_code) != 0 || f->station != saved_station);
  out->code_invalid = !mc_codes_validate_agency (f->code, &error);

  if (out->code_invalid)
    out->problem = g_strdup (error->message);
  else if (*f->name == '\0')
    out->problem = g_strdup (_("Unit name: it is required (e.g. UBND xã Tân Lập)"));
  else if (!mc_codes_validate_station (f->station, &error))
    out->problem = g_strdup (error->message);
  else if (clerk_error != NULL)
    out->problem = g_strdup (clerk_error->message);
}

static void
read_fields (McPreferencesWindow *self,
             Fields              *f)
{
  f->name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->agency_name_row))));
  f->code = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->agency_code_row))));
  f->clerk = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->clerk_row))));
  f->station = (guint) gtk_spin_button_get_value_as_int (self->station_spin);
}

static void
read_state (McPreferencesWindow *self,
            Fields              *f,
            FormState           *s)
{
  read_fields (self, f);
  compute_state (f, self->has_saved, self->saved_name, self->saved_code, self->saved_station,
                 self->saved_clerk, s);
}

static void
update_station_subtitle (McPreferencesWindow *self,
                         guint                station)
{
  g_autofree char *subtitle = NULL;
  guint first, last;

  if (station < MC_CODES_MIN_STATION || station > MC_CODES_MAX_STATION)
    return;
  mc_codes_station_range (station, &first, &last);
  /* Translators: the range of dossier codes this PC issues each day. */
  subtitle = g_strdup_printf (_("Each PC of the unit needs its own number. This one will issue codes …-%04u to …-%04u each day."),
                              first, last);
  adw_action_row_set_subtitle (self->station_row, subtitle);
}

static void
show_error (McPreferencesWindow *self,
            const char          *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_state (McPreferencesWindow *self)
{
  g_auto(Fields) f = { 0 };
  g_auto(FormState) s = { 0 };

  read_state (self, &f, &s);
  update_station_subtitle (self, f.station);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.apply",
                                 self->context != NULL && !self->busy && s.changed && s.problem == NULL);

  /* Say what is wrong only once the clerk has changed something. */
  if (s.code_invalid && s.changed)
    gtk_widget_add_css_class (GTK_WIDGET (self->agency_code_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->agency_code_row), "error");
  if (s.clerk_invalid)
    gtk_widget_add_css_class (GTK_WIDGET (self->clerk_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->clerk_row), "error");
  show_error (self, s.changed ? s.problem : NULL);
}

static void
fill_fields (McPreferencesWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->agency_name_row), self->saved_name != NULL ? self->saved_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->agency_code_row), self->saved_code != NULL ? self->saved_code : "");
  gtk_editable_set_text (GTK_EDITABLE (self->clerk_row), self->saved_clerk != NULL ? self->saved_clerk : "");
  gtk_spin_button_set_value (self->station_spin, self->has_saved ? self->saved_station : MC_CODES_MIN_STATION);
}

static void
take_saved (McPreferencesWindow *self)
{
  const McStation *station = self->context != NULL ? mc_context_get_station (self->context) : NULL;

  g_clear_pointer (&self->saved_name, g_free);
  g_clear_pointer (&self->saved_code, g_free);
  g_clear_pointer (&self->saved_clerk, g_free);
  if (self->context != NULL)
    self->saved_clerk = g_strdup (mc_context_get_default_clerk (self->context));
  self->has_saved = station != NULL;
  self->saved_station = station != NULL ? station->station : 0;
  if (station != NULL)
    {
      self->saved_name = g_strdup (station->agency_name);
      self->saved_code = g_strdup (station->agency_code);
    }
}

static void
on_station_changed_cb (McPreferencesWindow *self)
{
  g_auto(Fields) f = { 0 };
  g_auto(FormState) s = { 0 };

  /* Keep what the clerk is typing; refill only an untouched form. */
  read_state (self, &f, &s);
  take_saved (self);
  if (!s.changed)
    fill_fields (self);
  update_state (self);
}

static void
on_field_changed_cb (McPreferencesWindow *self)
{
  update_state (self);
}

static void
set_station_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(McPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gboolean ok;

  /* Finished even when the window is gone, so the context's copy of the
   * station stays in step with the store. */
  ok = mc_context_set_station_finish (MC_CONTEXT (source), result, &error);
  if (self->disposed)
    return;

  self->busy = FALSE;
  if (!ok)
    {
      update_state (self);
      show_error (self, error->message);
      return;
    }

  take_saved (self);
  update_state (self);
  /* Translators: after saving the unit's code and this PC's station, e.g. "Saved: unit 000.00.12.H29, station 3" */
  title = g_strdup_printf (_("Saved: unit %s, this PC is station %u"), self->saved_code, self->saved_station);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (title));
}

static void
save_station (McPreferencesWindow *self)
{
  g_auto(Fields) f = { 0 };

  read_fields (self, &f);
  /* No cancellable on purpose: a station change is a short write that
   * must reach mc_context_set_station_finish() once it is under way. */
  mc_context_set_station_async (self->context, f.code, f.name, f.station,
                                NULL, set_station_cb, g_object_ref (self));
}

static void
set_clerk_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(McPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  gboolean ok = mc_context_set_clerk_finish (MC_CONTEXT (source), result, &error);

  if (self->disposed)
    return;
  if (!ok)
    {
      self->busy = FALSE;
      update_state (self);
      show_error (self, error->message);
      return;
    }
  if (self->pending_station)
    {
      save_station (self);
      return;
    }
  self->busy = FALSE;
  take_saved (self);
  update_state (self);
  /* Translators: after saving the receiving clerk's name in Preferences. */
  title = self->saved_clerk != NULL ? g_strdup_printf (_("Saved: %s receives at this desk"), self->saved_clerk)
                                    : g_strdup (_("Saved: no receiving clerk; the login name is recorded"));
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (title));
}

static void
save (McPreferencesWindow *self)
{
  g_auto(Fields) f = { 0 };
  g_auto(FormState) s = { 0 };

  read_state (self, &f, &s);
  self->busy = TRUE;
  self->pending_station = s.station_changed;
  update_state (self);
  /* The clerk first: a name refused leaves everything as it was. */
  if (s.clerk_changed)
    mc_context_set_default_clerk_async (self->context, f.clerk, NULL, set_clerk_cb, g_object_ref (self));
  else
    save_station (self);
}

static void
on_confirm_response_cb (AdwMessageDialog    *dialog,
                        const char          *response,
                        McPreferencesWindow *self)
{
  if (g_strcmp0 (response, "change") == 0 && !self->busy && !self->disposed)
    save (self);
}

static void
confirm_and_save (McPreferencesWindow *self,
                  const Fields        *f)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  guint first, last;

  g_autoptr(GTimeZone) tz = mc_core_vietnam_tz ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  mc_codes_station_range (f->station, &first, &last);
  /* Today's codes, as the citizen will read them: no "yymmdd" to decode. */
  from = mc_codes_format (f->code, now, first);
  to = mc_codes_format (f->code, now, last);
  /* Translators: the first and last dossier codes of today (e.g. 000.00.12.H29-261207-3000), then the station number. */
  body = g_strdup_printf (_("New dossiers will get codes such as %1$s to %2$s today. "
                            "Codes already issued keep their numbers; make sure no other PC of the unit uses station %3$u."),
                          from, to, f->station);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Change the Codes This PC Issues?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "change", _("C_hange"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
apply_action (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (widget);
  g_auto(Fields) f = { 0 };
  g_auto(FormState) s = { 0 };

  read_state (self, &f, &s);
  if (self->context == NULL || self->busy || !s.changed || s.problem != NULL)
    return;
  if (s.identity_changed)
    confirm_and_save (self, &f);
  else
    save (self);
}

static void
on_entry_activated_cb (McPreferencesWindow *self)
{
  g_auto(Fields) f = { 0 };
  g_auto(FormState) s = { 0 };

  /* Enter applies when there is something valid to apply, else moves on. */
  read_state (self, &f, &s);
  if (!self->busy && s.changed && s.problem == NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "prefs.apply", NULL);
  else
    gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

static void
on_spin_activated_cb (McPreferencesWindow *self)
{
  gtk_spin_button_update (self->station_spin);
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.apply", NULL);
}

static void
mc_preferences_window_dispose (GObject *object)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  self->disposed = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (mc_preferences_window_parent_class)->dispose (object);
}

static void
mc_preferences_window_finalize (GObject *object)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  g_free (self->saved_name);
  g_free (self->saved_code);
  g_free (self->saved_clerk);
  G_OBJECT_CLASS (mc_preferences_window_parent_class)->finalize (object);
}

static void
mc_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_preferences_window_constructed (GObject *object)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (mc_preferences_window_parent_class)->constructed (object);

  if (self->context != NULL)
    g_signal_connect_object (self->context, "station-changed",
                             G_CALLBACK (on_station_changed_cb), self, G_CONNECT_SWAPPED);
  take_saved (self);
  fill_fields (self);
  update_state (self);

  /* The province's server: a page of its own. */
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (mc_sync_preferences_page_new (self->context)));
  /* Days off announced late. */
  if (self->context != NULL)
    adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                                ADW_PREFERENCES_PAGE (mc_holidays_page_new (self->context)));
}

static void
mc_preferences_window_class_init (McPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_preferences_window_dispose;
  object_class->finalize = mc_preferences_window_finalize;
  object_class->get_property = mc_preferences_window_get_property;
  object_class->set_property = mc_preferences_window_set_property;
  object_class->constructed = mc_preferences_window_constructed;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, MC_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/motcua/Desk/mc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, agency_name_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, agency_code_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, clerk_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, station_row);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, station_spin);
  gtk_widget_class_bind_template_child (widget_class, McPreferencesWindow, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "prefs.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "prefs.apply", NULL);
}

static void
mc_preferences_window_init (McPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* GtkSpinButton has no "activate" of its own before GTK 4.14: Enter
   * reaches the GtkText inside it. */
  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (self->station_spin)), "activate",
                           G_CALLBACK (on_spin_activated_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
mc_preferences_window_new (GtkWindow *parent,
                           McContext *context)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (MC_IS_CONTEXT (context), NULL);

  return g_object_new (MC_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "context", context,
                       NULL);
}

void
mc_preferences_window_show_page (McPreferencesWindow *self,
                                 const char          *name)
{
  g_return_if_fail (MC_IS_PREFERENCES_WINDOW (self));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), name);
}
