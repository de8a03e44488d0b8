/* mc-dossier-correct.c — correcting a dossier's applicant details
 *
 * The "Correct…" dialog of McDossierDetails (action details.correct):
 * builds the corrected dossier, checks it with the core's messages and
 * saves it with the clerk's reason; the correction shows up in the history.
 */
#define G_LOG_DOMAIN "motcua-dossiers"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mc-dossier-details-private.h"
#include "mc-dossier-row.h"

/* Correcting */

static void
toast (McDossierDetails *self,
       const char       *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

/* A copy to correct: the store replaces papers and attachments with the
 * dossier's own, so they must come along. */
static McDossier *
copy_dossier (McDossier *d)
{
  McDossier *copy = mc_dossier_new ();
  GPtrArray *papers = mc_dossier_get_papers (d);
  GPtrArray *attachments = mc_dossier_get_attachments (d);

  mc_dossier_set_uuid (copy, mc_dossier_get_uuid (d));
  mc_dossier_set_row_id (copy, mc_dossier_get_row_id (d));
  mc_dossier_set_code (copy, mc_dossier_get_code (d));
  mc_dossier_set_state (copy, mc_dossier_get_state (d));
  mc_dossier_set_procedure (copy, mc_dossier_get_procedure_code (d), mc_dossier_get_procedure_name (d),
                            mc_dossier_get_processing_days (d));
  mc_dossier_set_applicant_name (copy, mc_dossier_get_applicant_name (d));
  mc_dossier_set_id (copy, mc_dossier_get_id_kind (d), mc_dossier_get_id_number (d));
  mc_dossier_set_date_of_birth (copy, mc_dossier_get_date_of_birth (d));
  mc_dossier_set_phone (copy, mc_dossier_get_phone (d));
  mc_dossier_set_address (copy, mc_dossier_get_address (d));
  mc_dossier_set_email (copy, mc_dossier_get_email (d));
  mc_dossier_set_received_at (copy, mc_dossier_get_received_at (d));
  mc_dossier_set_backdate_reason (copy, mc_dossier_get_backdate_reason (d));
  mc_dossier_set_due_date (copy, mc_dossier_get_due_date (d));
  mc_dossier_set_notes (copy, mc_dossier_get_notes (d));
  mc_dossier_set_sets (copy, mc_dossier_get_sets (d));
  for (guint i = 0; i < papers->len; i++)
    {
      McPaper *p = g_ptr_array_index (papers, i);
      mc_dossier_add_paper (copy, mc_paper_new (p->name, p->form, p->copies));
    }
  for (guint i = 0; i < attachments->len; i++)
    mc_dossier_add_attachment (copy, mc_attachment_copy (g_ptr_array_index (attachments, i)));
  /* Fees are what the receipt printed: a correction keeps them. */
  mc_dossier_set_fees (copy, mc_dossier_get_fees (d));
  return copy;
}

/* The text of @row, normalised; NULL when empty. */
static char *
row_text (AdwEntryRow *row)
{
  char *text = mc_text_normalize (gtk_editable_get_text (GTK_EDITABLE (row)));

  if (text != NULL && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/* "02/03/1985" (or "2/3/1985", "02-03-1985", "02.03.1985") → "1985-03-02". */
static char *
parse_typed_date (const char *text)
{
  unsigned int d, m, y;
  char sep1, sep2, tail;

  if (sscanf (text, "%2u%c%2u%c%4u%c", &d, &sep1, &m, &sep2, &y, &tail) != 5 ||
      sep1 != sep2 || strchr ("/-.", sep1) == NULL || y < 1000)
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", y, m, d);
}

/* Checks the form with the core's messages and builds the corrected
 * dossier; the first invalid row is marked. */
static McDossier *
build_corrected (McDossierDetails  *self,
                 GError           **error)
{
  g_autoptr(McDossier) d = copy_dossier (self->corrected_from);
  g_autofree char *name = row_text (self->name_row);
  g_autofree char *number = row_text (self->id_number_row);
  g_autofree char *dob_text = row_text (self->dob_row);
  g_autofree char *phone = row_text (self->phone_row);
  g_autofree char *address = row_text (self->address_row);
  g_autofree char *email = row_text (self->email_row);
  g_autofree char *notes = row_text (self->notes_row);
  g_autofree char *dob = NULL;
  g_autofree char *id_normalized = NULL;
  g_autofree char *phone_normalized = NULL;
  McIdKind kind = (McIdKind) adw_combo_row_get_selected (self->id_kind_row);
  AdwEntryRow *rows[] = { self->name_row, self->id_number_row, self->dob_row, self->phone_row, self->address_row,
                          self->email_row, self->notes_row };
  AdwEntryRow *bad = NULL;
  GDate today, dob_date;

  mc_dossier_row_get_today (&today);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (rows[i]), "error");

  if (!mc_validate_full_name (name != NULL ? name : "", error))
    bad = self->name_row;
  else if (dob_text != NULL && (dob = parse_typed_date (dob_text)) == NULL)
    {
      g_set_error (error, MC_VALIDATE_ERROR, MC_VALIDATE_ERROR_FORMAT,
                   _("Date of birth: write it as dd/mm/yyyy, e.g. 02/03/1985"));
      bad = self->dob_row;
    }
  else if (dob != NULL && !mc_validate_date_of_birth (dob, &today, &dob_date, error))
    bad = self->dob_row;
  else if (!mc_validate_id_number (kind, number != NULL ? number : "", dob != NULL ? &dob_date : NULL,
                                   &id_normalized, error))
    bad = self->id_number_row;
  else if (phone != NULL && !mc_validate_phone (phone, &phone_normalized, error))
    bad = self->phone_row;
  else if (email != NULL && !mc_validate_email (email, error))
    bad = self->email_row;
  /* The same limits as at intake: an address is required. */
  else if (address == NULL || g_utf8_strlen (address, -1) > 300)
    {
      g_set_error_literal (error, MC_VALIDATE_ERROR, MC_VALIDATE_ERROR_REQUIRED,
                           address == NULL ? _("Address: it is required") : _("Address: it is too long; shorten it"));
      bad = self->address_row;
    }
  else if (notes != NULL && g_utf8_strlen (notes, -1) > 2000)
    {
      g_set_error_literal (error, MC_VALIDATE_ERROR, MC_VALIDATE_ERROR_RANGE, _("Notes: they are too long; shorten them"));
      bad = self->notes_row;
    }

  if (bad != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (bad), "error");
      return NULL;
    }

  mc_dossier_set_applicant_name (d, name);
  mc_dossier_set_id (d, kind, id_normalized);
  mc_dossier_set_date_of_birth (d, dob);
  mc_dossier_set_phone (d, phone_normalized);
  mc_dossier_set_address (d, address);
  mc_dossier_set_email (d, email);
  mc_dossier_set_notes (d, notes);
  return g_steal_pointer (&d);
}

static gboolean
differs (McDossier *a,
         McDossier *b)
{
  return g_strcmp0 (mc_dossier_get_applicant_name (a), mc_dossier_get_applicant_name (b)) != 0 ||
         mc_dossier_get_id_kind (a) != mc_dossier_get_id_kind (b) ||
         g_strcmp0 (mc_dossier_get_id_number (a), mc_dossier_get_id_number (b)) != 0 ||
         g_strcmp0 (mc_dossier_get_date_of_birth (a), mc_dossier_get_date_of_birth (b)) != 0 ||
         g_strcmp0 (mc_dossier_get_phone (a), mc_dossier_get_phone (b)) != 0 ||
         g_strcmp0 (mc_dossier_get_address (a), mc_dossier_get_address (b)) != 0 ||
         g_strcmp0 (mc_dossier_get_email (a), mc_dossier_get_email (b)) != 0 ||
         g_strcmp0 (mc_dossier_get_notes (a), mc_dossier_get_notes (b)) != 0;
}

static void
show_form_error (McDossierDetails *self,
                 const char       *message)
{
  gtk_label_set_label (self->correct_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->correct_error_label), message != NULL);
}

/* Save is possible once the form is valid, changes something and says why. */
static void
on_form_changed_cb (McDossierDetails *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDossier) corrected = NULL;
  g_autofree char *reason = NULL;

  if (self->corrected_from == NULL)
    return;
  corrected = build_corrected (self, &error);
  reason = row_text (self->reason_row);
  show_form_error (self, error != NULL ? error->message : NULL);
  adw_message_dialog_set_response_enabled (self->correct_dialog, "save",
                                           corrected != NULL && reason != NULL &&
                                           differs (corrected, self->corrected_from));
}

static void
update_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(McDossierDetails) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (mc_context_update_finish (MC_CONTEXT (source), result, &error))
    {
      g_clear_object (&self->corrected_from);
      toast (self, _("Correction saved and recorded in the history"));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The dialog only hid: bring it back with what was typed, and say why. */
  text = g_strdup_printf (_("The correction could not be saved: %s"), error->message);
  show_form_error (self, text);
  gtk_window_present (GTK_WINDOW (self->correct_dialog));
}

static void
on_correct_response_cb (McDossierDetails *self,
                        const char       *response)
{
  g_autoptr(McDossier) corrected = NULL;
  g_autofree char *reason = NULL;

  if (g_strcmp0 (response, "save") != 0 || self->corrected_from == NULL || self->context == NULL)
    {
      g_clear_object (&self->corrected_from);
      return;
    }
  corrected = build_corrected (self, NULL);
  reason = row_text (self->reason_row);
  g_return_if_fail (corrected != NULL && reason != NULL);

  g_cancellable_cancel (self->update_cancellable);
  g_clear_object (&self->update_cancellable);
  self->update_cancellable = g_cancellable_new ();
  mc_context_update_async (self->context, corrected, reason, self->update_cancellable, update_cb,
                           g_object_ref (self));
}

/* The dialog's row for a protocol field path the server named, or NULL. */
static GtkWidget *
field_row (McDossierDetails *self,
           const char       *path)
{
  static const struct { const char *path; gsize offset; } rows[] = {
    { "applicant.full_name", G_STRUCT_OFFSET (McDossierDetails, name_row) },
    { "applicant.id_kind", G_STRUCT_OFFSET (McDossierDetails, id_kind_row) },
    { "applicant.id_number", G_STRUCT_OFFSET (McDossierDetails, id_number_row) },
    { "applicant.date_of_birth", G_STRUCT_OFFSET (McDossierDetails, dob_row) },
    { "applicant.phone", G_STRUCT_OFFSET (McDossierDetails, phone_row) },
    { "applicant.address", G_STRUCT_OFFSET (McDossierDetails, address_row) },
    { "applicant.email", G_STRUCT_OFFSET (McDossierDetails, email_row) },
    { "notes", G_STRUCT_OFFSET (McDossierDetails, notes_row) },
  };

  if (path == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (g_strcmp0 (rows[i].path, path) == 0)
      return G_STRUCT_MEMBER (GtkWidget *, self, rows[i].offset);
  return NULL;
}

static void
correct_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  McDossierDetails *self = MC_DOSSIER_DETAILS (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  McDossier *d = self->dossier;
  g_autofree char *dob = NULL;
  /* details.correct-field: the field the server's message is about. */
  GtkWidget *focus = field_row (self, param != NULL ? g_variant_get_string (param, NULL) : NULL);

  if (d == NULL || self->context == NULL)
    return;

  /* Still open, or a save under way: that correction, as typed. */
  if (self->corrected_from == NULL)
    {
      self->corrected_from = g_object_ref (d);
      dob = mc_dossier_row_format_date (mc_dossier_get_date_of_birth (d));
      adw_message_dialog_format_body (self->correct_dialog,
                                      _("Dossier %s. The correction is recorded in the history with your name "
                                        "and the time; the procedure, code and dates stay as on the receipt."),
                                      mc_dossier_get_code (d));
      set_row_text (self->name_row, mc_dossier_get_applicant_name (d));
      adw_combo_row_set_selected (self->id_kind_row, mc_dossier_get_id_kind (d));
      set_row_text (self->id_number_row, mc_dossier_get_id_number (d));
      set_row_text (self->dob_row, dob);
      set_row_text (self->phone_row, mc_dossier_get_phone (d));
      set_row_text (self->address_row, mc_dossier_get_address (d));
      set_row_text (self->email_row, mc_dossier_get_email (d));
      set_row_text (self->notes_row, mc_dossier_get_notes (d));
      set_row_text (self->reason_row, NULL);
      on_form_changed_cb (self);
    }

  gtk_window_set_transient_for (GTK_WINDOW (self->correct_dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_present (GTK_WINDOW (self->correct_dialog));
  gtk_widget_grab_focus (focus != NULL ? focus : GTK_WIDGET (self->name_row));
}

void
_mc_dossier_details_class_correct_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, correct_dialog);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, name_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, id_kind_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, id_number_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, dob_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, phone_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, address_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, email_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, notes_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, reason_row);
  gtk_widget_class_bind_template_child (widget_class, McDossierDetails, correct_error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_correct_response_cb);

  gtk_widget_class_install_action (widget_class, "details.correct", NULL, correct_action);
  gtk_widget_class_install_action (widget_class, "details.correct-field", "s", correct_action);
}

void
_mc_dossier_details_correct_init (McDossierDetails *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  for (McIdKind k = MC_ID_KIND_CCCD; k <= MC_ID_KIND_PASSPORT; k++)
    gtk_string_list_append (kinds, mc_id_kind_get_label (k));
  adw_combo_row_set_model (self->id_kind_row, G_LIST_MODEL (kinds));
}
