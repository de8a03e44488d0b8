/* mc-dossier-actions.c — the desk's decisions on the dossier shown:
 * supplement, refusal, new date, stop; each recorded with the clerk's
 * reason and printed on its form */
#define G_LOG_DOMAIN "motcua-dossiers"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mc-details-dialog.h"
#include "mc-dossier-actions.h"
#include "mc-dossier-row.h"
#include "mc-print.h"

#define DIALOG_KEY "mc-action-dialog"   /* on the details: the dialog open, if any */

static const struct
{
  const char   *action_name;
  McDeskAction  action;
  McFormKind    form;
} desk_actions[] = {
  { "details.supplement", MC_DESK_ACTION_SUPPLEMENT, MC_FORM_SUPPLEMENT },
  { "details.refuse",     MC_DESK_ACTION_REFUSE,     MC_FORM_REFUSAL },
  { "details.new-date",   MC_DESK_ACTION_NEW_DATE,   MC_FORM_APOLOGY },
  { "details.stop",       MC_DESK_ACTION_STOP,       MC_FORM_STOP_NOTICE },
};

typedef struct
{
  McDetailsDialog   base;
  char             *due_date;       /* YYYY-MM-DD, nullable: as last read */
  McDeskAction      action;
  const McFormInfo *form;           /* nullable: no such form in the rules of the receipt date */

  AdwEntryRow      *date_row;       /* NULL but for a new date */
  AdwEntryRow      *reason_row;
  gboolean          print;          /* "Save and Print" */
} ActionDialog;

static void
action_dialog_clear (ActionDialog *ad)
{
  g_free (ad->due_date);
}

/* The store's rule, the same for the four decisions. */
static gboolean
is_open (McDossier *dossier)
{
  return dossier != NULL && mc_desk_action_check (MC_DESK_ACTION_SUPPLEMENT, dossier, NULL);
}

/* The form @kind in the rules in force when @dossier was received. */
static const McFormInfo *
find_form (McDossier  *dossier,
           McFormKind  kind)
{
  guint n_forms = 0;
  const McFormInfo *forms = mc_forms_list (mc_dossier_get_received_at (dossier), &n_forms);

  for (guint i = 0; i < n_forms; i++)
    if (forms[i].kind == kind)
      return &forms[i];
  return NULL;
}

/* "30/11/2026" (or "30-11-2026", "30.11.2026") → "2026-11-30"; NULL if not a date. */
static char *
parse_typed_date (const char *text)
{
  unsigned int d, m, y;
  char sep1, sep2, tail;

  if (sscanf (text, "%2u%c%2u%c%4u%c", &d, &sep1, &m, &sep2, &y, &tail) != 5 ||
      sep1 != sep2 || strchr ("/-.", sep1) == NULL || y < 1000 || !g_date_valid_dmy (d, m, y))
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", y, m, d);
}

/* The new date typed, checked (NULL and @error set if wrong, NULL and no
 * error while nothing is typed). */
static char *
typed_new_date (ActionDialog  *ad,
                GError       **error)
{
  g_autofree char *text = mc_details_dialog_row_text (ad->date_row);
  g_autofree char *date = NULL;
  g_autofree char *due = NULL;

  if (text == NULL)
    return NULL;
  date = parse_typed_date (text);
  if (date == NULL)
    {
      g_set_error_literal (error, MC_VALIDATE_ERROR, MC_VALIDATE_ERROR_FORMAT,
                           _("New appointment date: write it as dd/mm/yyyy, e.g. 30/11/2026"));
      return NULL;
    }
  if (ad->due_date != NULL && strcmp (date, ad->due_date) <= 0)
    {
      due = mc_dossier_row_format_date (ad->due_date);
      g_set_error (error, MC_VALIDATE_ERROR, MC_VALIDATE_ERROR_RANGE,
                   _("New appointment date: it must be after the current one (%s)"), due);
      return NULL;
    }
  return g_steal_pointer (&date);
}

/* Save is possible once there is a reason (and, for a new date, a good date). */
static void
on_form_changed_cb (ActionDialog *ad)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = mc_details_dialog_row_text (ad->reason_row);
  g_autofree char *date = NULL;
  gboolean ok = reason != NULL && mc_details_dialog_can_save (&ad->base);

  if (ad->reason_row == NULL)
    return;   /* still being made */

  if (ad->date_row != NULL)
    {
      date = typed_new_date (ad, &error);
      ok = ok && date != NULL;
      if (error != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (ad->date_row), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (ad->date_row), "error");
    }
  mc_details_dialog_show_error (&ad->base, error != NULL ? error->message : NULL);
  adw_message_dialog_set_response_enabled (ad->base.dialog, "save", ok);
  if (ad->form != NULL)
    adw_message_dialog_set_response_enabled (ad->base.dialog, "save-print", ok);
}

static const char *
recorded_message (McDeskAction action)
{
  switch (action)
    {
    case MC_DESK_ACTION_SUPPLEMENT:
      return _("Supplement request recorded");
    case MC_DESK_ACTION_REFUSE:
      return _("Refusal recorded");
    case MC_DESK_ACTION_NEW_DATE:
      return _("New appointment date recorded");
    case MC_DESK_ACTION_STOP:
    default:
      return _("Stop of processing recorded");
    }
}

static void
toast_print_cb (AdwToast         *toast,
                McDossierDetails *details)
{
  McContext *context = mc_dossier_details_get_context (details);
  const char *uuid = g_object_get_data (G_OBJECT (toast), "mc-uuid");

  if (context != NULL && uuid != NULL)
    mc_print_form (GTK_WIDGET (details), context,
                   (McFormKind) GPOINTER_TO_INT (g_object_get_data (G_OBJECT (toast), "mc-form-kind")), uuid, FALSE);
}

/* "…recorded"; with a button to print the form when it was not printed yet. */
static void
toast_recorded (ActionDialog *ad,
                gboolean      offer_print)
{
  AdwToast *toast = adw_toast_new (recorded_message (ad->action));
  if (offer_print)
    {
      adw_toast_set_button_label (toast, _("_Print Form"));
      g_object_set_data_full (G_OBJECT (toast), "mc-uuid", g_strdup (ad->base.uuid), g_free);
      g_object_set_data (G_OBJECT (toast), "mc-form-kind", GINT_TO_POINTER (ad->form->kind));
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (toast_print_cb), ad->base.details, 0);
    }
  mc_details_dialog_toast (ad->base.details, toast);
}

static void
record_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AdwMessageDialog) dialog = user_data;
  /* Lives as long as the dialog, which this holds. */
  ActionDialog *ad = mc_details_dialog_get (dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (mc_context_record_action_finish (MC_CONTEXT (source), result, &error))
    {
      /* The details reload by themselves on "dossiers-changed". */
      if (ad->base.details != NULL)
        {
          toast_recorded (ad, !ad->print && ad->form != NULL);
          if (ad->print && ad->form != NULL)
            mc_print_form (GTK_WIDGET (ad->base.details), ad->base.context, ad->form->kind, ad->base.uuid,
                           FALSE);
        }
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    text = g_strdup_printf (_("The decision could not be saved: %s"), error->message);
  mc_details_dialog_end_save (&ad->base, error, text);
}

static void
on_response_cb (AdwMessageDialog *dialog,
                const char       *response,
                ActionDialog     *ad)
{
  g_autofree char *reason = NULL;
  g_autofree char *date = NULL;
  GCancellable *cancellable;

  if (ad->base.saving)
    return;
  if (g_strcmp0 (response, "save") != 0 && g_strcmp0 (response, "save-print") != 0)
    {
      mc_details_dialog_dismiss (&ad->base);
      return;
    }

  reason = mc_details_dialog_row_text (ad->reason_row);
  date = ad->date_row != NULL ? typed_new_date (ad, NULL) : NULL;
  g_return_if_fail (reason != NULL && (ad->date_row == NULL || date != NULL));

  ad->print = g_strcmp0 (response, "save-print") == 0;
  cancellable = mc_details_dialog_begin_save (&ad->base);
  mc_context_record_action_async (ad->base.context, ad->base.uuid, ad->action, reason, date, cancellable,
                                  record_cb, g_object_ref (dialog));
}

/* What the decision does, and which form the citizen gets. */
static char *
describe (McDossier        *dossier,
          McDeskAction      action,
          const McFormInfo *form)
{
  const char *code = mc_dossier_get_code (dossier);
  g_autofree char *due = mc_dossier_row_format_date (mc_dossier_get_due_date (dossier));
  g_autofree char *what = NULL;
  g_autofree char *printed = NULL;

  switch (action)
    {
    case MC_DESK_ACTION_SUPPLEMENT:
      what = g_strdup_printf (_("Dossier %s waits for the papers the citizen must add or complete; "
                                "say which, and why."), code);
      break;
    case MC_DESK_ACTION_REFUSE:
      what = g_strdup_printf (_("Dossier %s is refused and closed: nothing more can be decided about it "
                                "afterwards."), code);
      break;
    case MC_DESK_ACTION_NEW_DATE:
      what = g_strdup_printf (_("The desk apologises for the delay and gives a new date for the result of "
                                "dossier %s, after the current one (%s)."), code, due != NULL ? due : _("—"));
      break;
    case MC_DESK_ACTION_STOP:
    default:
      what = g_strdup_printf (_("The processing of dossier %s stops; the stop is recorded in its history."), code);
      break;
    }
  if (form != NULL)
    /* TRANSLATORS: the form's number and its Vietnamese title, e.g. "Form 02, “Phiếu yêu cầu bổ sung…”" */
    printed = g_strdup_printf (_("The reason is printed for the citizen on Form %s, “%s”."), form->number,
                               form->title);
  else
    printed = g_strdup (_("No form is printed for it under the rules in force when the dossier was received."));
  /* TRANSLATORS: the dialog's text: what the decision does, then which form is printed */
  return g_strdup_printf (_("%s %s"), what, printed);
}

static const char *
heading (McDeskAction action)
{
  switch (action)
    {
    case MC_DESK_ACTION_SUPPLEMENT:
      return _("Request a Supplement");
    case MC_DESK_ACTION_REFUSE:
      return _("Refuse the Dossier");
    case MC_DESK_ACTION_NEW_DATE:
      return _("Give a New Date");
    case MC_DESK_ACTION_STOP:
    default:
      return _("Stop Processing");
    }
}

/* The dossier as read again: its current due date (checked against and
 * shown in the text). */
static void
on_dossier_refreshed_cb (ActionDialog *ad,
                         McDossier    *dossier)
{
  g_autofree char *body = describe (dossier, ad->action, ad->form);

  g_free (ad->due_date);
  ad->due_date = g_strdup (mc_dossier_get_due_date (dossier));
  adw_message_dialog_set_body (ad->base.dialog, body);
}

static ActionDialog *
new_dialog (McDossierDetails *self,
            McDossier        *dossier,
            guint             index)
{
  McDeskAction action = desk_actions[index].action;
  const McFormInfo *form = find_form (dossier, desk_actions[index].form);
  g_autofree char *body = describe (dossier, action, form);
  ActionDialog *ad = mc_details_dialog_new (sizeof (ActionDialog), action, G_CALLBACK (on_form_changed_cb),
                                            G_CALLBACK (on_dossier_refreshed_cb),
                                            (GDestroyNotify) action_dialog_clear, self, dossier, DIALOG_KEY,
                                            heading (action), body);
  AdwMessageDialog *dialog = ad->base.dialog;
  AdwResponseAppearance appearance = action == MC_DESK_ACTION_REFUSE || action == MC_DESK_ACTION_STOP
                                   ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED;

  ad->due_date = g_strdup (mc_dossier_get_due_date (dossier));
  ad->action = action;
  ad->form = form;

  adw_message_dialog_add_response (dialog, "save", _("_Save"));
  if (ad->form != NULL)
    {
      adw_message_dialog_add_response (dialog, "save-print", _("Save and _Print"));
      adw_message_dialog_set_response_appearance (dialog, "save-print", appearance);
      adw_message_dialog_set_default_response (dialog, "save-print");
    }
  else
    {
      adw_message_dialog_set_response_appearance (dialog, "save", appearance);
      adw_message_dialog_set_default_response (dialog, "save");
    }
  g_signal_connect (dialog, "response", G_CALLBACK (on_response_cb), ad);

  if (action == MC_DESK_ACTION_NEW_DATE)
    ad->date_row = mc_details_dialog_add_row (&ad->base, _("New _date for the result (dd/mm/yyyy)"), NULL);
  ad->reason_row = mc_details_dialog_add_row (&ad->base, action == MC_DESK_ACTION_SUPPLEMENT
                                                         ? _("_What is missing, and why (required)")
                                                         : _("_Reason (required; printed on the form)"),
                                              NULL);
  return ad;
}

static void
desk_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  McDossierDetails *self = MC_DOSSIER_DETAILS (widget);
  McDossier *dossier = mc_dossier_details_get_dossier (self);
  ActionDialog *ad;
  guint index = 0;

  (void) param;
  /* One decision at a time. */
  if (mc_details_dialog_raise (self, DIALOG_KEY))
    return;
  if (!is_open (dossier) || mc_dossier_details_get_context (self) == NULL)
    return;
  while (index < G_N_ELEMENTS (desk_actions) - 1 && g_strcmp0 (desk_actions[index].action_name, action_name) != 0)
    index++;

  ad = new_dialog (self, dossier, index);
  mc_details_dialog_open (&ad->base, GTK_WIDGET (ad->date_row != NULL ? ad->date_row : ad->reason_row));
}

static void
on_dossier_notify_cb (McDossierDetails *self)
{
  gboolean enabled = is_open (mc_dossier_details_get_dossier (self));
  GObject *button = gtk_widget_get_template_child (GTK_WIDGET (self), MC_TYPE_DOSSIER_DETAILS, "actions_button");

  for (guint i = 0; i < G_N_ELEMENTS (desk_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), desk_actions[i].action_name, enabled);
  if (button != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (button), enabled);
}

void
mc_dossier_actions_class_init (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (desk_actions); i++)
    gtk_widget_class_install_action (widget_class, desk_actions[i].action_name, NULL, desk_action);
  /* Reached with gtk_widget_get_template_child(), not from the details' struct. */
  gtk_widget_class_bind_template_child_full (widget_class, "actions_button", FALSE, 0);
}

void
mc_dossier_actions_init (McDossierDetails *self)
{
  g_signal_connect (self, "notify::dossier", G_CALLBACK (on_dossier_notify_cb), NULL);
  on_dossier_notify_cb (self);
}

void
mc_dossier_actions_dispose (McDossierDetails *self)
{
  mc_details_dialog_destroy_open (self, DIALOG_KEY);
}
